"""Settings for the test suite: the portal's own settings in their ``test`` environment.

DATABASE_URL and REDIS_URL still come from the environment, so the same suite runs on the
machine's PostgreSQL and Redis (``make test``, CI) or on the embedded defaults.
"""

import os

os.environ.setdefault("PORTAL_ENV", "test")

from franceconnect.settings import *  # noqa: F403

PASSWORD_HASHERS = [  # fast user fixtures only; client secrets keep their own hasher
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "franceconnect.hashers.ClientSecretHasher",
]

# WhiteNoise looks for the collected files at start-up; tests serve them from the apps instead.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
