"""Every field of the discovery document checked against what the endpoints really do."""

import time

import jwt
import pytest

from franceconnect.federation.provider.scopes import SUPPORTED_SCOPES
from franceconnect.federation.services import service_provider_register
from tests.flow_fixtures import POST_LOGOUT_URI, REDIRECT_URI, Partner, query_of, shows_the_chooser
from tests.provider.helpers import code_for

pytestmark = pytest.mark.django_db

# Claims every JWT carries about itself rather than about the person.
JWT_REGISTERED = {"iss", "aud", "exp", "iat", "nonce", "at_hash", "c_hash", "jti"}


@pytest.fixture
def document(client):
    return client.get("/api/v2/.well-known/openid-configuration").json()


def test_request_objects_are_said_to_be_unsupported(document):
    # OpenID Connect Discovery: an absent request_uri_parameter_supported means true.
    assert document["request_parameter_supported"] is False
    assert document["request_uri_parameter_supported"] is False


def test_the_claims_parameter_is_said_to_change_nothing(document, partner, citizen):
    assert document["claims_parameter_supported"] is False
    asked = '{"userinfo": {"birthplace": {"essential": true}}, "id_token": {"given_name": null}}'
    body = partner.token(code_for(partner, citizen, scope="openid given_name", claims=asked)).json()

    id_token = jwt.decode(body["id_token"], options={"verify_signature": False})
    userinfo = jwt.decode(partner.userinfo(body["access_token"]).content, options={"verify_signature": False})

    assert "given_name" not in id_token and "birthplace" not in userinfo  # the scopes decide


def test_responses_come_in_the_query_only(document, partner, citizen):
    assert document["response_modes_supported"] == ["query"]
    assert document["response_types_supported"] == ["code"]
    assert query_of(partner.authorize(response_type="token")["Location"])["error"]


def test_each_prompt_value_advertised_is_honoured_and_none_is_not_advertised(document, partner):
    assert set(document["prompt_values_supported"]) == {"login", "consent"}
    for value in document["prompt_values_supported"]:
        assert shows_the_chooser(partner.authorize(prompt=value))
    assert query_of(partner.authorize(prompt="none")["Location"])["error"] == "login_required"


def test_token_endpoint_auth_methods_are_those_the_token_endpoint_accepts(document):
    # Each one is exercised in tests/provider/test_token_endpoint.py (post, basic, a public site).
    assert set(document["token_endpoint_auth_methods_supported"]) == {
        "client_secret_post",
        "client_secret_basic",
        "none",
    }


def test_the_revocation_endpoint_and_its_authentication_are_the_token_endpoints(document, client):
    # Each method is exercised in tests/provider/test_revocation.py (post, basic, a public site).
    assert document["revocation_endpoint"].endswith("/api/v2/token/revoke")
    assert (
        document["revocation_endpoint_auth_methods_supported"]
        == document["token_endpoint_auth_methods_supported"]
    )
    path = document["revocation_endpoint"].split("://", 1)[1].partition("/")[2]
    assert client.post(f"/{path}", {"token": "x"}).status_code == 401  # there, and authenticating


def test_signing_algorithms_are_those_of_the_published_keys(document, client):
    published = {key["alg"] for key in client.get("/api/v2/jwks").json()["keys"]}

    assert set(document["id_token_signing_alg_values_supported"]) == published
    assert set(document["userinfo_signing_alg_values_supported"]) == published


def test_every_scope_advertised_is_accepted(document, client):
    assert set(document["scopes_supported"]) == set(SUPPORTED_SCOPES)
    service_provider, secret = service_provider_register(
        name="Site complet", redirect_uris=[REDIRECT_URI], post_logout_redirect_uris=[POST_LOGOUT_URI],
        algorithm="RS256", scopes=list(SUPPORTED_SCOPES),
    )  # fmt: skip
    partner = Partner(client, service_provider, secret)

    assert shows_the_chooser(partner.authorize(scope=" ".join(document["scopes_supported"])))


def test_claims_supported_are_exactly_what_the_id_token_and_userinfo_carry(document, client, citizen):
    service_provider, secret = service_provider_register(
        name="Site complet", redirect_uris=[REDIRECT_URI], post_logout_redirect_uris=[POST_LOGOUT_URI],
        algorithm="ES256", scopes=list(SUPPORTED_SCOPES),
    )  # fmt: skip
    # amr is released when the identity provider asserted one (the demo providers do: ["pwd"]).
    citizen.fake.id_token_overrides = {"amr": ["pwd"], "auth_time": int(time.time())}
    partner = Partner(client, service_provider, secret)
    body = partner.token(code_for(partner, citizen, scope=" ".join(SUPPORTED_SCOPES))).json()

    id_token = jwt.decode(body["id_token"], options={"verify_signature": False})
    userinfo = jwt.decode(partner.userinfo(body["access_token"]).content, options={"verify_signature": False})

    assert set(document["claims_supported"]) == (set(id_token) | set(userinfo)) - JWT_REGISTERED
