"""Each authorize, token and userinfo error gives its exact OpenID error (one test each)."""

import html
from datetime import timedelta

import pytest
from django.utils import timezone
from oauth2_provider.models import AccessToken, Grant

from tests.flow_fixtures import REDIRECT_URI, query_of

pytestmark = pytest.mark.django_db


def assert_error_redirect(response, partner, error: str):
    assert response.status_code == 302
    assert response["Location"].startswith(REDIRECT_URI + "?")
    answer = query_of(response["Location"])
    assert answer["error"] == error
    assert answer["error_description"]
    assert answer["state"] == partner.state
    return answer


def assert_error_page_without_redirect(response):
    assert response.status_code == 400
    assert "Location" not in response
    assert "La demande de connexion n'est pas valide" in html.unescape(response.content.decode())


def test_unknown_client_gets_an_error_page_and_no_redirect(partner):
    assert_error_page_without_redirect(partner.authorize(client_id="nobody"))


def test_inactive_client_is_an_unknown_client(partner):
    partner.service_provider.is_active = False
    partner.service_provider.save()

    assert_error_page_without_redirect(partner.authorize())


def test_unregistered_redirect_uri_gets_an_error_page_and_no_redirect(partner):
    assert_error_page_without_redirect(partner.authorize(redirect_uri="https://attacker.example/callback"))


def test_redirect_uri_is_compared_exactly(partner):
    assert_error_page_without_redirect(partner.authorize(redirect_uri=REDIRECT_URI + "/"))
    assert_error_page_without_redirect(partner.authorize(redirect_uri=REDIRECT_URI + "?x=1"))


def test_missing_nonce(partner):
    assert_error_redirect(partner.authorize(nonce=None), partner, "invalid_request")


def test_short_nonce(partner):
    assert_error_redirect(partner.authorize(nonce="a" * 21), partner, "invalid_request")


def test_missing_state(partner):
    response = partner.authorize(state=None)

    assert response.status_code == 302
    answer = query_of(response["Location"])
    assert answer["error"] == "invalid_request" and "state" not in answer


@pytest.mark.parametrize("acr", ["eidas9", "eidas2"])  # unknown; above what the site may request
def test_bad_acr(partner, acr):
    answer = assert_error_redirect(partner.authorize(acr_values=acr), partner, "invalid_request")
    assert answer["error_description"] == "acr_values not supported"


def test_scope_not_allowed_for_the_site(partner):
    # No scope the site is allowed covers preferred_username (profile would).
    partner.service_provider.allowed_scopes = "openid identite_pivot email"
    partner.service_provider.save()

    assert_error_redirect(partner.authorize(scope="openid preferred_username"), partner, "invalid_scope")


def test_openid_scope_is_required(partner):
    assert_error_redirect(partner.authorize(scope="identite_pivot"), partner, "invalid_scope")


def test_unsupported_response_type(partner):
    assert_error_redirect(partner.authorize(response_type="token"), partner, "unsupported_response_type")


def test_malformed_claims_parameter_gets_an_error_page(partner):
    # oauthlib rejects it before the redirect URI is verified: no redirect is safe then.
    assert_error_page_without_redirect(partner.authorize(claims="{not json"))


def test_prompt_none_cannot_be_honoured(partner):
    assert_error_redirect(partner.authorize(prompt="none"), partner, "login_required")


def test_plain_pkce_is_refused(partner):
    response = partner.authorize(code_challenge="x" * 43, code_challenge_method="plain")

    assert_error_redirect(response, partner, "invalid_request")


def test_long_state_and_nonce_prompt_login_consent_claims_and_acr_are_accepted(partner):
    response = partner.authorize(
        prompt="login consent",
        claims='{"id_token": {"amr": {"essential": true}}}',
        ui_locales="en",
        acr_values="eidas1",
    )

    assert response.status_code == 200  # the chooser itself, in the asked language
    assert "Choose an account to log in with" in response.content.decode()


