"""Sessions in Redis, written in one round trip.

Django's cache session store checks that a session still exists (GET) before writing it (SET),
so that a request finishing after a logout does not bring the session back. A login writes its
session on five of its steps; Redis's ``SET … XX`` (set only if present) keeps that guarantee
with one command instead of two. Likewise a new session key is not checked with EXISTS first:
creating the session (``SET … NX``, Django's ``cache.add``) already refuses a key in use, and
Django then draws another.

Django's cache store also reads a failing cache as an empty session (a guard for memcached's
invalid keys, Django ticket #17810): with Redis down, a login in progress would silently lose its
state and the citizen would see "no authorization request" instead of "come back in a minute".
Here an unreachable store is raised, and answered 503 (franceconnect/infrastructure/errors.py).
"""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS, UpdateError
from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore
from django.utils.crypto import get_random_string

from franceconnect.infrastructure.errors import OUTAGE_ERRORS


class SessionStore(CacheSessionStore):
    def load(self):
        try:
            session_data = self._cache.get(self.cache_key)
        except OUTAGE_ERRORS:
            raise
        except Exception:  # as Django: an unusable key (a forged cookie) is no session
            session_data = None
        if session_data is not None:
            return session_data
        self._session_key = None
        return {}

    def _get_new_session_key(self):
        return get_random_string(32, VALID_KEY_CHARS)

    def save(self, must_create=False):
        if self.session_key is None or must_create:
            return super().save(must_create=must_create)
        if not self._cache.replace(self.cache_key, self._get_session(), self.get_expiry_age()):
            raise UpdateError  # deleted meanwhile (logout, flush): Django answers SessionInterrupted
