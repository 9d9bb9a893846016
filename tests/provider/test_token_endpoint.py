"""The token endpoint tried as an attacker: every answer is an OAuth error in JSON, never stored,
never a 500 (RFC 6749 §5.2, DESIGN.md §5b)."""

import pytest
from django.conf import settings
from oauth2_provider.models import AccessToken

from franceconnect.federation.services import service_provider_register
from tests.flow_fixtures import REDIRECT_URI, Partner
from tests.provider.helpers import basic, code_for

pytestmark = pytest.mark.django_db

TOKEN = "/api/v2/token"


def assert_oauth_error(response, error: str, status: int = 400) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["error"] == error
    return body


def assert_invalid_client(response):
    assert_oauth_error(response, "invalid_client", status=401)
    assert response["WWW-Authenticate"].startswith('Basic realm="')


def form(partner, code: str, **overrides) -> dict:
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI, **overrides}
    return {key: value for key, value in data.items() if value is not None}


# --- redirect_uri and PKCE ---------------------------------------------------------------------


def test_redirect_uri_is_required_at_the_token_endpoint(partner, citizen):
    body = assert_oauth_error(partner.token(code_for(partner, citizen), redirect_uri=None), "invalid_request")

    assert "redirect_uri" in body["error_description"]
    assert not AccessToken.objects.exists()


@pytest.mark.parametrize("suffix", ["/", "?x=1", "#f", "%2F"])
def test_redirect_uri_must_be_identical_at_the_token_endpoint(partner, citizen, suffix):
    response = partner.token(code_for(partner, citizen), redirect_uri=REDIRECT_URI + suffix)

    assert_oauth_error(response, "invalid_request")


def test_redirect_uri_letter_case_matters_at_the_token_endpoint(partner, citizen):
    response = partner.token(
        code_for(partner, citizen), redirect_uri=REDIRECT_URI.replace("partner", "Partner")
    )

    assert_oauth_error(response, "invalid_request")


def test_a_code_verifier_for_a_code_issued_without_challenge_is_refused(partner, citizen):
    response = partner.token(code_for(partner, citizen), code_verifier=partner.code_verifier)

    body = assert_oauth_error(response, "invalid_grant")
    assert "code_challenge" in body["error_description"]
    assert not AccessToken.objects.exists()


# --- client authentication --------------------------------------------------------------------


def test_basic_and_body_naming_different_clients_is_invalid_client(client, partner, citizen):
    other = service_provider_register(
        name="Autre site", redirect_uris=[REDIRECT_URI], post_logout_redirect_uris=[],
        algorithm="RS256", scopes=["openid", "identite_pivot", "email"],
    )[0]  # fmt: skip
    code = code_for(partner, citizen)

    response = client.post(
        TOKEN,
        form(partner, code, client_id=other.client_id),
        headers={"authorization": basic(partner.client_id, partner.secret)},
    )

    assert_invalid_client(response)  # oauthlib said server_error
    assert partner.token(code).status_code == 200  # the code was not spent


def test_basic_and_body_with_different_secrets_is_invalid_client(client, partner, citizen):
    response = client.post(
        TOKEN,
        form(
            partner, code_for(partner, citizen), client_id=partner.client_id, client_secret="not-the-secret"
        ),
        headers={"authorization": basic(partner.client_id, partner.secret)},
    )

    assert_invalid_client(response)


def test_a_failed_basic_authentication_does_not_fall_back_to_the_body(client, partner, citizen):
    response = client.post(
        TOKEN,
        form(partner, code_for(partner, citizen), client_id=partner.client_id, client_secret=partner.secret),
        headers={"authorization": "Basic %%%not-base64"},
    )

    assert_invalid_client(response)


def test_basic_and_body_that_agree_are_accepted(client, partner, citizen):
    response = client.post(
        TOKEN,
        form(partner, code_for(partner, citizen), client_id=partner.client_id),
        headers={"authorization": basic(partner.client_id, partner.secret)},
    )

    assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    "credentials",
    [
        {"client_id": "nobody", "client_secret": "x"},
        {"client_secret": "wrong"},
        {"client_secret": None},
        {"client_id": None, "client_secret": None},
    ],
    ids=["unknown client", "wrong secret", "no secret", "no client"],
)
def test_every_body_authentication_failure_is_invalid_client(partner, citizen, credentials):
    assert_invalid_client(partner.token(code_for(partner, citizen), **credentials))


@pytest.mark.parametrize(
    "authorization",
    [
        basic("nobody", "x"),
        basic("{client_id}", "wrong"),
        "Basic " + "bm8tY29sb24=",  # "no-colon"
        "Basic //79",  # not UTF-8
    ],
    ids=["unknown client", "wrong secret", "no colon", "not UTF-8"],
)
def test_every_basic_authentication_failure_is_invalid_client(client, partner, citizen, authorization):
    response = client.post(
        TOKEN,
        form(partner, code_for(partner, citizen)),
        headers={"authorization": authorization.replace("{client_id}", partner.client_id)},
    )

    assert_invalid_client(response)


