"""The one private override kept in franceconnect/infrastructure/ (cache.py: a Redis client per
connection pool instead of one per cache call). It fails as soon as the Django code it replaces
or relies on changes, so that the override is checked again (and its saving measured again with
``python -m bench.overrides``) before a Django upgrade ships."""

import hashlib
import inspect

import pytest
from django.conf import settings
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

# Source of the Django 5.2.19 code the override replaces (get_client) or relies on.
CHECKED = {
    "RedisCacheClient.__init__": "84b786df9ad9dd73",
    "RedisCacheClient.get_client": "ba56fb39ace75b84",
    "RedisCacheClient._get_connection_pool": "025850f6ffcb98ed",
    "RedisCache.__init__": "40131bec6169f7fa",
    "RedisCacheClient.incr": "8161a95d6a1db480",
}


def _fingerprint(function) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16]


def test_the_django_code_under_the_cache_override_is_the_one_it_was_checked_against():
    current = {
        "RedisCacheClient.__init__": _fingerprint(RedisCacheClient.__init__),
        "RedisCacheClient.get_client": _fingerprint(RedisCacheClient.get_client),
        "RedisCacheClient._get_connection_pool": _fingerprint(RedisCacheClient._get_connection_pool),
        "RedisCache.__init__": _fingerprint(RedisCache.__init__),
        "RedisCacheClient.incr": _fingerprint(RedisCacheClient.incr),
    }

    assert current == CHECKED, "Django's Redis cache changed: check cache.py's override and its saving again"


def test_the_override_still_builds_a_client_per_pool_of_djangos_own_kind():
    from franceconnect.infrastructure.cache import PortalRedisCache, ReusingRedisCacheClient

    backend = PortalRedisCache("redis://127.0.0.1:6379/0", {})
    client = backend._cache

    assert isinstance(client, ReusingRedisCacheClient)
    assert client.get_client() is client.get_client()
    assert isinstance(client.get_client(), client._client)


@pytest.mark.skipif(not settings.REDIS_URL, reason="the override is the Redis cache's")
def test_incr_keeps_djangos_contract_in_one_round_trip():
    from django.core.cache import cache

    cache.set("counter-of-the-test", 1, 60)
    assert cache.incr("counter-of-the-test") == 2
    with pytest.raises(ValueError):
        cache.incr("a-counter-that-does-not-exist")
    assert cache.get("a-counter-that-does-not-exist") is None  # not left behind
    # A counter read without counting holds 0 (django-ratelimit's ADD of 0): it exists.
    cache.add("a-counter-at-zero", 0, 60)
    assert cache.incr("a-counter-at-zero") == 1
    assert cache.incr("a-counter-at-zero", 5) == 6
