"""Token revocation (RFC 7009) at /api/v2/token/revoke: the token endpoint's client
authentication and answers; a revoked access token is refused at userinfo; another site's token,
an unknown one or one already revoked: 200 and nothing revoked."""

from datetime import timedelta

import pytest
from oauth2_provider.models import AccessToken

from franceconnect.federation import state
from franceconnect.federation.services import service_provider_register, service_provider_secret_renew
from tests.flow_fixtures import REDIRECT_URI, Partner
from tests.provider.helpers import basic, code_for, tokens_for
from tests.provider.test_token_endpoint import assert_invalid_client, assert_oauth_error

pytestmark = pytest.mark.django_db

REVOKE = "/api/v2/token/revoke"


def revoke(partner, token: str, **overrides):
    data = {"token": token, "client_id": partner.client_id, "client_secret": partner.secret, **overrides}
    return partner.client.post(REVOKE, {key: value for key, value in data.items() if value is not None})


@pytest.fixture
def other_partner(client):
    service_provider, secret = service_provider_register(
        name="Autre site", redirect_uris=[REDIRECT_URI], post_logout_redirect_uris=[],
        algorithm="ES256", scopes=["openid", "identite_pivot"],
    )  # fmt: skip
    return Partner(client, service_provider, secret)


def assert_revocation_accepted(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("hint", [None, "access_token", "refresh_token"])
def test_a_revoked_access_token_is_refused_at_userinfo(partner, citizen, hint):
    access_token = tokens_for(partner, citizen)["access_token"]
    assert partner.userinfo(access_token).status_code == 200

    assert_revocation_accepted(revoke(partner, access_token, token_type_hint=hint))

    response = partner.userinfo(access_token)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"
    assert not AccessToken.objects.exists()
    assert state.released_login_for_token(access_token) is None  # nothing about the person kept


def test_a_site_authenticating_with_basic_revokes_its_token(partner, citizen):
    access_token = tokens_for(partner, citizen)["access_token"]

    response = partner.client.post(
        REVOKE, {"token": access_token}, headers={"authorization": basic(partner.client_id, partner.secret)}
    )

    assert_revocation_accepted(response)
    assert partner.userinfo(access_token).status_code == 401


def test_another_sites_token_is_left_alone(partner, other_partner, citizen):
    access_token = tokens_for(partner, citizen)["access_token"]

    assert_revocation_accepted(revoke(other_partner, access_token))

    assert AccessToken.objects.count() == 1
    assert partner.userinfo(access_token).status_code == 200
    assert state.released_login_for_token(access_token) is not None


def test_an_unknown_or_already_revoked_token_is_answered_200(partner, citizen):
    access_token = tokens_for(partner, citizen)["access_token"]
    assert_revocation_accepted(revoke(partner, access_token))

    assert_revocation_accepted(revoke(partner, access_token))
    assert_revocation_accepted(revoke(partner, "no-such-token"))


def test_the_previous_secret_revokes_during_its_grace_period(partner, citizen):
    access_token = tokens_for(partner, citizen)["access_token"]
    service_provider_secret_renew(service_provider=partner.service_provider, grace=timedelta(hours=1))

    assert_revocation_accepted(revoke(partner, access_token))
    assert partner.userinfo(access_token).status_code == 401


@pytest.mark.parametrize(
    "credentials",
    [
        {"client_secret": "wrong"},
        {"client_secret": None},
        {"client_id": "unknown-site"},
    ],
)
def test_a_site_that_fails_to_authenticate_is_invalid_client(partner, citizen, credentials):
    access_token = tokens_for(partner, citizen)["access_token"]

    assert_invalid_client(revoke(partner, access_token, **credentials))
    assert partner.userinfo(access_token).status_code == 200


def test_a_wrong_basic_header_is_invalid_client(partner):
    response = partner.client.post(
        REVOKE, {"token": "x"}, headers={"authorization": basic(partner.client_id, "wrong")}
    )

    assert_invalid_client(response)


def test_a_public_site_revokes_with_its_client_id_alone(client, citizen):
    service_provider, _secret = service_provider_register(
        name="Application publique", redirect_uris=[REDIRECT_URI], post_logout_redirect_uris=[],
        algorithm="ES256", scopes=["openid", "identite_pivot"],
    )  # fmt: skip
    service_provider.client_type = service_provider.CLIENT_PUBLIC
    service_provider.save()
    public = Partner(client, service_provider, "")
    code = code_for(public, citizen, scope="openid", **public.pkce_params())
    access_token = public.token(code, client_secret=None, code_verifier=public.code_verifier).json()[
        "access_token"
    ]

    assert_revocation_accepted(revoke(public, access_token, client_secret=None))
    assert public.userinfo(access_token).status_code == 401


@pytest.mark.parametrize("hint", ["id_token", "ACCESS_TOKEN", "foo"])
def test_other_token_type_hints_are_unsupported(partner, citizen, hint):
    access_token = tokens_for(partner, citizen)["access_token"]

    assert_oauth_error(revoke(partner, access_token, token_type_hint=hint), "unsupported_token_type")
    assert partner.userinfo(access_token).status_code == 200


def test_the_token_is_required(partner):
    assert_oauth_error(revoke(partner, None), "invalid_request")


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_another_method_is_a_json_405(client, method):
    response = getattr(client, method)(REVOKE)

    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"] == "invalid_request"
    assert "POST" in response["Allow"]


def test_an_oversized_body_is_refused(partner, settings):
    response = revoke(partner, "x" * (settings.PARTNER_API_FORM_MAX_BYTES + 1))

    assert_oauth_error(response, "invalid_request", status=413)


def test_a_repeated_token_or_a_nul_character_is_invalid_request(partner):
    repeated = partner.client.post(
        REVOKE, f"token=a&token=b&client_id={partner.client_id}&client_secret={partner.secret}",
        content_type="application/x-www-form-urlencoded",
    )  # fmt: skip
    nul = revoke(partner, "a\x00b")

    assert_oauth_error(repeated, "invalid_request")
    assert_oauth_error(nul, "invalid_request")


def test_the_revocation_endpoint_is_limited_per_site(partner, settings):
    settings.RATE_LIMIT_API_PER_SITE = "2/m"

    answers = [revoke(partner, "x").status_code for _ in range(2)]
    limited = revoke(partner, "x")

    assert answers == [200, 200]
    assert limited.status_code == 429
    assert limited.json()["error"] == "slow_down"
