"""Sessions in Redis (Django's cache session store) that never mistake an outage for a logout.

Django's cache store reads a failing cache as an empty session (a guard for memcached's invalid
keys, Django ticket #17810): with Redis down, a login in progress would silently lose its state
and the citizen would see "no authorization request" instead of "come back in a minute". Here an
unreachable store is raised, and answered 503 (franceconnect/infrastructure/api_errors.py).
``load()`` is the method Django documents for session stores to implement.

Earlier, the portal also wrote existing sessions with one ``SET … XX`` instead of Django's
GET then SET, and drew new keys without Django's EXISTS: measured at 5 round trips of 26 µs of CPU
= 0.13 ms per login (0.5 % of the portal's ~24 ms), not worth a private override; Django's own
``save()`` keeps the same guarantees (a session deleted meanwhile is not brought back).
"""

from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore

from franceconnect.infrastructure.api_errors import OUTAGE_ERRORS


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
