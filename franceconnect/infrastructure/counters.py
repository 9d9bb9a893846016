"""Fixed-window request counters for the rate limits, all of one request in one Redis round trip.

A counter counts the requests made per some value (an address, a site) in the current window of
its rate's period. Its key holds a hash of the value, never the value (an address, a token), and
it expires with its window. Each value's windows start at their own offset within the period
(django-ratelimit's jitter), so that not every counter starts afresh at the same second.
"""

import hashlib
import re
import threading
import zlib
from dataclasses import dataclass
from time import time

import redis
from django.conf import settings
from django.core.cache import cache

_RATE = re.compile(r"^(\d+)/(\d*)([smhd])?$")
_PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
KEY_PREFIX = "rl:"
EXPIRY_MARGIN_SECONDS = 5  # a counter outlives its window a little: clocks of several hosts differ


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(rate: str) -> Rate:
    """django-ratelimit's syntax: "300/m", "10/5m", "5/h", "100/s" (a bare number of seconds too)."""
    match = _RATE.match(rate.strip())
    if match is None:
        raise ValueError(f"not a rate: {rate!r}")
    count, multiplier, unit = match.groups()
    return Rate(int(count), int(multiplier or 1) * _PERIOD_SECONDS[unit or "s"])


@dataclass(frozen=True)
class Counted:
    name: str  # what is limited, e.g. "oidc_token:site"
    value: str  # what it is counted per
    rate: Rate


@dataclass(frozen=True)
class Usage:
    count: int  # this request included
    seconds_left: int  # until the window ends


def _window(counter: Counted, now: int) -> tuple[int, int]:
    """The window's number and the seconds left in it."""
    period = counter.rate.seconds
    shifted = now + zlib.crc32(counter.value.encode()) % period
    return shifted // period, period - shifted % period


def _key(counter: Counted, window: int) -> str:
    digest = hashlib.blake2b(counter.value.encode(), digest_size=16).hexdigest()
    return f"{KEY_PREFIX}{counter.name}:{window}:{digest}"


def count_requests(counters: list[Counted]) -> list[Usage]:
    """Counts this request in each counter; what each counter holds now."""
    now = int(time())
    windows = [_window(counter, now) for counter in counters]
    keys = [_key(counter, window) for counter, (window, _left) in zip(counters, windows, strict=True)]
    lifetimes = [counter.rate.seconds + EXPIRY_MARGIN_SECONDS for counter in counters]
    if settings.REDIS_URL:
        counts = _redis_counts(keys, lifetimes)
    else:
        counts = [_cache_count(key, lifetime) for key, lifetime in zip(keys, lifetimes, strict=True)]
    return [Usage(count, left) for count, (_window_number, left) in zip(counts, windows, strict=True)]


# --- Redis: one pipeline --------------------------------------------------------------------------

_clients: dict[str, redis.Redis] = {}
_clients_lock = threading.Lock()


def _client() -> redis.Redis:
    """One client (and connection pool) per process for the counters, on the cache's Redis."""
    url = settings.REDIS_URL
    client = _clients.get(url)
    if client is None:
        with _clients_lock:
            client = _clients.get(url) or redis.Redis.from_url(
                url,
                socket_connect_timeout=settings.REDIS_CACHE_OPTIONS["socket_connect_timeout"],
                socket_timeout=settings.REDIS_CACHE_OPTIONS["socket_timeout"],
            )
            _clients[url] = client
    return client


def _redis_counts(keys: list[str], lifetimes: list[int]) -> list[int]:
    pipeline = _client().pipeline(transaction=False)
    for key, lifetime in zip(keys, lifetimes, strict=True):
        pipeline.set(key, 0, ex=lifetime, nx=True)  # a new window's counter, with its expiry
        pipeline.incr(key)  # keeps the expiry
    return pipeline.execute()[1::2]


# --- Any other cache (the one-command demo's files): Django's cache API ---------------------------


def _cache_count(key: str, lifetime: int) -> int:
    cache.add(key, 0, lifetime)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls: this request starts the next window
        cache.add(key, 1, lifetime)
        return 1