# --- Token endpoint ---------------------------------------------------------------------------


def _code(partner, citizen, **authorize_overrides) -> str:
    citizen.log_in_at_provider(partner.authorize(**authorize_overrides))
    return query_of(citizen.confirm()["Location"])["code"]


def test_wrong_client_secret(partner, citizen):
    response = partner.token(_code(partner, citizen), client_secret="wrong")

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_client_secret_basic_is_accepted(partner, citizen):
    import base64

    code = _code(partner, citizen)
    basic = base64.b64encode(f"{partner.client_id}:{partner.secret}".encode()).decode()
    response = partner.client.post(
        "/api/v2/token",
        {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI},
        headers={"authorization": f"Basic {basic}"},
    )

    assert response.status_code == 200, response.content


def test_replayed_code_is_refused_and_revokes_the_token_it_bought(partner, citizen):
    code = _code(partner, citizen)
    first = partner.token(code).json()
    assert partner.userinfo(first["access_token"]).status_code == 200

    replay = partner.token(code)

    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"
    assert partner.userinfo(first["access_token"]).status_code == 401


def test_a_code_redeemed_by_a_concurrent_request_leaves_no_token_behind(partner, citizen, monkeypatch):
    from oauth2_provider.models import Grant, IDToken
    from oauth2_provider.oauth2_validators import OAuth2Validator

    original = OAuth2Validator.invalidate_authorization_code

    def redeemed_meanwhile(self, client_id, code, request, *args, **kwargs):
        Grant.objects.filter(code=code).delete()  # the other request's deletion, committed first
        return original(self, client_id, code, request, *args, **kwargs)

    monkeypatch.setattr(OAuth2Validator, "invalidate_authorization_code", redeemed_meanwhile)

    response = partner.token(_code(partner, citizen))

    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"
    assert not AccessToken.objects.exists() and not IDToken.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_one_token_request_is_one_transaction(partner, citizen):
    from unittest import mock

    from django.db import connection

    code = _code(partner, citizen)
    with mock.patch.object(connection, "commit", wraps=connection.commit) as commits:
        assert partner.token(code).status_code == 200

    assert commits.call_count == 1  # ID token, access token and the code's deletion together


def test_a_code_of_another_site_is_refused(client, partner, citizen):
    from franceconnect.federation.services import service_provider_register
    from tests.flow_fixtures import REDIRECT_URI, Partner

    code = _code(partner, citizen)
    other = Partner(client, *service_provider_register(
        name="Autre site", redirect_uris=[REDIRECT_URI], post_logout_redirect_uris=[],
        algorithm="RS256", scopes=["openid", "identite_pivot", "email"],
    ))  # fmt: skip

    stolen = other.token(code, code_verifier=partner.code_verifier)

    assert stolen.status_code == 400 and stolen.json()["error"] == "invalid_grant"
    assert partner.token(code).status_code == 200  # the code still works for its own site


def test_resource_indicators_are_refused(partner, citizen):
    response = partner.token(_code(partner, citizen), resource="https://api.example.org/")

    assert response.status_code == 400 and response.json()["error"] == "invalid_target"


def test_a_resource_indicator_in_the_query_string_is_refused_too(partner, citizen):
    # oauthlib reads the token request's query string as well as its body.
    code = _code(partner, citizen)
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT_URI,
        "client_id": partner.client_id,
        "client_secret": partner.secret,
    }

    response = partner.client.post("/api/v2/token?resource=https%3A%2F%2Fapi.example.org%2F", data)

    assert response.status_code == 400 and response.json()["error"] == "invalid_target"
    assert partner.token(code).status_code == 200  # refused before the code was used


def test_the_token_answer_has_no_refresh_token(partner, citizen):
    body = partner.token(_code(partner, citizen)).json()

    assert "access_token" in body and "refresh_token" not in body


