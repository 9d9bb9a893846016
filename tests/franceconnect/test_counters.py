"""The rate limits' counters: fixed windows, one pipelined round trip on Redis, Django's cache
API elsewhere, keys that hold no address or token."""

import pytest
from django.core.cache import cache

from franceconnect.infrastructure import counters
from franceconnect.infrastructure.counters import Counted, count_requests, parse_rate


@pytest.mark.parametrize(
    ("rate", "count", "seconds"),
    [
        ("300/m", 300, 60),
        ("10/5m", 10, 300),
        ("5/h", 5, 3600),
        ("100/s", 100, 1),
        ("7/30", 7, 30),
        ("1/d", 1, 86400),
    ],
)
def test_rates_are_read_in_django_ratelimits_syntax(rate, count, seconds):
    assert parse_rate(rate) == counters.Rate(count, seconds)


@pytest.mark.parametrize("rate", ["", "m", "10/x", "-1/m", "10 per minute"])
def test_a_malformed_rate_is_refused(rate):
    with pytest.raises(ValueError):
        parse_rate(rate)


def _counted(value="192.0.2.1", rate="3/m", name="test:ip"):
    return Counted(name, value, parse_rate(rate))


def test_each_request_counts_once_per_counter_and_values_count_apart():
    cache.clear()
    first = [count_requests([_counted(), _counted("site-a", name="test:site")]) for _ in range(3)]
    other_address = count_requests([_counted("192.0.2.2")])

    assert [[usage.count for usage in usages] for usages in first] == [[1, 1], [2, 2], [3, 3]]
    assert other_address[0].count == 1
    assert all(0 < usage.seconds_left <= 60 for usages in first for usage in usages)


def test_a_new_window_starts_a_new_count(monkeypatch):
    cache.clear()
    now = 1_800_000_000
    monkeypatch.setattr(counters, "time", lambda: now)  # this module's clock only
    usage = count_requests([_counted()])[0]
    count_requests([_counted()])

    monkeypatch.setattr(counters, "time", lambda: now + usage.seconds_left)

    assert count_requests([_counted()])[0].count == 1


@pytest.mark.skipif(not counters.settings.REDIS_URL, reason="the Redis path")
def test_on_redis_a_requests_counters_take_one_round_trip_and_expire_with_their_window(monkeypatch):
    cache.clear()
    client = counters._client()
    executed = []
    real_pipeline = client.pipeline

    def pipeline(**kwargs):
        made = real_pipeline(**kwargs)
        real_execute = made.execute
        made.execute = lambda *a, **k: executed.append(len(made.command_stack)) or real_execute(*a, **k)
        return made

    counters.tallies_flush()  # statistics counted by earlier tests would ride along
    monkeypatch.setattr(client, "pipeline", pipeline)
    count_requests([_counted(), _counted("site-a", name="test:site")])

    assert executed == [4]  # one round trip: SET NX EX and INCR for each counter
    keys = [key.decode() for key in client.keys(f"{counters.KEY_PREFIX}test:*")]
    assert len(keys) == 2
    assert all(0 < client.ttl(key) <= 60 + counters.EXPIRY_MARGIN_SECONDS for key in keys)
    assert not any("192.0.2.1" in key or "site-a" in key for key in keys)  # hashed, never the value


def test_without_redis_djangos_cache_api_counts(settings):
    settings.REDIS_URL = ""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    from django.core.cache import caches

    caches["default"].clear()

    assert [count_requests([_counted()])[0].count for _ in range(3)] == [1, 2, 3]
