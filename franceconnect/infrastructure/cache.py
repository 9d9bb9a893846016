"""The shared cache: Django's Redis backend keeping its client objects, and a memo of the
partner-site and identity-provider rows that every login reads.

Django builds a new ``redis.Redis`` for every cache call (``RedisCacheClient.get_client``); with
redis-py 5 and later that constructor copies some two hundred response callbacks. The portal keeps
one client per connection pool instead (clients are thread-safe; each command borrows a
connection from the pool). Django offers no public setting for the client class, so this is a
private override, kept because it is worth it:

- measured (``python -m bench.overrides``): 74 µs of CPU per ``redis.Redis()``; a login makes 31
  cache calls (sessions, claims, configuration memo; counted on the test client's login): 2.3 ms of CPU per login, about 9 % of the portal's ~24 ms;
- checked against Django 5.2.19 and redis-py 8.1.0: ``tests/franceconnect/test_cache_override.py``
  fails if the Django code it replaces or relies on changes.
"""

import math
import uuid
from time import monotonic

from django.conf import settings
from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class PortalRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient


class ConfigurationMemo:
    """Rows every login reads and administrators rarely change (partner sites, identity
    providers), kept in each process's memory and shared by its requests.

    A generation number in the shared cache says when they last changed: any save, delete or
    many-to-many change of the watched models sets a new one, at once and again after the
    transaction commits (so that no process keeps what it read in between). The process that made
    the change starts afresh at once; every other process reads the generation at most every
    ``CONFIGURATION_MEMO_CHECK_SECONDS`` (1 s) and starts afresh when it changed. A change made
    in the admin (a site deactivated, say) thus holds everywhere within a second, and a login's
    six requests read the generation once a second per process instead of six times (six Redis
    round trips per login). Misses (an unknown client_id, say) are not kept: what the memo holds
    is bounded by the registry's size.

    One memo serves the whole portal (``CONFIGURATION``). Changes that bypass model signals
    (``QuerySet.update()``, raw SQL) must call ``changed()``.
    """

    def __init__(self, name: str):
        self.key = f"memo:{name}:generation"
        self._generation = None
        self._values: dict = {}
        self._checked_at = -math.inf  # monotonic() of the last read of the generation

    def watch(self, *models) -> None:
        """Called from the apps' ready(): renew on any change of these models."""
        from django.db.models.signals import m2m_changed, post_delete, post_save

        for model in models:
            post_save.connect(self.changed, sender=model, weak=False, dispatch_uid=f"{self.key}:save:{model}")
            post_delete.connect(
                self.changed, sender=model, weak=False, dispatch_uid=f"{self.key}:del:{model}"
            )
            for field in model._meta.many_to_many:
                m2m_changed.connect(
                    self.changed,
                    sender=field.remote_field.through,
                    weak=False,
                    dispatch_uid=f"{self.key}:{field}",
                )

    def changed(self, **_signal) -> None:
        from django.db import transaction

        self._renew()
        transaction.on_commit(self._renew)

    def _renew(self) -> None:
        from django.core.cache import cache

        cache.set(self.key, uuid.uuid4().hex, timeout=None)
        self._values, self._generation, self._checked_at = {}, None, -math.inf

    def _current_generation(self) -> str:
        from django.core.cache import cache

        generation = cache.get(self.key)
        if generation is None:  # first use, or the cache was emptied: every process starts afresh
            cache.add(self.key, uuid.uuid4().hex, timeout=None)
            generation = cache.get(self.key)
        return generation

    def get(self, key, read):
        """The memo's value for key, or read() (kept unless it is None)."""
        now = monotonic()
        if now - self._checked_at >= settings.CONFIGURATION_MEMO_CHECK_SECONDS:
            generation = self._current_generation()
            if generation != self._generation:
                self._values, self._generation = {}, generation
            self._checked_at = now
        values = self._values
        if key in values:
            return values[key]
        value = read()
        if value is not None:
            values[key] = value
        return value


# Partner sites and identity providers (franceconnect.federation.selectors, identity_providers.selectors).
CONFIGURATION = ConfigurationMemo("configuration")