def test_expired_code(partner, citizen):
    code = _code(partner, citizen)
    Grant.objects.update(expires=timezone.now() - timedelta(seconds=1))

    response = partner.token(code)

    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_pkce_mismatch(partner, citizen):
    code = _code(partner, citizen, **partner.pkce_params())

    response = partner.token(code, code_verifier="a-verifier-that-does-not-match-the-challenge-sent")

    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_pkce_match(partner, citizen):
    code = _code(partner, citizen, **partner.pkce_params())

    assert partner.token(code, code_verifier=partner.code_verifier).status_code == 200


def test_redirect_uri_must_match_at_the_token_endpoint(partner, citizen):
    response = partner.token(_code(partner, citizen), redirect_uri="https://partner.example/other")

    assert response.status_code == 400 and response.json()["error"] == "invalid_request"


def test_unknown_grant_type(partner):
    response = partner.client.post(
        "/api/v2/token",
        {
            "grant_type": "urn:example:unknown",
            "client_id": partner.client_id,
            "client_secret": partner.secret,
        },
    )

    assert response.status_code == 400 and response.json()["error"] == "unsupported_grant_type"


@pytest.mark.parametrize("grant_type", ["password", "client_credentials", "refresh_token"])
def test_other_grant_types_are_refused(partner, grant_type):
    response = partner.client.post(
        "/api/v2/token",
        {"grant_type": grant_type, "client_id": partner.client_id, "client_secret": partner.secret},
    )

    assert response.status_code in (400, 401)
    assert response.json()["error"] in {
        "unsupported_grant_type",
        "unauthorized_client",
        "invalid_request",
        "invalid_grant",
    }


def test_malformed_token_request(partner):
    response = partner.client.post("/api/v2/token", "garbage", content_type="application/json")

    assert response.status_code in (400, 401)
    assert response.json()["error"] in {"invalid_request", "invalid_client", "unsupported_grant_type"}


# --- Userinfo ---------------------------------------------------------------------------------


def test_expired_access_token_at_userinfo(partner, citizen):
    access_token = partner.token(_code(partner, citizen)).json()["access_token"]
    AccessToken.objects.update(expires=timezone.now() - timedelta(seconds=1))

    response = partner.userinfo(access_token)

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_the_access_token_of_a_site_deactivated_since_is_refused(partner, citizen):
    access_token = partner.token(_code(partner, citizen)).json()["access_token"]
    partner.service_provider.is_active = False
    partner.service_provider.save()

    response = partner.userinfo(access_token)

    assert response.status_code == 401 and response.json()["error"] == "invalid_token"


def test_an_access_token_without_the_openid_scope_is_refused(partner, citizen):
    access_token = partner.token(_code(partner, citizen)).json()["access_token"]
    AccessToken.objects.update(scope="email")

    response = partner.userinfo(access_token)

    assert response.status_code == 401 and response.json()["error"] == "invalid_token"


def test_unknown_access_token_at_userinfo(partner):
    response = partner.userinfo("not-a-token")

    assert response.status_code == 401 and response.json()["error"] == "invalid_token"


def test_missing_access_token_at_userinfo(partner):
    response = partner.client.get("/api/v2/userinfo")

    assert response.status_code == 401 and response.json()["error"] == "invalid_token"


def test_access_token_in_the_query_string_is_refused(partner, citizen):
    access_token = partner.token(_code(partner, citizen)).json()["access_token"]

    assert partner.client.get("/api/v2/userinfo", {"access_token": access_token}).status_code == 401


def test_codes_and_tokens_have_the_configured_lifetimes(partner, citizen):
    citizen.log_in_at_provider(partner.authorize())
    before = timezone.now()
    code = query_of(citizen.confirm()["Location"])["code"]
    lifetime = (Grant.objects.get().expires - before).total_seconds()
    assert 29 <= lifetime <= 31

    assert partner.token(code).json()["expires_in"] == 60
