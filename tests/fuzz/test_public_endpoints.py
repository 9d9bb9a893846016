"""Property-based fuzzing of every public endpoint, in-process: whatever arrives, no 500, and the
JSON APIs answer JSON (application/jwt for a userinfo success).

OPTIONS and HEAD answers carry no body. Statuses another part of the portal is making uniform on API paths (404, 405, 429, 503: generic
answers in franceconnect/infrastructure) are only checked not to be 500s here.
"""

import os

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.flow_fixtures import POST_LOGOUT_URI, REDIRECT_URI
from tests.fuzz.strategies import (
    METHODS,
    body_content_types,
    odd_headers,
    params,
    query_string,
    values,
)

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")),
    database=None,  # nothing written into the work tree; a failure prints its input
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
GENERIC_ELSEWHERE = {404, 405, 429, 503}
JSON = "application/json"

AUTHORIZE_PARAMS = (
    "client_id", "redirect_uri", "response_type", "scope", "state", "nonce", "acr_values", "prompt",
    "claims", "idp_hint", "ui_locales", "code_challenge", "code_challenge_method", "request",
    "request_uri", "response_mode", "max_age", "login_hint",
)  # fmt: skip
TOKEN_PARAMS = (
    "grant_type", "code", "redirect_uri", "client_id", "client_secret", "code_verifier", "resource", "scope",
)  # fmt: skip
REVOKE_PARAMS = ("token", "token_type_hint", "client_id", "client_secret")
LOGOUT_PARAMS = ("id_token_hint", "state", "post_logout_redirect_uri", "client_id", "ui_locales")


def send(method: str, path: str, *, query: str = "", body: bytes = b"", content_type: str = "", headers=None):
    client = Client(raise_request_exception=False)
    url = f"{path}?{query}" if query else path
    if method in ("GET", "HEAD", "OPTIONS", "DELETE") and not body:
        return client.generic(method, url, headers=headers or {})
    return client.generic(method, url, data=body, content_type=content_type, headers=headers or {})


def assert_no_server_error(response, request_description: str):
    assert response.status_code < 500 or response.status_code == 503, (
        f"{response.status_code} for {request_description}"
    )


def assert_json_api(response, request_description: str, *also_allowed: str):
    assert_no_server_error(response, request_description)
    if response.status_code in GENERIC_ELSEWHERE or response.request["REQUEST_METHOD"] in ("OPTIONS", "HEAD"):
        return  # no body to speak of (an OPTIONS answer lists the methods in Allow)
    content_type = response["Content-Type"].split(";")[0]
    assert content_type in {JSON, *also_allowed}, (
        f"{content_type} ({response.status_code}) for {request_description}"
    )


def _request(draw, path: str, names: tuple[str, ...], known=None, methods=METHODS):
    method = draw(st.sampled_from(methods))
    parameters = draw(params(names, known))
    raw = draw(st.binary(max_size=20))
    headers = draw(odd_headers)
    if method in ("GET", "HEAD") or draw(st.booleans()):
        request = {"query": query_string(parameters, raw)}
    else:
        content_type = draw(body_content_types)
        body = draw(st.one_of(st.just(query_string(parameters, raw).encode()), st.binary(max_size=200)))
        request = {"body": body, "content_type": content_type}
    return method, path, request, headers


@st.composite
def requests_to(draw, path, names=(), known=None, methods=METHODS):
    return _request(draw, path, names, known, methods)


def describe(method, path, request, headers) -> str:
    return f"{method} {path} {request!r} headers={headers!r}"


# --- the partner-facing API -------------------------------------------------------------------


