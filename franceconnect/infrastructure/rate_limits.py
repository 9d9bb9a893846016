"""Rate limits on the login's endpoints, counted in the shared cache by django-ratelimit.

The partner API's authorize, token and userinfo endpoints are limited per IP address and per
partner site; the citizen's flow pages per IP address. Which views are limited is decided by URL
name (``RATE_LIMITED_API_URL_NAMES``, ``RATE_LIMITED_PAGE_URL_NAME_PREFIXES``), so that neither
the views nor their paths need to know: a renamed path keeps its limit, a new ``flow_…`` page gets one.

Limits (``RATE_LIMIT_*`` settings) are far above what a person or a partner site's normal traffic
needs: they stop floods, they do not shape traffic. A limited request gets the protocol's answer:
HTTP 429 with ``Retry-After``, JSON ``slow_down`` for the API, a readable page for people
(pages.too_many_requests). The address counted is the client's, behind the reverse proxies
named in ``TRUSTED_PROXIES`` (franceconnect/infrastructure/client_address.py).
"""

import base64
import binascii
import logging
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django_ratelimit.core import get_usage

from franceconnect.infrastructure.api_errors import OUTAGE_ERRORS
from franceconnect.infrastructure.pages import too_many_requests

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    """One counter: its name (part of the cache key), its rate ("300/m"), what it counts per."""

    name: str
    rate: str
    key: Callable[[str | None, HttpRequest], str] | str  # a key function, or django-ratelimit's "ip"


def partner_site_key(group, request) -> str:
    """The partner site a request names: ``client_id`` in the query or form, or the user of HTTP
    Basic authentication (client_secret_basic). Empty when it names none (never counted then)."""
    client_id = request.GET.get("client_id") or _posted_client_id(request)
    if not client_id:
        scheme, _space, credentials = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() == "basic":
            try:
                client_id = unquote(base64.b64decode(credentials).decode().partition(":")[0])
            except (binascii.Error, UnicodeDecodeError):
                client_id = ""
    return client_id[:200]


# Forms larger than this are not read here: the view answers them (the token endpoint's cap).
MAXIMUM_FORM_READ_BYTES = 16 * 1024


def _posted_client_id(request) -> str:
    """``client_id`` in a posted form, read so that the view can still read the raw body (the
    token endpoint checks it byte for byte)."""
    if request.method != "POST":
        return ""
    try:
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAXIMUM_FORM_READ_BYTES:
            return ""
        request.body  # noqa: B018 (caches the raw body before the form is parsed from it)
        return request.POST.get("client_id", "")
    except (ValueError, UnicodeDecodeError, RequestDataTooBig):
        return ""


def bearer_token_key(group, request) -> str:
    """userinfo names no site: its access token (bound to one site) stands for it, hashed by
    django-ratelimit before it is used in a cache key."""
    scheme, _space, token = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    return token if scheme.lower() == "bearer" else ""


_PER_SITE_KEYS = {"oidc_userinfo": bearer_token_key}


def limits_for(url_name: str | None) -> tuple[Limit, ...]:
    if not url_name:
        return ()
    if url_name in settings.RATE_LIMITED_API_URL_NAMES:
        limits = (
            Limit("ip", settings.RATE_LIMIT_API_PER_IP, "ip"),
            Limit("site", settings.RATE_LIMIT_API_PER_SITE, _PER_SITE_KEYS.get(url_name, partner_site_key)),
        )
    elif url_name.startswith(tuple(settings.RATE_LIMITED_PAGE_URL_NAME_PREFIXES)):
        limits = (Limit("ip", settings.RATE_LIMIT_PAGES_PER_IP, "ip"),)
    else:
        return ()
    return tuple(limit for limit in limits if limit.rate)  # an empty rate switches that limit off


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        url_name = request.resolver_match.url_name
        for limit in limits_for(url_name):
            key = limit.key
            if callable(key):
                counted = key(None, request)
                if not counted:
                    continue  # nothing to count per (no site named): the IP limit still applies
                key = lambda _group, _request, counted=counted: counted  # noqa: E731 (computed once)
            try:
                usage = get_usage(
                    request,
                    group=f"portal:{url_name}:{limit.name}",
                    key=key,
                    rate=limit.rate,
                    increment=True,
                )
            except OUTAGE_ERRORS as error:
                # The counters' cache is down: the limiter lets the request through (failing
                # open) rather than answering for it; a view that needs that cache answers 503.
                logger.warning("rate limits not counted: %s", type(error).__name__)
                return None
            if usage is not None and usage["should_limit"]:
                # Neither the address nor the site's identifier: the URL name and the limit suffice.
                logger.warning("rate limit reached: %s per %s", url_name, limit.name)
                return too_many_requests(request, retry_after=usage["time_left"])
        return None
