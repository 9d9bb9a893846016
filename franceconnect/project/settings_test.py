"""Settings for the test suite: the portal's own settings in their ``test`` environment.

DATABASE_URL and REDIS_URL still come from the environment, so the same suite runs on the
machine's PostgreSQL and Redis (``make test``, CI) or on the embedded defaults.
"""

import os
from urllib.parse import urlsplit

os.environ.setdefault("PORTAL_ENV", "test")

from franceconnect.project.settings import *  # noqa: F403

PASSWORD_HASHERS = [  # fast user fixtures only; client secrets keep their own hasher
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "franceconnect.infrastructure.hashers.ClientSecretHasher",
]

# Tests empty the shared cache between them (cache.clear() flushes its Redis database): sessions
# go to the next database so that a test's logged-in client survives that.
if "sessions" in CACHES and not os.environ.get("SESSION_REDIS_URL"):  # noqa: F405
    _redis = urlsplit(REDIS_URL)  # noqa: F405
    _database = int(_redis.path.strip("/") or 0) + 1
    CACHES["sessions"]["LOCATION"] = _redis._replace(path=f"/{_database}").geturl()  # noqa: F405

# WhiteNoise looks for the collected files at start-up; tests serve them from the apps instead.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
