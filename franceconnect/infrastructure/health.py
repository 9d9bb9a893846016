"""Probes for orchestrators and load balancers.

``/healthz`` answers as long as the process serves requests; ``/readyz`` also checks that the
database and the Celery broker are reachable, naming the failing part with a 503.
"""

import logging

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


CHECKS = {"database": _check_database, "broker": _check_broker}


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    results = {}
    for name, check in CHECKS.items():
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
