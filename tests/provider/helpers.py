"""Getting codes and tokens for the provider's tests, in one browser session (the second
authorization request of a session is answered by the single sign-on's confirmation screen)."""

import base64

from tests.flow_fixtures import query_of


def code_for(partner, citizen, **authorize_overrides) -> str:
    response = partner.authorize(**authorize_overrides)
    confirmation = response.status_code == 200 and "franceconnect/confirmation.html" in {
        template.name for template in response.templates
    }
    if not confirmation:
        citizen.log_in_at_provider(response)
    return query_of(citizen.confirm()["Location"])["code"]


def tokens_for(partner, citizen, **authorize_overrides) -> dict:
    response = partner.token(code_for(partner, citizen, **authorize_overrides))
    assert response.status_code == 200, response.content
    return response.json()


def basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()
