"""Every error on a JSON API is JSON (OAuth-style under /api/v2 and on the probes, the catalogue's
own shape under /api/catalogue); people's pages keep the readable DSFR pages."""

import pytest
from django.test import Client

from franceconnect.infrastructure.api_errors import Api, api_of

pytestmark = pytest.mark.django_db


def _oauth_error(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error", "error_description"} and body["error_description"]
    return body


def test_a_post_without_csrf_token_to_a_get_only_api_endpoint_is_a_json_403():
    response = Client(enforce_csrf_checks=True).post("/api/v2/jwks")

    assert _oauth_error(response, 403)["error"] == "access_denied"


@pytest.mark.parametrize(
    "path", ["/api/v2/jwks", "/api/v2/.well-known/openid-configuration", "/healthz", "/readyz"]
)
def test_a_wrong_method_is_a_json_405_naming_the_allowed_ones(client, path):
    response = client.put(path)

    assert _oauth_error(response, 405)["error"] == "invalid_request"
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("path", ["/api/v2/nowhere", "/api/nowhere", "/api/v3/token"])
def test_an_unknown_api_path_is_a_json_404(client, path):
    assert _oauth_error(client.get(path), 404)["error"] == "invalid_request"


def test_the_catalogue_api_answers_its_own_error_shape(client):
    missing = client.get("/api/catalogue/v1/nowhere")
    wrong_method = client.post("/api/catalogue/v1/services")

    assert missing.status_code == 404 and list(missing.json()) == ["errors"]
    assert missing.json()["errors"]["request"]
    assert wrong_method.status_code == 405 and wrong_method["Allow"] == "GET"
    assert list(wrong_method.json()["errors"]) == ["request"]


def test_an_unexpected_error_on_the_api_is_a_json_500(monkeypatch):
    from franceconnect.federation.provider import views

    def broken():
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "signing_keys", broken)

    response = Client(raise_request_exception=False).get("/api/v2/jwks")

    assert _oauth_error(response, 500)["error"] == "server_error"


def test_a_csrf_failure_on_a_page_is_a_readable_page():
    response = Client(enforce_csrf_checks=True).post("/contact/", {"name": "x"})

    assert response.status_code == 403 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert 'class="fr-header"' in html and "Ce formulaire a expiré" in html


def test_people_keep_readable_pages_on_unknown_addresses(client):
    response = client.get("/nulle-part")

    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("path", "api"),
    [
        ("/api/v2/token", Api.OAUTH),
        ("/api/v2/userinfo", Api.OAUTH),
        ("/api/v2/jwks", Api.OAUTH),
        ("/healthz", Api.OAUTH),
        ("/api/catalogue/v1/services", Api.CATALOGUE),
        ("/api/v2/authorize", None),  # answers people: the chooser, an error page
        ("/api/v2/session/end", None),
        ("/api/v2/session/end/retour", None),
        ("/connexion/", None),
        ("/fi/retour", None),
    ],
)
def test_which_paths_answer_errors_in_json(path, api):
    assert api_of(path) is api


def test_the_browser_facing_authorize_endpoint_keeps_its_page(client):
    response = client.get("/api/v2/authorize", {"client_id": "unknown"})

    assert response.status_code >= 400 and response["Content-Type"].startswith("text/html")