def test_a_confidential_site_posing_as_public_is_invalid_client(partner, citizen):
    code = code_for(partner, citizen, **partner.pkce_params())

    response = partner.token(code, client_secret=None, code_verifier=partner.code_verifier)

    assert_invalid_client(response)


def test_a_public_site_authenticates_with_pkce_alone(client, citizen):
    service_provider, _secret = service_provider_register(
        name="Application publique", redirect_uris=[REDIRECT_URI], post_logout_redirect_uris=[],
        algorithm="ES256", scopes=["openid", "identite_pivot"],
    )  # fmt: skip
    service_provider.client_type = service_provider.CLIENT_PUBLIC
    service_provider.save()
    public = Partner(client, service_provider, "")
    code = code_for(public, citizen, scope="openid", **public.pkce_params())

    response = public.token(code, client_secret=None, code_verifier=public.code_verifier)

    assert response.status_code == 200, response.content  # "none" in discovery


# --- grant types and malformed bodies ---------------------------------------------------------


@pytest.mark.parametrize("grant_type", [None, ""])
def test_a_missing_grant_type_is_invalid_request(partner, grant_type):
    assert_oauth_error(partner.token("a-code", grant_type=grant_type), "invalid_request")


@pytest.mark.parametrize(
    "grant_type",
    [
        "urn:example:unknown",
        "urn:ietf:params:oauth:grant-type:device_code",
        "urn:ietf:params:oauth:grant-type:jwt-bearer",
        "urn:ietf:params:oauth:grant-type:token-exchange",
        "refresh_token",
        "client_credentials",
        "password",
        "implicit",
        "openid",  # oauthlib takes it for an authorization code
    ],
)
def test_every_other_grant_type_is_unsupported_grant_type(partner, grant_type):
    assert_oauth_error(partner.token("a-code", grant_type=grant_type), "unsupported_grant_type")


def test_a_nul_byte_in_the_code_is_invalid_request(partner):
    # It reached PostgreSQL, which refuses NUL in text: a 500.
    assert_oauth_error(partner.token("a\x00b"), "invalid_request")


def test_a_nul_byte_in_the_query_string_is_invalid_request(client, partner):
    response = client.post(f"{TOKEN}?code=a%00b", form(partner, "x", client_id=partner.client_id))

    assert_oauth_error(response, "invalid_request")


def test_a_body_that_is_not_utf8_is_invalid_request(client):
    response = client.post(
        TOKEN, b"grant_type=authorization_code&code=%FF%FE", content_type="application/x-www-form-urlencoded"
    )

    body = assert_oauth_error(response, "invalid_request")
    assert "UTF-8" in body["error_description"]


def test_raw_bytes_that_are_not_utf8_are_invalid_request(client):
    response = client.post(
        TOKEN,
        b"grant_type=authorization_code&code=\xff\xfe",
        content_type="application/x-www-form-urlencoded",
    )

    assert_oauth_error(response, "invalid_request")


def test_an_oversized_body_is_refused(client, partner):
    body = f"grant_type=authorization_code&code={'x' * settings.PARTNER_API_FORM_MAX_BYTES}"

    response = client.post(TOKEN, body, content_type="application/x-www-form-urlencoded")

    assert_oauth_error(response, "invalid_request", status=413)


def test_a_body_of_the_cap_is_read(client, partner):
    body = "grant_type=authorization_code&code="
    body += "x" * (settings.PARTNER_API_FORM_MAX_BYTES - len(body))

    response = client.post(TOKEN, body, content_type="application/x-www-form-urlencoded")

    assert_oauth_error(response, "invalid_client", status=401)  # read, then refused for what it says


def test_a_repeated_parameter_is_invalid_request(client, partner, citizen):
    code = code_for(partner, citizen)
    body = (
        f"grant_type=authorization_code&code={code}&redirect_uri={REDIRECT_URI}"
        f"&client_id={partner.client_id}&client_id=other&client_secret={partner.secret}"
    )

    response = client.post(TOKEN, body, content_type="application/x-www-form-urlencoded")

    assert_oauth_error(response, "invalid_request")


def test_a_client_secret_in_the_query_string_is_invalid_request(client, partner):
    response = client.post(f"{TOKEN}?client_secret={partner.secret}", form(partner, "x"))

    assert_oauth_error(response, "invalid_request")


def test_a_broken_multipart_body_is_invalid_request(client):
    response = client.post(TOKEN, b"--x\r\nbroken", content_type="multipart/form-data; boundary=x")

    assert response.status_code in (400, 401)
    assert response["Content-Type"] == "application/json"


def test_a_json_body_is_invalid_request(client):
    assert_oauth_error(
        client.post(TOKEN, '{"grant_type": "authorization_code"}', content_type="application/json"),
        "invalid_request",
    )


def test_a_successful_answer_is_not_stored(partner, citizen):
    response = partner.token(code_for(partner, citizen))

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store" and response["Pragma"] == "no-cache"


def test_a_form_declared_in_another_charset_is_invalid_request(client):
    # Django refuses it with its HTML 400 page when oauthlib reads the form.
    response = client.post(
        TOKEN,
        b"grant_type=authorization_code&code=x",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )

    assert_oauth_error(response, "invalid_request")
