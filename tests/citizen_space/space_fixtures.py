"""Signing in to the space in-process: the test client is the browser, the fake identity provider
answers over real HTTP, and the space is a partner site of the portal itself."""

import re

from tests.flow_fixtures import Citizen, shows_the_chooser

PORTAL = "http://127.0.0.1:8000"


def space_sign_in(client, citizen: Citizen, *, next_path: str = "", slug: str = "fake"):
    """« S'identifier avec FranceConnect » on the space's front page, through the whole flow;
    returns the portal's answer at the space's redirect URI (before following it)."""
    start = client.post("/mon-espace/connexion/", {"suivant": next_path} if next_path else {})
    assert start.status_code == 302 and start["Location"].startswith("/api/v2/authorize?"), start
    authorize = client.get(start["Location"])
    if authorize.status_code == 200 and not shows_the_chooser(authorize):  # under single sign-on
        citizen.read_confirmation(authorize)
    else:
        citizen.log_in_at_provider(authorize, slug=slug)
    back = citizen.confirm()
    assert back.status_code == 302 and back["Location"].startswith(f"{PORTAL}/mon-espace/retour/?"), back
    return back


def follow_return(client, back):
    return client.get(back["Location"].removeprefix(PORTAL))


def csrf_free_text(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
