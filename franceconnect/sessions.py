"""Sessions in Redis, written in one round trip.

Django's cache session store checks that a session still exists (GET) before writing it (SET),
so that a request finishing after a logout does not bring the session back. A login writes its
session on five of its steps; Redis's ``SET … XX`` (set only if present) keeps that guarantee
with one command instead of two.
"""

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore


class SessionStore(CacheSessionStore):
    def save(self, must_create=False):
        if self.session_key is None or must_create:
            return super().save(must_create=must_create)
        if not self._cache.replace(self.cache_key, self._get_session(), self.get_expiry_age()):
            raise UpdateError  # deleted meanwhile (logout, flush): Django answers SessionInterrupted
