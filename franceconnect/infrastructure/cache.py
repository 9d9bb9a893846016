"""The shared cache: Django's Redis backend keeping its client objects, and a memo of the
partner-site and identity-provider rows that every login reads.

Django builds a new ``redis.Redis`` for every cache call (``RedisCacheClient.get_client``); with
redis-py 5 and later that constructor copies some two hundred response callbacks. The portal keeps
one client per connection pool instead (clients are thread-safe; each command borrows a
connection from the pool). Django offers no public setting for the client class, so this is a
private override, kept because it is worth it:

- measured (``python -m bench.overrides``): 74 µs of CPU per ``redis.Redis()``; a login makes 31
  cache calls (sessions, claims, configuration memo, rate limits; counted on the test client's
  login): 2.3 ms of CPU per login, about 9 % of the portal's ~24 ms;
- checked against Django 5.2.19 and redis-py 8.1.0: ``tests/franceconnect/test_cache_override.py``
  fails if the Django code it replaces or relies on changes.

Its ``incr`` also makes one round trip instead of two (the rate limits' counters; measured there
too): a short script that increments the key only if it exists.
"""

import threading
import uuid

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._incr_script = None

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    # INCRBY on an existing key only, in one round trip (nil when the key is missing).
    _INCR_EXISTING = (
        "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCRBY', KEYS[1], ARGV[1]) end "
        "return false"
    )

    def incr(self, key, delta=1):
        """One round trip instead of Django's EXISTS then INCR. The rate limits (django-ratelimit: a
        counter is an ADD, then an INCR once it exists) are its callers, nine counters per login:
        one round trip fewer each, about 0.8 ms of the portal's CPU per login (3 %). Django's
        contract is kept: a missing key raises ValueError and is not created. The check runs in
        Redis (a script, called by its SHA like a command): a plain INCR could not tell a
        missing key from one holding 0, which django-ratelimit writes when it reads a counter
        without counting (the contact form's limits)."""
        client = self.get_client(key, write=True)
        if self._incr_script is None:
            self._incr_script = client.register_script(self._INCR_EXISTING)
        value = self._incr_script(keys=[key], args=[delta], client=client)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


class PortalRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient


class ConfigurationMemo:
    """Rows every login reads and administrators rarely change (partner sites, identity
    providers), kept in each process's memory and shared by its requests.

    A generation number in the shared cache says when they last changed: any save, delete or
    many-to-many change of the watched models sets a new one, at once and again after the
    transaction commits (so that no process keeps what it read in between), and the next read in
    every process starts afresh. A read costs one cache GET instead of an ORM query. Misses (an
    unknown client_id, say) are not kept: what the memo holds is bounded by the registry's size.

    One memo serves the whole portal (``CONFIGURATION``): one generation to read per request,
    whichever of the watched models a request needs. Changes that bypass model signals
    (``QuerySet.update()``, raw SQL) must call ``changed()``.
    """

    def __init__(self, name: str):
        self.key = f"memo:{name}:generation"
        self._generation = None
        self._values: dict = {}
        # Within one HTTP request the generation is read once (a login step may read the memo
        # several times); outside requests (workers, commands) on every read.
        self._request = threading.local()

    def watch(self, *models) -> None:
        """Called from the apps' ready(): renew on any change of these models, and follow the
        requests."""
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import m2m_changed, post_delete, post_save

        request_started.connect(self._request_started, weak=False, dispatch_uid=f"{self.key}:started")
        request_finished.connect(self._request_finished, weak=False, dispatch_uid=f"{self.key}:finished")
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
        self._values, self._generation = {}, None
        self._request.checked = False

    def _current_generation(self) -> str:
        from django.core.cache import cache

        generation = cache.get(self.key)
        if generation is None:  # first use, or the cache was emptied: every process starts afresh
            cache.add(self.key, uuid.uuid4().hex, timeout=None)
            generation = cache.get(self.key)
        return generation

    def _request_started(self, **_signal) -> None:
        self._request.active, self._request.checked = True, False

    def _request_finished(self, **_signal) -> None:
        self._request.active = False

    def get(self, key, read):
        """The memo's value for key, or read() (kept unless it is None)."""
        request = self._request
        if not (getattr(request, "active", False) and request.checked):
            generation = self._current_generation()
            if generation != self._generation:
                self._values, self._generation = {}, generation
            request.checked = True
        values = self._values
        if key in values:
            return values[key]
        value = read()
        if value is not None:
            values[key] = value
        return value


# Partner sites and identity providers (franceconnect.federation.selectors, identity_providers.selectors).
CONFIGURATION = ConfigurationMemo("configuration")
