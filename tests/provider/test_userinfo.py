"""Userinfo answers anything but a valid access token with 401 invalid_token (RFC 6750 §3)."""

import pytest
from oauth2_provider.models import AccessToken

from tests.provider.helpers import tokens_for

pytestmark = pytest.mark.django_db

USERINFO = "/api/v2/userinfo"


def assert_invalid_token(response):
    assert response.status_code == 401, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "invalid_token"
    assert response["WWW-Authenticate"].startswith('Bearer error="invalid_token"')
    assert "no-store" in response["Cache-Control"]


def test_an_id_token_used_as_bearer_is_invalid_token(partner, citizen):
    # oauthlib hands a JWT to the ID-token check, which accepted it: then a 500 in the view.
    id_token = tokens_for(partner, citizen)["id_token"]

    assert_invalid_token(partner.userinfo(id_token))


def test_a_forged_jwt_used_as_bearer_is_invalid_token(partner):
    assert_invalid_token(partner.userinfo("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."))


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer ",
        "Bearer \x00",
        "Bearer " + "x" * 10_000,
        "Bearer a b c",
        "Basic Zm9vOmJhcg==",
        "Bearer é",
        "garbage",
    ],
    ids=["empty", "nul", "huge", "spaces", "basic", "non-ascii", "no scheme"],
)
def test_garbage_is_invalid_token(client, authorization):
    assert_invalid_token(client.get(USERINFO, headers={"authorization": authorization}))


def test_a_revoked_access_token_is_invalid_token(partner, citizen):
    access_token = tokens_for(partner, citizen)["access_token"]
    AccessToken.objects.all().delete()

    assert_invalid_token(partner.userinfo(access_token))


def test_an_access_token_in_the_query_string_is_invalid_token(client, partner, citizen):
    access_token = tokens_for(partner, citizen)["access_token"]

    assert_invalid_token(client.get(USERINFO, {"access_token": access_token}))


def test_a_valid_access_token_still_gets_the_signed_claims(partner, citizen):
    response = partner.userinfo(tokens_for(partner, citizen)["access_token"])

    assert response.status_code == 200 and response["Content-Type"] == "application/jwt"


def test_a_form_body_django_cannot_parse_is_invalid_request_in_json(client):
    # Django refuses a form declared in another charset than UTF-8 with its HTML 400 page.
    response = client.post(
        USERINFO, b"a=b", content_type="application/x-www-form-urlencoded; charset=latin-1"
    )

    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert response.json()["error"] == "invalid_request"
    assert response["WWW-Authenticate"].startswith('Bearer error="invalid_request"')
