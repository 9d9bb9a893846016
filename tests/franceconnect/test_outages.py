"""Redis or PostgreSQL gone in the middle of a login: the API answers 503 JSON
``temporarily_unavailable`` with Retry-After (never an HTML 500, never 401 for a valid token),
people get a readable 503 page, and /readyz names what is down.

Redis: the test's own redis-server, holding the cache and the sessions, stopped mid-flow.
PostgreSQL: the shared server is never stopped; the connection is made to fail instead."""

from unittest import mock

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client

from tests.flow_fixtures import query_of
from tests.notifications.servers import PrivateRedis

pytestmark = pytest.mark.django_db


@pytest.fixture
def stores(tmp_path, settings):
    """Cache and sessions in a redis-server of this test's own (the settings fixture restores them)."""
    server = PrivateRedis(tmp_path).start()
    options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    backend = "franceconnect.infrastructure.cache.PortalRedisCache"
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": backend, "LOCATION": server.url, "OPTIONS": options},
        "sessions": {
            "BACKEND": backend,
            "LOCATION": server.url.replace("/0", "/1"),
            "KEY_PREFIX": "session",
            "OPTIONS": options,
        },
    }
    settings.SESSION_ENGINE = "franceconnect.infrastructure.sessions"
    settings.SESSION_CACHE_ALIAS = "sessions"
    yield server
    server.stop()


def _logged_in_up_to_the_token(partner, citizen) -> dict:
    citizen.log_in_at_provider(partner.authorize())
    code = query_of(citizen.confirm()["Location"])["code"]
    token = partner.token(code)
    assert token.status_code == 200, token.content
    return token.json()


def _is_unavailable_json(response) -> bool:
    return (
        response.status_code == 503
        and response["Content-Type"] == "application/json"
        and response.json()["error"] == "temporarily_unavailable"
        and int(response["Retry-After"]) > 0
    )


def test_userinfo_with_a_valid_token_answers_503_not_401_when_redis_stops(stores, partner, citizen):
    token = _logged_in_up_to_the_token(partner, citizen)
    stores.stop()

    response = partner.userinfo(token["access_token"])

    assert _is_unavailable_json(response)


def test_the_code_exchange_answers_503_when_redis_stops(stores, partner, citizen):
    citizen.log_in_at_provider(partner.authorize())
    code = query_of(citizen.confirm()["Location"])["code"]
    stores.stop()

    assert _is_unavailable_json(partner.token(code))


def test_the_citizen_gets_a_readable_503_page_when_redis_stops(stores, partner, citizen, client):
    confirmation = citizen.log_in_at_provider(partner.authorize())
    assert confirmation.status_code == 200
    stores.stop()

    # The session is read by the view (its middleware), then by the 500 handler's path: a page either way.
    response = Client(
        raise_request_exception=False, HTTP_COOKIE=client.cookies.output(header="", sep=";")
    ).post(citizen.confirmation_path, {"continue": ""})

    assert response.status_code == 503 and response["Content-Type"].startswith("text/html")
    assert int(response["Retry-After"]) > 0
    assert "Service momentanément indisponible" in response.content.decode()


def test_a_new_login_is_a_503_page_when_redis_is_down(stores, partner):
    stores.stop()

    response = Client(raise_request_exception=False).get("/api/v2/authorize", partner.authorize_params())

    assert response.status_code == 503 and response["Content-Type"].startswith("text/html")
    assert "Service momentanément indisponible" in response.content.decode()


def test_readyz_names_the_cache_and_the_session_store_when_redis_stops(stores, client):
    assert client.get("/readyz").status_code == 200
    stores.stop()

    response = client.get("/readyz")

    body = response.json()
    assert response.status_code == 503
    assert {"cache", "sessions"} <= set(body["failing"])
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["cache"] == {"ok": False, "error": "ConnectionError"}


def _database_down():
    return mock.patch.object(
        connection, "ensure_connection", side_effect=OperationalError("connection refused")
    )


def test_userinfo_answers_503_when_the_database_is_unreachable(partner, citizen):
    token = _logged_in_up_to_the_token(partner, citizen)

    with _database_down():
        response = partner.userinfo(token["access_token"])

    assert _is_unavailable_json(response)


def test_the_citizen_gets_a_readable_503_page_when_the_database_is_unreachable(partner, citizen, client):
    citizen.log_in_at_provider(partner.authorize())

    with _database_down():
        response = Client(
            raise_request_exception=False, HTTP_COOKIE=client.cookies.output(header="", sep=";")
        ).post(citizen.confirmation_path, {"continue": "", "single_sign_on": citizen.single_sign_on})

    assert response.status_code == 503 and "Service momentanément indisponible" in response.content.decode()


def test_readyz_names_the_database_when_its_connection_fails(client):
    with _database_down():
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]


@pytest.mark.parametrize(("path", "json"), [("/connexion/confirmation/", False), ("/api/v2/token", True)])
def test_an_outage_raised_outside_a_view_reaches_the_500_handler_which_answers_503(rf, path, json):
    """A session saved by its middleware after the view fails outside any view's reach."""
    import redis

    from franceconnect.infrastructure import pages

    try:
        raise redis.ConnectionError("Connection refused")
    except redis.ConnectionError:
        response = pages.server_error(rf.post(path))

    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    assert response["Content-Type"].startswith("application/json" if json else "text/html")


def test_an_unexpected_error_is_still_a_500_page(rf):
    from franceconnect.infrastructure import pages

    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = pages.server_error(rf.get("/connexion/"))

    assert response.status_code == 500