@pytest.fixture
def known(site):
    """Plausible values, so that some requests get past the first check."""
    service_provider, secret = site
    return {
        "client_id": st.just(service_provider.client_id),
        "client_secret": st.just(secret),
        "redirect_uri": st.just(REDIRECT_URI),
        "post_logout_redirect_uri": st.just(POST_LOGOUT_URI),
        "response_type": st.just("code"),
        "grant_type": st.just("authorization_code"),
        "scope": st.sampled_from(["openid", "openid identite_pivot email", "openid given_name"]),
        "state": st.just("s" * 32),
        "nonce": st.just("n" * 32),
        "acr_values": st.sampled_from(["eidas1", "eidas2 eidas1"]),
        "code_challenge_method": st.just("S256"),
        "token_type_hint": st.sampled_from(["access_token", "refresh_token", "id_token"]),
    }


@FUZZ
@given(data=st.data())
def test_discovery_and_jwks(data):
    path = data.draw(st.sampled_from(["/api/v2/.well-known/openid-configuration", "/api/v2/jwks"]))
    method, path, request, headers = data.draw(requests_to(path))
    response = send(method, path, headers=headers, **request)
    assert_json_api(response, describe(method, path, request, headers))


@FUZZ
@given(data=st.data())
def test_token(data, known):
    method, path, request, headers = data.draw(requests_to("/api/v2/token", TOKEN_PARAMS, known))
    response = send(method, path, headers=headers, **request)
    assert_json_api(response, describe(method, path, request, headers))


@FUZZ
@given(data=st.data())
def test_token_revocation(data, known):
    method, path, request, headers = data.draw(requests_to("/api/v2/token/revoke", REVOKE_PARAMS, known))
    response = send(method, path, headers=headers, **request)
    assert_json_api(response, describe(method, path, request, headers))


@FUZZ
@given(data=st.data())
def test_userinfo(data, known):
    method, path, request, headers = data.draw(requests_to("/api/v2/userinfo", ("access_token",), known))
    response = send(method, path, headers=headers, **request)
    assert_json_api(response, describe(method, path, request, headers), "application/jwt")


@FUZZ
@given(data=st.data())
def test_authorize(data, known):
    method, path, request, headers = data.draw(requests_to("/api/v2/authorize", AUTHORIZE_PARAMS, known))
    response = send(method, path, headers=headers, **request)
    assert_no_server_error(response, describe(method, path, request, headers))


@FUZZ
@given(data=st.data())
def test_session_end(data, known):
    method, path, request, headers = data.draw(requests_to("/api/v2/session/end", LOGOUT_PARAMS, known))
    response = send(method, path, headers=headers, **request)
    assert_no_server_error(response, describe(method, path, request, headers))


# --- the catalogue, the probes, the contact form ------------------------------------------------


@FUZZ
@given(data=st.data())
def test_catalogue_api(data):
    path = data.draw(
        st.one_of(
            st.sampled_from(["/api/catalogue/v1/services", "/api/catalogue/v1/categories"]),
            st.sampled_from(["/api/catalogue/v1/openapi.json"]),
            values.map(
                lambda slug: f"/api/catalogue/v1/services/{slug[:80]}".replace("?", "").replace("#", "")
            ),
        )
    )
    names = ("q", "category", "audience", "territory", "page", "page_size")
    method, path, request, headers = data.draw(requests_to(path, names))
    response = send(method, path, headers=headers, **request)
    assert_json_api(response, describe(method, path, request, headers))


@FUZZ
@given(data=st.data())
def test_pages(data):
    path = data.draw(
        st.sampled_from(
            ["/nos-services/", "/nos-services/impots/", "/contact/", "/en/nos-services/", "/langue/ru/"]
        )
    )
    names = ("q", "category", "audience", "territory", "page", "next")
    method, path, request, headers = data.draw(requests_to(path, names, methods=("GET", "HEAD", "OPTIONS")))
    response = send(method, path, headers=headers, **request)
    assert_no_server_error(response, describe(method, path, request, headers))


@FUZZ
@given(data=st.data())
def test_probes(data):
    path = data.draw(st.sampled_from(["/healthz", "/readyz"]))
    method, path, request, headers = data.draw(requests_to(path))
    response = send(method, path, headers=headers, **request)
    assert_json_api(response, describe(method, path, request, headers))
