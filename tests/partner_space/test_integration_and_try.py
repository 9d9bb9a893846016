"""A site's integration page and « Essayer »: a real login through the portal's own flow with the
sandbox site's configuration (the fake identity provider as the testing provider), the ID token and
userinfo shown as the site would receive them, decoded and verified; the partner session survives
the citizen's login in the same browser; a production site is never tried."""

import jwt
import pytest

from franceconnect.federation.models import ServiceProvider, sandbox_try_redirect_uri
from franceconnect.federation.services import service_provider_register
from partner_space import session
from tests.flow_fixtures import query_of
from tests.partner_space.conftest import log_in, member_add, person_make

pytestmark = pytest.mark.django_db

PORTAL = "http://127.0.0.1:8000"
RETURN = "/partenaires/essayer/retour/"


@pytest.fixture
def testing_provider(registered_fake):
    registered_fake.for_testing = True
    registered_fake.save()
    return registered_fake


def _try(client, citizen, site):
    """« Essayer » through the whole flow; the portal's answer at its own redirect URI."""
    start = client.post(f"/partenaires/sites/{site.pk}/essayer/")
    assert start.status_code == 302 and start["Location"].startswith("/api/v2/authorize?"), start
    params = query_of(start["Location"])
    assert params["client_id"] == site.client_id and params["redirect_uri"] == sandbox_try_redirect_uri()
    assert params["scope"] == site.allowed_scopes
    citizen.log_in_at_provider(client.get(start["Location"]))
    back = citizen.confirm()
    assert back.status_code == 302 and back["Location"].startswith(f"{PORTAL}{RETURN}?"), back
    return back


def test_the_integration_page_gives_what_a_developer_needs(logged_in, sandbox_site):
    page = logged_in.get(f"/partenaires/sites/{sandbox_site.pk}/integration/")

    html = page.content.decode()
    assert page.status_code == 200
    assert "/api/v2/.well-known/openid-configuration" in html and sandbox_site.client_id in html
    assert page.context["example_authorize_url"].startswith(f"{PORTAL}/api/v2/authorize?response_type=code")
    assert "redirect_uri=https%3A%2F%2Fservice.example%2Fcallback" in page.context["example_authorize_url"]
    for code in (
        "invalid_client",
        "invalid_grant",
        "access_denied",
        "invalid_token",
        "identity_not_verified",
    ):
        assert f"<code>{code}</code>" in html


def test_essayer_shows_the_tokens_the_site_would_receive_verified(
    logged_in, sandbox_site, citizen, testing_provider
):
    back = _try(logged_in, citizen, sandbox_site)

    landed = logged_in.get(back["Location"].removeprefix(PORTAL))
    assert landed["Location"] == f"/partenaires/sites/{sandbox_site.pk}/integration/#essayer"
    page = logged_in.get(f"/partenaires/sites/{sandbox_site.pk}/integration/")
    # The partner session survived the citizen's login (Django's login()) in the same browser.
    assert page.status_code == 200 and page.context["id_token"] is not None
    id_token, userinfo = page.context["id_token"], page.context["userinfo"]
    assert id_token["all_passed"] and userinfo["all_passed"], (id_token["checks"], userinfo["checks"])
    assert id_token["header"]["alg"] == "ES256" and id_token["header"]["kid"]
    claims, released = dict(id_token["claims"]), dict(userinfo["claims"])
    assert claims["aud"] == sandbox_site.client_id and claims["acr"] == "eidas1"
    assert released["sub"] == claims["sub"] and released["given_name"] and released["email"]
    # What the page shows is what the portal signed: checked here again with the published JWKS.
    jwks = logged_in.get("/api/v2/jwks").json()
    key = next(k for k in jwks["keys"] if k["kid"] == id_token["header"]["kid"])
    jwt.decode(id_token["raw"], jwt.PyJWK(key).key, algorithms=["ES256"], audience=sandbox_site.client_id)
    assert "_auth_user_id" in logged_in.session and session.PARTNER_KEY in logged_in.session


def test_the_answer_is_used_once(logged_in, sandbox_site, citizen, testing_provider):
    back = _try(logged_in, citizen, sandbox_site)
    logged_in.get(back["Location"].removeprefix(PORTAL))
    logged_in.session.pop(session.TRY_RESULT_KEY, None)

    replayed = logged_in.get(back["Location"].removeprefix(PORTAL))

    assert replayed.status_code == 302 and replayed["Location"] == "/partenaires/"


def test_a_forged_state_shows_nothing(logged_in, sandbox_site, citizen, testing_provider):
    back = _try(logged_in, citizen, sandbox_site)
    code = query_of(back["Location"])["code"]

    forged = logged_in.get(RETURN, {"code": code, "state": "x" * 43})

    assert forged["Location"] == "/partenaires/"
    assert session.TRY_RESULT_KEY not in logged_in.session


