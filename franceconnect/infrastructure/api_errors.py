"""Every error answered in the protocol of whoever asked: JSON for the machine APIs, a readable
page for people, and 503 (never a 500, never a 401) when a store the portal needs is down.

Django and its decorators answer some errors on their own, in HTML: ``require_GET``'s 405, the
CSRF check's 403, the URL resolver's 404, the 500 handler. Rather than asking every view to
answer in JSON, one middleware rewrites the body of any non-JSON error answered under a JSON API
(keeping its status and headers: ``Allow``, ``Retry-After``, ``WWW-Authenticate``…), and turns an
unavailable database, cache, session store or broker raised by a view into a 503. The same
outage raised elsewhere (the session middleware saving a session) reaches the 500 handler, which
asks ``outage_in_progress()`` (``pages.server_error``).

Which API a path belongs to is decided here only: the partner API under /api/v2 (OAuth-style
``{"error", "error_description"}``) except its two browser-facing endpoints, the catalogue's API
(its own ``{"errors": {…}}`` shape, service_catalog/openapi.py), any other /api/ path, and the probes.
"""

import logging
import sys
from enum import Enum

import redis.exceptions
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)


class Api(Enum):
    OAUTH = "oauth"
    CATALOGUE = "catalogue"


# Endpoints under /api/v2 that answer people (a page), not programs.
BROWSER_FACING_PREFIXES = ("/api/v2/authorize", "/api/v2/session/end")
PROBES = ("/healthz", "/readyz")

# The stores a request may need; when one cannot be reached the request is answered 503.
# Django's Redis cache raises redis-py's errors (it has no "ignore exceptions" mode), so a claims
# lookup during an outage raises rather than answering "unknown token".
OUTAGE_ERRORS = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    OperationalError,  # PostgreSQL unreachable, connection lost, server shutting down
    InterfaceError,  # a connection already closed
    BrokerError,
)

# Registered OAuth 2.0 / OpenID Connect error codes where one fits; the description says the rest.
_OAUTH_ERRORS = {
    400: ("invalid_request", "The request is malformed."),
    401: ("invalid_token", "Authentication is required."),
    403: ("access_denied", "This request is not allowed."),
    404: ("invalid_request", "There is no such endpoint."),
    405: ("invalid_request", "This method is not allowed on this endpoint."),
    429: ("slow_down", "Too many requests; retry later."),
    500: ("server_error", "An unexpected error occurred."),
    503: ("temporarily_unavailable", "The service is temporarily unavailable; retry later."),
}
_DEFAULT_OAUTH_ERROR = ("invalid_request", "The request could not be served.")
# Headers of the original answer that still describe the JSON one.
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Cache-Control", "Vary")


def api_of(path: str) -> Api | None:
    """The JSON API a path belongs to, or None for people's pages."""
    if path.startswith("/api/catalogue/"):
        return Api.CATALOGUE
    if path.startswith("/api/"):
        return None if path.startswith(BROWSER_FACING_PREFIXES) else Api.OAUTH
    if path in PROBES:
        return Api.OAUTH
    return None


def api_error(
    api: Api, status: int, description: str | None = None, *, error: str | None = None
) -> JsonResponse:
    """The error body of that API for this status."""
    code, default_description = _OAUTH_ERRORS.get(status, _DEFAULT_OAUTH_ERROR)
    description = description or default_description
    if api is Api.CATALOGUE:
        body = {"errors": {"request": [description]}}
    else:
        body = {"error": error or code, "error_description": description}
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


def is_outage(error: BaseException | None) -> bool:
    return isinstance(error, OUTAGE_ERRORS)


def outage_in_progress() -> bool:
    """Called by the 500 handler, inside Django's ``except`` block: is the error being handled an
    unavailable store?"""
    return is_outage(sys.exception())


def retry_after_seconds() -> int:
    return settings.OUTAGE_RETRY_AFTER_SECONDS


def is_json(response) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip() in (
        "application/json",
        "application/problem+json",
    )
