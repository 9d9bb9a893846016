"""Rate limits on the login's endpoints: fixed-window counters in Redis, one round trip per request.

The partner API's authorize, token, revocation and userinfo endpoints are limited per IP address and per
partner site; the citizen's flow pages per IP address. Which views are limited is decided by URL
name (``RATE_LIMITED_API_URL_NAMES``, ``RATE_LIMITED_PAGE_URL_NAME_PREFIXES``), so that neither
the views nor their paths need to know: a renamed path keeps its limit, a new ``flow_…`` page gets one.

Limits (``RATE_LIMIT_*`` settings, django-ratelimit's "count/period" syntax) are far above what a
person or a partner site's normal traffic needs: they stop floods, they do not shape traffic. A
limited request gets the protocol's answer: HTTP 429 with ``Retry-After``, JSON ``slow_down`` for
the API, a readable page for people (pages.too_many_requests). The address counted is the
client's, behind the reverse proxies named in ``TRUSTED_PROXIES``
(franceconnect/infrastructure/client_address.py), as the contact form's limits count it.

Why not django-ratelimit here (the contact form uses it): it counts each limit with two cache
round trips (an ADD, then an INCR once the counter exists), nine limits per login, 18 round trips
and ~1.3 ms of CPU. The counters of one request are counted here in one pipelined round trip
(SET NX EX, then INCR, for each): ~0.4 ms per login. Without Redis (the one-command demo's file
cache) they go through Django's cache API, one limit after the other.
"""

import base64
import binascii
import ipaddress
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django.utils.module_loading import import_string

from franceconnect.infrastructure.api_errors import OUTAGE_ERRORS
from franceconnect.infrastructure.counters import (
    Counted,
    count_requests,
    parse_rate,
    tallies_flush,
    tallies_waiting_too_long,
)
from franceconnect.infrastructure.pages import too_many_requests

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    """One counter: its name (part of the counter's key), its rate ("300/m"), what it counts per."""

    name: str
    rate: str
    key: Callable[[HttpRequest], str]  # what it counts per; empty: not counted for this request


def client_address_key(request) -> str:
    """The client's address, as django-ratelimit's "ip" key reads it (``RATELIMIT_IP_META_KEY``:
    by default client_address.client_address, behind ``TRUSTED_PROXIES``); an IPv6 address counts
    for its /64, which one subscriber usually holds whole."""
    address = _address_reader(settings.RATELIMIT_IP_META_KEY)(request) or ""
    if ":" in address:
        try:
            return str(ipaddress.IPv6Network(f"{address}/64", strict=False).network_address)
        except ValueError:
            return address[:64]
    return address[:64]


@lru_cache(maxsize=4)
def _address_reader(meta_key) -> Callable[[HttpRequest], str]:
    """django-ratelimit's setting: a function, its dotted path, or a request.META key."""
    if callable(meta_key):
        return meta_key
    if "." in meta_key:
        return import_string(meta_key)
    return lambda request: request.META.get(meta_key, "")


def partner_site_key(request) -> str:
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


def _posted_client_id(request) -> str:
    """``client_id`` in a posted form, read so that the view can still read the raw body (the
    token endpoint checks it byte for byte)."""
    if request.method != "POST":
        return ""
    try:
        if int(request.META.get("CONTENT_LENGTH") or 0) > settings.PARTNER_API_FORM_MAX_BYTES:
            return ""  # the view refuses it unread
        request.body  # noqa: B018 (caches the raw body before the form is parsed from it)
        return request.POST.get("client_id", "")
    except (ValueError, UnicodeDecodeError, RequestDataTooBig):
        return ""


def bearer_token_key(request) -> str:
    """userinfo names no site: its access token (bound to one site) stands for it (hashed before
    it is part of a counter's key)."""
    scheme, _space, token = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    return token if scheme.lower() == "bearer" else ""


_PER_SITE_KEYS = {"oidc_userinfo": bearer_token_key}


def limits_for(url_name: str | None) -> tuple[Limit, ...]:
    if not url_name:
        return ()
    if url_name in settings.RATE_LIMITED_API_URL_NAMES:
        limits = (
            Limit("ip", settings.RATE_LIMIT_API_PER_IP, client_address_key),
            Limit("site", settings.RATE_LIMIT_API_PER_SITE, _PER_SITE_KEYS.get(url_name, partner_site_key)),
        )
    elif url_name.startswith(tuple(settings.RATE_LIMITED_PAGE_URL_NAME_PREFIXES)):
        limits = (Limit("ip", settings.RATE_LIMIT_PAGES_PER_IP, client_address_key),)
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
        counted = []
        for limit in limits_for(url_name):
            value = limit.key(request)
            if value:  # nothing to count per (no site named): the other limits still apply
                counted.append(Counted(f"{url_name}:{limit.name}", value, parse_rate(limit.rate)))
        if not counted:
            if tallies_waiting_too_long():  # statistics with no counters to ride with (limits off)
                self._tallies_flush()
            return None
        try:
            usages = count_requests(counted)
        except OUTAGE_ERRORS as error:
            # The counters' store is down: the limiter lets the request through (failing open)
            # rather than answering for it; a view that needs that store answers 503.
            logger.warning("rate limits not counted: %s", type(error).__name__)
            return None
        for counter, usage in zip(counted, usages, strict=True):
            if usage.count > counter.rate.count:
                # Neither the address nor the site's identifier: the counter's name suffices.
                logger.warning("rate limit reached: %s", counter.name.replace(":", " per "))
                return too_many_requests(request, retry_after=usage.seconds_left)
        return None

    @staticmethod
    def _tallies_flush() -> None:
        try:
            tallies_flush()
        except OUTAGE_ERRORS as error:  # kept for a later round trip
            logger.warning("statistics tallies not sent: %s", type(error).__name__)
