"""The real components: the test run uses the database and broker it was configured with."""

import os
import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from franceconnect.federation.tasks import sessions_clear_expired
from franceconnect.project.celery import app as celery_app

REQUIRE_REAL_SERVICES = os.environ.get("REQUIRE_REAL_SERVICES") == "1"


def _configured_database_vendor() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return "postgresql" if url.startswith(("postgres://", "postgresql://", "pgsql://")) else "sqlite"


def test_database_is_the_one_the_environment_names():
    assert connection.vendor == _configured_database_vendor()
    if REQUIRE_REAL_SERVICES:
        assert connection.vendor == "postgresql"


@pytest.mark.django_db
def test_database_answers_as_postgresql_when_configured_so():
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    if connection.vendor == "postgresql":
        assert version.startswith("PostgreSQL")


@pytest.mark.django_db
def test_sessions_live_in_redis_when_there_is_one(client, settings):
    redis = bool(os.environ.get("REDIS_URL"))
    expected = "franceconnect.infrastructure.sessions" if redis else "django.contrib.sessions.backends.db"
    assert expected == settings.SESSION_ENGINE
    if redis:
        from django.core.cache import caches
        from django.db import connection as database
        from django.test.utils import CaptureQueriesContext

        session = client.session
        session["probe"] = "kept"
        with CaptureQueriesContext(database) as queries:
            session.save()
        assert len(queries) == 0 and caches["sessions"].get(session.cache_key) == {"probe": "kept"}


def test_the_redis_cache_keeps_one_client_per_connection_pool():
    from django.core.cache import caches

    if not os.environ.get("REDIS_URL"):
        pytest.skip("the shared cache is Redis only when REDIS_URL is set")
    backend = caches["default"]._cache

    assert backend.get_client() is backend.get_client(write=True)
    caches["default"].set("client-reuse-probe", 42)
    assert caches["default"].get("client-reuse-probe") == 42


def test_broker_is_the_one_the_environment_names():
    redis_url = os.environ.get("REDIS_URL", "")
    with celery_app.connection_for_write() as broker:
        transport = broker.transport.driver_type
    assert transport == ("redis" if redis_url else "filesystem")
    if REQUIRE_REAL_SERVICES:
        assert transport == "redis"
        assert celery_app.conf.broker_url == redis_url


@pytest.mark.django_db(transaction=True)
@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.db")  # the demo's sessions
def test_a_real_worker_runs_a_task_sent_through_the_broker():
    expired = Session.objects.create(
        session_key="expired-session-for-the-worker-test",
        session_data="",
        expire_date=timezone.now() - timedelta(days=1),
    )
    current = Session.objects.create(
        session_key="current-session-for-the-worker-test",
        session_data="",
        expire_date=timezone.now() + timedelta(days=1),
    )

    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        sessions_clear_expired.delay()
        deadline = time.monotonic() + 20
        while Session.objects.filter(pk=expired.pk).exists() and time.monotonic() < deadline:
            time.sleep(0.1)

    assert not Session.objects.filter(pk=expired.pk).exists()
    assert Session.objects.filter(pk=current.pk).exists()


def test_beat_schedule_is_defined_in_code_and_names_registered_tasks():
    celery_app.loader.import_default_modules()
    schedule = celery_app.conf.beat_schedule

    assert schedule, "the beat schedule is empty"
    for entry in schedule.values():
        assert entry["task"] in celery_app.tasks
