"""Probes for orchestrators and load balancers.

``/healthz`` answers as long as the process serves requests; ``/readyz`` also checks every store
a login needs: the database, the Celery broker, the shared cache (claims, rate limits, the
configuration memo) and, when sessions live in a cache of their own, that session store; each is
named in the answer, and any failing one makes it a 503.
"""

import logging

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from franceconnect.project.celery import app as celery_app

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_broker() -> None:
    with celery_app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
        # Opening a channel is what really talks to the server (Redis answers a PING here).
        broker.default_channel  # noqa: B018


PROBE_KEY = "readyz:probe"


def _check_cache(alias: str) -> None:
    # A read is a round trip to the server: enough to know it answers, and it writes nothing.
    caches[alias].get(PROBE_KEY)


def _check_default_cache() -> None:
    _check_cache("default")


def _check_session_store() -> None:
    _check_cache(settings.SESSION_CACHE_ALIAS)


def _sessions_in_a_cache() -> bool:
    return settings.SESSION_ENGINE in (
        "franceconnect.infrastructure.sessions",
        "django.contrib.sessions.backends.cache",
        "django.contrib.sessions.backends.cached_db",
    )


CHECKS = {"database": _check_database, "broker": _check_broker, "cache": _check_default_cache}


def _checks() -> dict:
    if _sessions_in_a_cache():  # sessions in the database are covered by the database check
        return {**CHECKS, "sessions": _check_session_store}
    return CHECKS


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    results = {}
    for name, check in _checks().items():
        try:
            check()
        except Exception as error:  # any failure means "not ready"; its kind is reported, not its text
            logger.warning("readiness check %s failed: %s", name, type(error).__name__)
            results[name] = {"ok": False, "error": type(error).__name__}
        else:
            results[name] = {"ok": True}
    failing = [name for name, result in results.items() if not result["ok"]]
    body = {"status": "unavailable" if failing else "ok", "checks": results}
    if failing:
        body["failing"] = failing
    return JsonResponse(body, status=503 if failing else 200)