def test_going_back_to_the_site_says_what_the_site_would_receive(logged_in, sandbox_site):
    start = logged_in.post(f"/partenaires/sites/{sandbox_site.pk}/essayer/")
    state = query_of(start["Location"])["state"]

    back = logged_in.get(RETURN, {"error": "access_denied", "state": state})

    assert back["Location"].endswith("/integration/#essayer")
    assert "access_denied" in logged_in.get(back["Location"]).content.decode()


def test_another_person_cannot_finish_someone_elses_test(client, sandbox_site, organisation):
    stranger = person_make("autre@ailleurs.example")
    log_in(client, stranger)

    assert client.post(f"/partenaires/sites/{sandbox_site.pk}/essayer/").status_code == 404
    assert client.get(f"/partenaires/sites/{sandbox_site.pk}/integration/").status_code == 404


def test_a_reader_may_try(client, sandbox_site, organisation):
    reader = person_make("lecteur@partenaire.example")
    member_add(organisation, reader, "reader")
    log_in(client, reader)

    assert client.post(f"/partenaires/sites/{sandbox_site.pk}/essayer/").status_code == 302


def test_a_production_site_is_never_tried(logged_in, sandbox_site, organisation):
    production, _secret = service_provider_register(
        name="Production",
        redirect_uris=["https://service.example/callback"],
        post_logout_redirect_uris=[],
        algorithm="ES256",
        scopes=["openid"],
        organisation=organisation,
    )

    refused = logged_in.post(f"/partenaires/sites/{production.pk}/essayer/")

    assert refused.status_code == 403 and session.TRY_PENDING_KEY not in logged_in.session
    # Nor can anyone send a production site's logins to the portal's « Essayer » address.
    assert not production.redirect_uri_allowed(sandbox_try_redirect_uri())
    assert sandbox_site.redirect_uri_allowed(sandbox_try_redirect_uri())
    forged = logged_in.get(
        "/api/v2/authorize",
        {
            "client_id": production.client_id,
            "redirect_uri": sandbox_try_redirect_uri(),
            "response_type": "code",
            "scope": "openid",
            "state": "s" * 30,
            "nonce": "n" * 30,
        },
    )
    assert forged.status_code == 400 and "Location" not in forged


def test_a_site_of_another_instance_keeps_the_exact_redirect_rule():
    site = ServiceProvider(redirect_uris="https://a.example/cb", environment="sandbox")

    assert site.redirect_uri_allowed("https://a.example/cb")
    assert not site.redirect_uri_allowed(sandbox_try_redirect_uri() + "x")
    assert not site.redirect_uri_allowed(sandbox_try_redirect_uri().upper())


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_new_pages_in_every_language(logged_in, sandbox_site, language):
    for page in ("integration", "statistiques", "production"):
        response = logged_in.get(f"/{language}/partenaires/sites/{sandbox_site.pk}/{page}/")
        assert response.status_code == 200, (page, response.status_code)


def test_the_partner_session_survives_another_citizen_logging_in(
    logged_in, sandbox_site, citizen, testing_provider, fake_provider
):
    """« Essayer » twice with two different test identities in the same browser: the second one's
    Django login() starts a new session (another user), and the flow carries the partner space's
    values over (state.citizen_login)."""
    back = _try(logged_in, citizen, sandbox_site)
    logged_in.get(back["Location"].removeprefix(PORTAL))
    first_citizen = logged_in.session["_auth_user_id"]

    fake_provider.identity.update(
        given_name="Jean", family_name="MARTIN", birthdate="1970-01-01", gender="male"
    )
    fake_provider.sub = "fake-sub-0002"
    start = logged_in.post(f"/partenaires/sites/{sandbox_site.pk}/essayer/")
    # The single sign-on would log the first citizen in again: the second asks to log in anew.
    citizen.log_in_at_provider(logged_in.get(start["Location"] + "&prompt=login"))
    back = citizen.confirm()
    assert back.status_code == 302 and back["Location"].startswith(f"{PORTAL}{RETURN}?"), back

    assert logged_in.session["_auth_user_id"] != first_citizen
    assert session.PARTNER_KEY in logged_in.session
    landed = logged_in.get(back["Location"].removeprefix(PORTAL))
    assert landed["Location"] == f"/partenaires/sites/{sandbox_site.pk}/integration/#essayer"
    page = logged_in.get(f"/partenaires/sites/{sandbox_site.pk}/integration/")
    assert page.status_code == 200 and page.context["userinfo"]["all_passed"]
    assert dict(page.context["userinfo"]["claims"])["given_name"] == "Jean"
