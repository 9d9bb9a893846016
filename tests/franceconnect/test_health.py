import pytest
from django.db.utils import OperationalError

from franceconnect.infrastructure import health
from franceconnect.project.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_healthz_answers_while_the_process_lives(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response.headers["Cache-Control"]


def test_readyz_is_ready_when_every_store_answers(client, settings):
    response = client.get("/readyz")

    assert response.status_code == 200
    expected = {"database": {"ok": True}, "broker": {"ok": True}, "cache": {"ok": True}}
    if settings.SESSION_ENGINE == "franceconnect.infrastructure.sessions":
        expected["sessions"] = {"ok": True}
    assert response.json() == {"status": "ok", "checks": expected}


def test_readyz_names_the_broker_when_it_cannot_be_reached(client, monkeypatch):
    # Nothing listens on port 9 (discard) on this machine: the connection is refused.
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:9/0")

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failing"] == ["broker"]
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["broker"]["ok"] is False


def test_readyz_names_the_database_when_it_fails(client, monkeypatch):
    def database_down():
        raise OperationalError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", database_down)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]
    assert response.json()["checks"]["database"] == {"ok": False, "error": "OperationalError"}


def test_probes_refuse_other_methods(client):
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405
