"""A NUL byte in a client id is an unknown client, not a query PostgreSQL refuses (a 500)."""

import base64

import pytest

pytestmark = pytest.mark.django_db


def test_a_nul_byte_in_the_client_id_at_authorize_is_an_unknown_client(client):
    response = client.get("/api/v2/authorize", {"client_id": "a\x00b", "response_type": "code"})

    assert response.status_code == 400 and "Location" not in response


def test_a_nul_byte_in_the_basic_client_id_is_invalid_client(client):
    credentials = base64.b64encode(b"a\x00b:secret").decode()

    response = client.post(
        "/api/v2/token",
        {"grant_type": "authorization_code", "code": "x", "redirect_uri": "https://partner.example/callback"},
        headers={"authorization": f"Basic {credentials}"},
    )

    assert response.status_code == 401 and response.json()["error"] == "invalid_client"
