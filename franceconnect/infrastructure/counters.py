"""Fixed-window request counters for the rate limits, all of one request in one Redis round trip.

A counter counts the requests made per some value (an address, a site) in the current window of
its rate's period. Its key holds a hash of the value, never the value (an address, a token), and
it expires with its window. Each value's windows start at their own offset within the period
(django-ratelimit's jitter), so that not every counter starts afresh at the same second.

**Tallies** ride along: statistics that views count (service_statistics.passages: how many logins
reached each step) are added up in this process's memory, at no cost but a dict increment, and
sent with the next request's counters, in the same round trip (HINCRBY into one hash per day).
A login thus pays no round trip of its own for its statistics. What a process counted after its
last round trip waits for the next one (``tallies_flush`` sends it at once: at exit, or when tallies
have waited ``TALLY_MAX_WAIT_SECONDS`` for a request that counts nothing, rate limits switched off).
A process killed outright loses what it had not sent: a few passages, never a login.
"""

import atexit
import hashlib
import logging
import re
import threading
import zlib
from collections import Counter
from dataclasses import dataclass
from time import time

import redis
from django.conf import settings
from django.core.cache import cache

_RATE = re.compile(r"^(\d+)/(\d*)([smhd])?$")
_PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
KEY_PREFIX = "rl:"
EXPIRY_MARGIN_SECONDS = 5  # a counter outlives its window a little: clocks of several hosts differ
TALLY_PREFIX = "tally:"
# A tally's hash lives this long after its last increment: the beat task that folds it into the
# database (every few minutes) has days to catch up after an outage.
TALLY_LIFETIME_SECONDS = 8 * 86400
TALLY_MAX_WAIT_SECONDS = 30

logger = logging.getLogger(__name__)


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
    """Counts this request in each counter, and sends the tallies waiting in this process; what
    each counter holds now."""
    now = int(time())
    windows = [_window(counter, now) for counter in counters]
    keys = [_key(counter, window) for counter, (window, _left) in zip(counters, windows, strict=True)]
    lifetimes = [counter.rate.seconds + EXPIRY_MARGIN_SECONDS for counter in counters]
    tallies = _tallies_take()
    try:
        if settings.REDIS_URL:
            counts = _redis_counts(keys, lifetimes, tallies)
        else:
            counts = [_cache_count(key, lifetime) for key, lifetime in zip(keys, lifetimes, strict=True)]
            _cache_tallies_add(tallies)
    except Exception:
        _tallies_restore(tallies)  # sent with a later round trip
        raise
    return [Usage(count, left) for count, (_window_number, left) in zip(counts, windows, strict=True)]


# --- Tallies: statistics counted in memory, sent with the next round trip --------------------------

_tallies: Counter[tuple[str, str]] = Counter()  # (hash, field) -> increments not sent yet
_tallies_lock = threading.Lock()
_tallies_since: list[float] = [0.0]  # when the oldest unsent increment was counted
_tally_expiry_set: set[tuple[str, int]] = set()  # (tally, hour): expiry set by this process


def tally(name: str, field: str, amount: int = 1) -> None:
    """Adds ``amount`` to ``field`` of the tally ``name`` (e.g. "steps:20260824"), in memory."""
    with _tallies_lock:
        if not _tallies:
            _tallies_since[0] = time()
        _tallies[(name, field)] += amount


def tallies_waiting_too_long() -> bool:
    return bool(_tallies) and time() - _tallies_since[0] > TALLY_MAX_WAIT_SECONDS


def tallies_flush() -> None:
    """Sends this process's tallies now, in a round trip of their own."""
    tallies = _tallies_take()
    if not tallies:
        return
    try:
        if settings.REDIS_URL:
            _redis_counts([], [], tallies)
        else:
            _cache_tallies_add(tallies)
    except Exception:
        _tallies_restore(tallies)
        raise


def tally_read(name: str) -> dict[str, int]:
    """What the tally ``name`` holds, all processes' sent increments together."""
    if settings.REDIS_URL:
        stored = _client().hgetall(TALLY_PREFIX + name)
        return {field.decode(): int(value) for field, value in stored.items()}
    fields = cache.get(_cache_tally_fields_key(name)) or []
    values = cache.get_many([_cache_tally_key(name, field) for field in fields])
    return {field: int(values.get(_cache_tally_key(name, field), 0)) for field in fields}


def _tallies_take() -> dict[tuple[str, str], int]:
    if not _tallies:  # read without the lock: a request with nothing to send pays nothing
        return {}
    with _tallies_lock:
        taken = dict(_tallies)
        _tallies.clear()
    return taken


def _tallies_restore(tallies: dict[tuple[str, str], int]) -> None:
    if tallies:
        with _tallies_lock:
            if not _tallies:
                _tallies_since[0] = time()
            _tallies.update(tallies)


@atexit.register
def _tallies_flush_at_exit() -> None:
    try:
        tallies_flush()
    except Exception as error:  # the store is gone: nothing more can be done for statistics
        logger.warning("tallies not sent at exit: %s", type(error).__name__)


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


def _redis_counts(keys: list[str], lifetimes: list[int], tallies: dict[tuple[str, str], int]) -> list[int]:
    pipeline = _client().pipeline(transaction=False)
    for key, lifetime in zip(keys, lifetimes, strict=True):
        pipeline.set(key, 0, ex=lifetime, nx=True)  # a new window's counter, with its expiry
        pipeline.incr(key)  # keeps the expiry
    for (name, field), amount in tallies.items():
        pipeline.hincrby(TALLY_PREFIX + name, field, amount)
    hour = int(time()) // 3600
    for name in {name for name, _field in tallies}:
        # Once an hour per tally and process (a tally lives 8 days): one command fewer on the other
        # round trips, and a tally written again after Redis lost it gets its expiry within the hour.
        if (name, hour) not in _tally_expiry_set:
            pipeline.expire(TALLY_PREFIX + name, TALLY_LIFETIME_SECONDS)
            _tally_expiry_set.add((name, hour))
    return pipeline.execute()[1 : 2 * len(keys) : 2]


# --- Any other cache (the one-command demo's files): Django's cache API ---------------------------


def _cache_count(key: str, lifetime: int) -> int:
    cache.add(key, 0, lifetime)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls: this request starts the next window
        cache.add(key, 1, lifetime)
        return 1


def _cache_tally_key(name: str, field: str) -> str:
    return f"{TALLY_PREFIX}{name}:{field}"


def _cache_tally_fields_key(name: str) -> str:
    return f"{TALLY_PREFIX}{name}:fields"


def _cache_tallies_add(tallies: dict[tuple[str, str], int]) -> None:
    """Without Redis, a tally is one cache entry per field, and a list of its fields (written again
    whenever a field is missing from it, so that a list lost to a race is mended by the next)."""
    for (name, field), amount in tallies.items():
        key = _cache_tally_key(name, field)
        cache.add(key, 0, TALLY_LIFETIME_SECONDS)
        try:
            cache.incr(key, amount)
            cache.touch(key, TALLY_LIFETIME_SECONDS)  # a file cache's incr() gives the default timeout
        except ValueError:
            cache.set(key, amount, TALLY_LIFETIME_SECONDS)
        fields = cache.get(_cache_tally_fields_key(name)) or []
        if field not in fields:
            cache.set(_cache_tally_fields_key(name), [*fields, field], TALLY_LIFETIME_SECONDS)
