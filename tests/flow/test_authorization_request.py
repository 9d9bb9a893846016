"""What /api/v2/authorize accepts beyond django-oauth-toolkit's checks: bounded parameters, the
parameters it does not implement, an essential acr, prompt=login and max_age."""

import json

import jwt
import pytest

from tests.flow_fixtures import REDIRECT_URI, interaction_in, query_of, shows_the_chooser

pytestmark = pytest.mark.django_db


def _error_of(response) -> tuple[str, str]:
    assert response.status_code == 302 and response["Location"].startswith(REDIRECT_URI + "?"), response
    answer = query_of(response["Location"])
    return answer["error"], answer.get("state", "")


@pytest.mark.parametrize(
    ("parameter", "error"),
    [
        ({"request": "eyJhbGciOiJub25lIn0.e30."}, "request_not_supported"),
        ({"request_uri": "https://partner.example/request.jwt"}, "request_uri_not_supported"),
        ({"response_mode": "form_post"}, "invalid_request"),
        ({"response_mode": "fragment"}, "invalid_request"),
        ({"max_age": "soon"}, "invalid_request"),
        ({"max_age": "-1"}, "invalid_request"),
        ({"prompt": "select_account"}, "invalid_request"),
        ({"prompt": "none"}, "login_required"),
    ],
)
def test_what_the_portal_does_not_implement_is_an_error_for_the_site(partner, parameter, error):
    assert _error_of(partner.authorize(**parameter)) == (error, partner.state)


def test_response_mode_query_is_accepted(partner, citizen):
    assert shows_the_chooser(partner.authorize(response_mode="query"))


@pytest.mark.parametrize(
    ("name", "limit"),
    [
        ("state", 512),
        ("nonce", 512),
        ("claims", 2048),
        ("ui_locales", 64),
        ("idp_hint", 64),
        ("acr_values", 64),
    ],
)
def test_parameters_are_bounded_and_an_oversized_one_stores_nothing(partner, citizen, name, limit):
    value = "x" * (limit + 1)
    if name == "claims":
        value = json.dumps({"id_token": {"given_name": {"essential": True, "value": value}}})

    response = partner.authorize(**{name: value})

    assert response.status_code == 302 and query_of(response["Location"])["error"] == "invalid_request"
    assert "fc_sessionid" not in response.cookies


def test_a_megabyte_of_claims_posted_anonymously_costs_no_storage(client, partner, citizen):
    huge = json.dumps({"id_token": {"given_name": {"value": "x" * 1_000_000}}})

    response = client.post("/api/v2/authorize", partner.authorize_params(claims=huge))

    assert _error_of(response)[0] == "invalid_request"
    assert "fc_sessionid" not in response.cookies


def test_long_states_and_nonces_as_partners_send_them_are_accepted(partner, citizen):
    assert shows_the_chooser(partner.authorize(state="s" * 512, nonce="n" * 512))


@pytest.fixture
def eidas2_site(partner):
    partner.service_provider.eidas_level = "eidas2"
    partner.service_provider.save()
    return partner


def _essential_acr(*values) -> str:
    return json.dumps({"id_token": {"acr": {"essential": True, "values": list(values)}}})


def test_an_essential_acr_no_provider_of_the_site_can_meet_is_an_error_not_a_lower_login(
    partner, citizen, registered_fake
):
    registered_fake.eidas_levels = ["eidas1"]
    registered_fake.save()
    partner.service_provider.eidas_level = "eidas2"
    partner.service_provider.save()

    assert _error_of(partner.authorize(claims=_essential_acr("eidas2"))) == ("access_denied", partner.state)


def test_an_essential_acr_above_what_the_site_may_ask_is_an_error(partner, citizen):
    assert _error_of(partner.authorize(claims=_essential_acr("eidas3")))[0] == "access_denied"


def test_an_essential_acr_that_can_be_met_raises_the_level_the_login_needs(
    eidas2_site, citizen, fake_provider
):
    chooser = eidas2_site.authorize(acr_values="eidas1", claims=_essential_acr("eidas2"))
    to_provider = eidas2_site.client.get(f"/connexion/{interaction_in(chooser)}/fi/fake/")
    assert query_of(to_provider["Location"])["acr_values"] == "eidas2"

    fake_provider.id_token_overrides = {"acr": "eidas1"}  # the provider answers below what is needed
    code = fake_provider.authorize(to_provider["Location"])
    page = eidas2_site.client.get(
        "/fi/retour", {"code": code, "state": query_of(to_provider["Location"])["state"]}
    )

    assert page.status_code == 403 and "insufficient_acr" in page.content.decode()


def test_an_essential_acr_is_answered_at_its_level(eidas2_site, citizen, fake_provider):
    fake_provider.id_token_overrides = {"acr": "eidas2"}
    citizen.log_in_at_provider(eidas2_site.authorize(claims=_essential_acr("eidas2", "eidas3")))

    token = eidas2_site.token(query_of(citizen.confirm()["Location"])["code"]).json()

    assert jwt.decode(token["id_token"], options={"verify_signature": False})["acr"] == "eidas2"


def test_a_malformed_essential_acr_is_an_error(partner, citizen):
    assert _error_of(partner.authorize(claims=_essential_acr("loa-high")))[0] == "invalid_request"
    assert _error_of(partner.authorize(claims='{"id_token": "acr"}'))[0] == "invalid_request"


@pytest.mark.parametrize(("prompt", "max_age"), [("login", None), (None, "0"), (None, "120")])
def test_prompt_login_and_max_age_reach_the_identity_provider(partner, citizen, prompt, max_age):
    chooser = partner.authorize(prompt=prompt, max_age=max_age)

    to_provider = partner.client.get(f"/connexion/{interaction_in(chooser)}/fi/fake/")

    sent = query_of(to_provider["Location"])
    assert sent.get("prompt") == prompt
    assert sent.get("max_age") == max_age


def test_an_old_single_sign_on_does_not_answer_a_max_age_it_exceeds(partner, citizen, monkeypatch):
    citizen.log_in_at_provider(partner.authorize())
    citizen.confirm()
    assert not shows_the_chooser(partner.authorize(max_age="600"))  # recent enough: the confirmation

    import time

    later = time.time() + 601
    monkeypatch.setattr("franceconnect.federation.state.time.time", lambda: later)

    assert shows_the_chooser(partner.authorize(max_age="600"))
