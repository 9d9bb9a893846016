"""Settings of the portal: the one place that reads the environment.

Three environments, chosen by ``PORTAL_ENV``:

- ``production`` (the default, so that forgetting to configure never yields an insecure site):
  every secret must come from the environment;
- ``demo``: the one-command demonstration on a fresh machine, with generated secrets kept
  under ``var/`` and the embedded defaults (SQLite, a server-less Celery transport);
- ``test``: the test suite, with fixed test-only secrets.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import lazy

from franceconnect.federation.provider.pkce_policy import pkce_required_for_client
from franceconnect.infrastructure.email_url import email_settings

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()

PORTAL_ENV = env.str("PORTAL_ENV", default="production")
if PORTAL_ENV not in {"production", "demo", "test"}:
    raise ImproperlyConfigured(f"PORTAL_ENV must be production, demo or test, not {PORTAL_ENV!r}.")
IS_PRODUCTION = PORTAL_ENV == "production"

# Where the embedded defaults keep their files (SQLite database, demo secrets, mail, broker).
VAR_DIR = Path(env.str("PORTAL_VAR_DIR", default=str(BASE_DIR / "var")))


def _random_string() -> str:
    from django.utils.crypto import get_random_string

    return get_random_string(64)


def _fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def _demo_secret(name: str, generate) -> str:
    """A random secret generated once for this checkout's demo and kept under var/."""
    path = VAR_DIR / "secrets" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generate())
        path.chmod(0o600)
    return path.read_text().strip()


def _secret(name: str, *, test_value: str, generate=_random_string) -> str:
    """Secrets have no default in production; the demo generates its own, tests use fixed ones."""
    if name in env:
        return env.str(name)
    if PORTAL_ENV == "test":
        return test_value
    if PORTAL_ENV == "demo":
        return _demo_secret(name.lower(), generate)
    raise ImproperlyConfigured(f"The environment variable {name} is required in production.")


def _active_rsa_pem() -> str:
    from franceconnect.federation.provider.signing_keys import active_rsa_pem

    return active_rsa_pem()


def _required_in_production(*names: str) -> None:
    for name in names:
        if IS_PRODUCTION and name not in env:
            raise ImproperlyConfigured(f"The environment variable {name} is required in production.")


_required_in_production("ALLOWED_HOSTS", "PUBLIC_BASE_URL", "OIDC_SIGNING_KEYS_DIR", "EMAIL_URL")


SECRET_KEY = _secret("SECRET_KEY", test_value="test-only-secret-key-not-for-any-real-deployment-0123456789")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

# The public address partner sites and identity providers see; the OpenID issuer is built on it.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
PORTAL_NAME = env.str("PORTAL_NAME", default="FranceConnect")

# Private signing keys of the partner-facing OpenID provider (one file per key, rotated in place).
OIDC_SIGNING_KEYS_DIR = Path(env.str("OIDC_SIGNING_KEYS_DIR", default=str(VAR_DIR / "signing-keys")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "dsfr",
    "oauth2_provider",
    "import_export",
    "corsheaders",
    "franceconnect.federation",
    "identity_providers",
    "service_catalog",
    "notifications",
    "support",
    "citizen_space",
    "partner_space",
    "announcements",
    "service_statistics",
    # The back office's second factor and lockout (franceconnect/infrastructure/staff_access.py).
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
]

# django-axes counts failed staff logins; it must come first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # JSON errors on the JSON APIs, 503 when a store is down (franceconnect/infrastructure/api_errors.py).
    "franceconnect.infrastructure.error_middleware.ApiErrorMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # django-csp; a fixed strict policy on answers that are not pages (franceconnect/infrastructure/csp.py).
    "franceconnect.infrastructure.csp.PortalCSPMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The browser's language, a site's ui_locales and the switcher's choice where the address
    # does not name a language (franceconnect/infrastructure/languages.py).
    "franceconnect.infrastructure.languages.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check: a flood is turned away at the cost of a cache command or two per limit.
    "franceconnect.infrastructure.rate_limits.RateLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who made a change, for the audit trail (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # The back office only: django-otp's verification and the staff's idle sessions.
    "franceconnect.infrastructure.staff_access.StaffAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers a locked-out login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "franceconnect.project.urls"
WSGI_APPLICATION = "franceconnect.project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "libraries": {"portal_layout": "franceconnect.infrastructure.layout_tags"},
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "franceconnect.infrastructure.context_processors.portal_layout",
                "franceconnect.federation.flow.context.single_sign_on",
            ],
        },
    },
]

# --- Data stores -------------------------------------------------------------------------------

DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo's web workers and Celery worker share the file: wait for locks instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")

# Short socket timeouts: a Redis that stops answering fails a request in seconds (a 503, see
# franceconnect/infrastructure/api_errors.py) instead of holding a web worker.
REDIS_CACHE_OPTIONS = {
    "socket_connect_timeout": env.float("REDIS_CONNECT_TIMEOUT_SECONDS", default=2),
    "socket_timeout": env.float("REDIS_SOCKET_TIMEOUT_SECONDS", default=2),
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "franceconnect.infrastructure.cache.PortalRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    # Shared between the demo's processes without any server.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# Partner sites and identity providers are kept in each process's memory; a change made elsewhere
# holds in every process within this delay (franceconnect/infrastructure/cache.py).
CONFIGURATION_MEMO_CHECK_SECONDS = env.float("CONFIGURATION_MEMO_CHECK_SECONDS", default=1.0)

# The layout's fragments (header, footer) rendered once per page and language, in each process.
CACHES["layout"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "layout",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}

# --- Accounts, sessions, cookies ---------------------------------------------------------------

AUTH_USER_MODEL = "franceconnect.User"
OAUTH2_PROVIDER_APPLICATION_MODEL = "franceconnect.ServiceProvider"

# People's passwords keep Django's default (first); partner client secrets use the fast one.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "franceconnect.infrastructure.hashers.ClientSecretHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions live in Redis when there is one (as in FranceConnect's own core): a login's steps then
# cost no SQL for the session, and Redis expires them. Redis must not evict keys under memory
# pressure (maxmemory-policy noeviction, README). The server-less demo keeps them in its database.
# SESSION_REDIS_URL may name another Redis (or database) than the shared cache's.
SESSION_ENGINE = (
    "franceconnect.infrastructure.sessions" if REDIS_URL else "django.contrib.sessions.backends.db"
)
if REDIS_URL:
    CACHES["sessions"] = {
        "BACKEND": "franceconnect.infrastructure.cache.PortalRedisCache",
        "LOCATION": env.str("SESSION_REDIS_URL", default=REDIS_URL),
        "KEY_PREFIX": "session",
        "OPTIONS": REDIS_CACHE_OPTIONS,
    }
    SESSION_CACHE_ALIAS = "sessions"

# Browsers share cookies across ports of one host: the portal, the demo identity providers and
# the demo partner sites all run on 127.0.0.1, so each names its cookies on its own.
SESSION_COOKIE_NAME = "fc_sessionid"
CSRF_COOKIE_NAME = "fc_csrftoken"
# The language switcher's choice (franceconnect/infrastructure/languages.py), kept a year: an
# interface preference, which needs no consent (CNIL: at most 13 months).
LANGUAGE_COOKIE_NAME = "fc_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=IS_PRODUCTION)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=IS_PRODUCTION)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[PUBLIC_BASE_URL])

# --- Transport security (production defaults; the demo runs on plain HTTP) ----------------------

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=IS_PRODUCTION)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if IS_PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=IS_PRODUCTION)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=IS_PRODUCTION)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.bool("BEHIND_TLS_PROXY", default=IS_PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz and /readyz are probed over plain HTTP from inside the host network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Internationalisation ----------------------------------------------------------------------

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English"), ("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["franceconnect.infrastructure.formats"]  # « 24 August 1962 » in English
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static files ------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# The portal's own assets (static/portal/: its stylesheet, scripts), served like DSFR's from this origin.
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Tests serve files straight from the apps, without a collectstatic step.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if PORTAL_ENV == "test"
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# The manifest storage rewrites url(...) inside the DSFR stylesheet, so django-dsfr's integrity
# hashes (computed on the original files) would make browsers refuse it. The files come from
# this origin only (CSP 'self'), which is what integrity checks protect against elsewhere.
DSFR_USE_INTEGRITY_CHECKSUMS = False
# Uploaded files: the identity providers' logos only. The portal serves them itself, checked
# (identity_providers/views.py); with several web hosts MEDIA_ROOT must be a folder they share
# (README « Identity providers »).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))

# --- E-mail ------------------------------------------------------------------------------------

# Demo e-mails are written as files under var/mail; tests keep them in memory. A file mailbox's
# folder is taken as written: absolute, or relative to the project (franceconnect/infrastructure/email_url.py).
_email_default = f"filemail://{VAR_DIR / 'mail'}" if PORTAL_ENV == "demo" else "memorymail://"
globals().update(email_settings(env.str("EMAIL_URL", default=_email_default), base_dir=BASE_DIR))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{PORTAL_NAME} <ne-pas-repondre@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT_SECONDS", default=10)
# Where citizens write when a connection was not theirs (shown in every security e-mail).
SUPPORT_EMAIL = env.str("SUPPORT_EMAIL", default="support@localhost")
NOTIFICATION_MESSAGE_ID_DOMAIN = env.str("NOTIFICATION_MESSAGE_ID_DOMAIN", default="franceconnect.localhost")
# Transient failures (connection refused, timeouts, SMTP 4xx) retry after 30 s, 60 s, 120 s...
NOTIFICATION_RETRY_BASE_SECONDS = env.float("NOTIFICATION_RETRY_BASE_SECONDS", default=30)
NOTIFICATION_MAX_RETRIES = env.int("NOTIFICATION_MAX_RETRIES", default=8)
# Pending rows untouched for this long are queued again (broker outage, lost worker).
NOTIFICATION_REDISPATCH_AFTER_SECONDS = env.int("NOTIFICATION_REDISPATCH_AFTER_SECONDS", default=60)

# --- Celery ------------------------------------------------------------------------------------

if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # Short socket timeouts: a broker outage must not hold a citizen's login for long.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
    }
else:
    # kombu's filesystem transport: the web process and the worker exchange messages through
    # files under var/, so the demo needs no broker server.
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
    }
    for _folder in ("queue", "control", "processed"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)

CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Partner-facing OpenID provider (django-oauth-toolkit) -------------------------------------

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_ISS_ENDPOINT": f"{PUBLIC_BASE_URL}/api/v2",
    # The portal's keys live in OIDC_SIGNING_KEYS_DIR; DOT reads its RSA key setting lazily.
    "OIDC_RSA_PRIVATE_KEY": lazy(_active_rsa_pem, str)(),
    "OAUTH2_SERVER_CLASS": "franceconnect.federation.provider.server.FranceConnectServer",
    "OAUTH2_VALIDATOR_CLASS": "franceconnect.federation.provider.validator.FranceConnectValidator",
    "SCOPES_BACKEND_CLASS": "franceconnect.federation.provider.validator.FranceConnectScopes",
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": env.int("AUTHORIZATION_CODE_LIFETIME_SECONDS", default=30),
    "ACCESS_TOKEN_EXPIRE_SECONDS": env.int("ACCESS_TOKEN_LIFETIME_SECONDS", default=60),
    "ID_TOKEN_EXPIRE_SECONDS": env.int("ID_TOKEN_LIFETIME_SECONDS", default=60),
    "CLIENT_SECRET_HASHER": "fc_client_secret_sha256",
    "PKCE_REQUIRED": pkce_required_for_client,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"] if IS_PRODUCTION else ["http", "https"],
    "ALLOW_URI_WILDCARDS": False,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    # RFC 9700 (OAuth 2.0 Security BCP) behaviour, ahead of django-oauth-toolkit 4.0's defaults:
    # no implicit or password grants, PKCE S256 only, no token in query strings, `iss` in the
    # authorization response (RFC 9207), tokens stored hashed.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    # Configuration gates: a non-compliant value becomes an error under `check --deploy`.
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
    # The demo's partner sites run on plain http://127.0.0.1; production requires https.
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": IS_PRODUCTION,
}
# A form posted to the partner API (token) is a handful of short parameters (a code, a redirect
# URI, a PKCE verifier of at most 128 characters, a client id and secret): 16 KiB is a hundred
# times what it needs. Larger bodies are refused unread (413), the rate limits do not parse them.
PARTNER_API_FORM_MAX_BYTES = 16 * 1024

# --- Identity providers -----------------------------------------------------------------------

# Fernet keys encrypting identity-provider client secrets at rest; the first one encrypts.
IDP_SECRET_KEYS = _secret(
    "IDP_SECRET_KEYS", test_value="dGVzdC1vbmx5LWlkcC1zZWNyZXQta2V5LTMyLWJ5dGU=", generate=_fernet_key
).split(",")
# After this many failed health checks in a row a provider is greyed out in the chooser.
IDP_HEALTH_FAILURE_THRESHOLD = env.int("IDP_HEALTH_FAILURE_THRESHOLD", default=3)
IDP_HEALTH_CHECK_INTERVAL_SECONDS = env.int("IDP_HEALTH_CHECK_INTERVAL_SECONDS", default=60)
IDP_JWKS_CACHE_SECONDS = env.int("IDP_JWKS_CACHE_SECONDS", default=3600)
# Every call to a provider (token, userinfo, JWKS, discovery) ends within this many seconds,
# connection, headers and body together: a provider trickling its answer cannot hold a worker.
IDP_CALL_DEADLINE_SECONDS = env.float("IDP_CALL_DEADLINE_SECONDS", default=10.0)
# A provider's answer larger than this (decompressed) is refused as an invalid response.
IDP_MAX_RESPONSE_BYTES = env.int("IDP_MAX_RESPONSE_BYTES", default=256 * 1024)
# Where mozilla-django-oidc sends identity providers back (one URL shared by all of them).
OIDC_AUTHENTICATION_CALLBACK_URL = "identity_provider_callback"
# Logins at identity providers in progress in one browser (one per tab); the oldest is dropped beyond.
OIDC_MAX_STATES = 8

# --- Federation flow ----------------------------------------------------------------------------

# Derives each site's pairwise `sub`: changing it changes every subject at every site.
PAIRWISE_SUBJECT_SECRET = _secret("PAIRWISE_SUBJECT_SECRET", test_value="test-only-pairwise-subject-secret")
# Keys the citizens' accounts (an HMAC of the pivot identity's hash): without it, knowing a person's
# names and birth data does not find their account. Changing it orphans every account (their
# `sub` at each site stays, being derived from the pivot identity itself).
ACCOUNT_KEY_SECRET = _secret("ACCOUNT_KEY_SECRET", test_value="test-only-account-key-secret")
# How long a citizen logged in at an identity provider may connect to other sites without logging in again.
SSO_LIFETIME_SECONDS = env.int("SSO_LIFETIME_SECONDS", default=1800)
# How long a site's authorization request may wait for the citizen (FranceConnect's core: 30 minutes).
INTERACTION_LIFETIME_SECONDS = env.int("INTERACTION_LIFETIME_SECONDS", default=1800)
# The national register of persons, behind a pluggable interface (franceconnect/identity_register.py).
# Production names its own; the demo and the tests know the demo citizens (demo/identity_register.py).
IDENTITY_REGISTER = env.str(
    "IDENTITY_REGISTER", default=None if IS_PRODUCTION else "demo.identity_register.DemoIdentityRegister"
)
_required_in_production("IDENTITY_REGISTER")

# --- Personal data: how long it is kept (README « Données personnelles / Personal data ») ------

# Connection records are the traceability of accesses: FranceConnect keeps its own for 36 months
# (arrêté du 8 novembre 2018 relatif au téléservice « FranceConnect », as amended on 15 June 2022).
CONNECTION_RECORD_RETENTION_DAYS = env.int("CONNECTION_RECORD_RETENTION_DAYS", default=1095)
# A citizen's account (its key) goes once it has had no connection for as long (same arrêté: the
# federation keys and technical aliases, 36 months after the last connection).
CITIZEN_ACCOUNT_RETENTION_DAYS = env.int("CITIZEN_ACCOUNT_RETENTION_DAYS", default=1095)
# Stored e-mails hold an address and a name; they serve delivery, its retries and support's
# questions about it, for as long as the e-mail's own "it was not me" link works (90 days).
NOTIFICATION_RETENTION_DAYS = env.int("NOTIFICATION_RETENTION_DAYS", default=90)
# A support ticket (name, e-mail address, message) is kept while support works on it, then this
# long after its last change once answered: enough to find it when the person writes back.
SUPPORT_TICKET_RETENTION_DAYS = env.int("SUPPORT_TICKET_RETENTION_DAYS", default=365)
# Logins refused once the portal knew who was logging in (deceased, suspended, blocked provider,
# not in the register): support reads them when the person writes, and an identity theft is often
# noticed months later; a year, as the CNIL recommends for access logs, shorter than connections.
REFUSED_LOGIN_RETENTION_DAYS = env.int("REFUSED_LOGIN_RETENTION_DAYS", default=365)
# « Mon espace » (citizen_space): the connections a citizen sees (FranceConnect shows six months),
# how long their space stays open without a click, and how long the « ce n'était pas moi » link
# of a security e-mail can be opened (once).
CITIZEN_SPACE_HISTORY_DAYS = env.int("CITIZEN_SPACE_HISTORY_DAYS", default=183)
CITIZEN_SPACE_IDLE_SECONDS = env.int("CITIZEN_SPACE_IDLE_SECONDS", default=900)
CONNECTION_REPORT_LINK_DAYS = env.int("CONNECTION_REPORT_LINK_DAYS", default=30)
# The statistics dashboard's stopped logins (time, step, error code, site, identity provider: no
# personal data) and daily figures; the dashboard shows 90 days at most, a year allows comparisons.
STATISTICS_RETENTION_DAYS = env.int("STATISTICS_RETENTION_DAYS", default=365)
# The partner space (partner_space/): how long it stays open without a page, how long its e-mail
# links (address verification, password reset) and invitations can be opened (once), wrong
# passwords (or codes) before an address or a client address is locked out and for how long,
# accepted sign-ups and reset requests per client address, and how long a renewed client secret's
# predecessor still authenticates its site (time to deploy the new one without downtime).
PARTNER_SPACE_IDLE_SECONDS = env.int("PARTNER_SPACE_IDLE_SECONDS", default=1800)
PARTNER_EMAIL_LINK_HOURS = env.int("PARTNER_EMAIL_LINK_HOURS", default=24)
PARTNER_INVITATION_DAYS = env.int("PARTNER_INVITATION_DAYS", default=7)
PARTNER_LOGIN_FAILURE_LIMIT = env.int("PARTNER_LOGIN_FAILURE_LIMIT", default=5)
PARTNER_LOCKOUT_MINUTES = env.int("PARTNER_LOCKOUT_MINUTES", default=30)
PARTNER_SIGN_UP_RATE_LIMIT_PER_IP = env.str("PARTNER_SIGN_UP_RATE_LIMIT_PER_IP", default="10/h")
CLIENT_SECRET_GRACE_HOURS = env.int("CLIENT_SECRET_GRACE_HOURS", default=24)
# The partner space's personal data (partner_space/retention.py): a sign-up whose address was never
# verified is an account nobody can use (its link lasted PARTNER_EMAIL_LINK_HOURS); an invitation is
# kept a month after its link expired or was used, to answer « I never received it »; a partner
# person who has not logged in for three years goes, like a citizen's account (an organisation's
# last administrator is kept while the organisation has sites), and so does its history.
PARTNER_UNVERIFIED_ACCOUNT_DAYS = env.int("PARTNER_UNVERIFIED_ACCOUNT_DAYS", default=7)
PARTNER_INVITATION_RETENTION_DAYS = env.int("PARTNER_INVITATION_RETENTION_DAYS", default=30)
PARTNER_ACCOUNT_INACTIVE_DAYS = env.int("PARTNER_ACCOUNT_INACTIVE_DAYS", default=1095)
# Rows deleted per statement by the purge: short transactions and locks beside the logins.
PURGE_BATCH_SIZE = env.int("PURGE_BATCH_SIZE", default=1000)

# The periodic tasks, reviewed like the rest of the code (one beat process runs them).
CELERY_BEAT_SCHEDULE = {
    "sessions-clear-expired": {
        "task": "franceconnect.federation.tasks.sessions_clear_expired",
        "schedule": crontab(minute=17, hour=3),
    },
    "personal-data-purge": {
        "task": "franceconnect.federation.tasks.personal_data_purge",
        "schedule": crontab(minute=37, hour=3),
    },
    "oauth-tokens-clear-expired": {
        "task": "franceconnect.federation.tasks.oauth_tokens_clear_expired",
        "schedule": crontab(minute="*/15"),
    },
    "notifications-dispatch-pending": {
        "task": "notifications.tasks.notifications_dispatch_pending",
        "schedule": 60,
    },
    "identity-providers-check-all": {
        "task": "identity_providers.tasks.identity_providers_check_all",
        "schedule": IDP_HEALTH_CHECK_INTERVAL_SECONDS,
    },
    # The statistics dashboard's daily figures, today's and yesterday's, written over.
    "statistics-fold": {
        "task": "service_statistics.tasks.statistics_fold",
        "schedule": crontab(minute="*/10"),
    },
}

# --- Service catalogue -------------------------------------------------------------------------

# Other State sites reuse the catalogue's read-only API from browsers: CORS open, for GET only.
CORS_URLS_REGEX = r"^/api/catalogue/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

# --- Support -----------------------------------------------------------------------------------

# Contact-form requests accepted per client address and per e-mail address (django-ratelimit,
# counted in the shared cache: Redis in production and tests; support/rate_limits.py). Only
# accepted requests count; the page itself is also under RATE_LIMIT_PAGES_PER_IP (floods).
SUPPORT_RATE_LIMIT_PER_IP = env.str("SUPPORT_RATE_LIMIT_PER_IP", default="10/h")
SUPPORT_RATE_LIMIT_PER_EMAIL = env.str("SUPPORT_RATE_LIMIT_PER_EMAIL", default="5/h")

# --- The pages a public service publishes (franceconnect/public_pages/) ------------------------

# Who runs this deployment: the legal notice, the personal-data page and the accessibility
# statement name them. Left empty (the demo), the pages say that this is a demonstration of an
# open project, run by whoever installed it.
SITE_OPERATOR_NAME = env.str("SITE_OPERATOR_NAME", default="")
SITE_OPERATOR_ADDRESS = env.str("SITE_OPERATOR_ADDRESS", default="")
SITE_PUBLICATION_DIRECTOR = env.str("SITE_PUBLICATION_DIRECTOR", default="")
SITE_HOSTING_PROVIDER = env.str("SITE_HOSTING_PROVIDER", default="")

# --- Abuse, outages and session lifetime (franceconnect/infrastructure/) ----------------------

# A session holds a login in progress and the single sign-on: it lives as long as the single
# sign-on (Django's default is 14 days), in the cookie and in the session store alike.
SESSION_COOKIE_AGE = SSO_LIFETIME_SECONDS

# Staff access to the back office (franceconnect/infrastructure/staff_access.py): django-axes
# locks a username, or an address, after this many wrong passwords, for this long.
STAFF_LOGIN_FAILURE_LIMIT = env.int("STAFF_LOGIN_FAILURE_LIMIT", default=5)
STAFF_LOCKOUT_MINUTES = env.int("STAFF_LOCKOUT_MINUTES", default=30)
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=1800)
AXES_FAILURE_LIMIT = STAFF_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=STAFF_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one reaching the limit locks
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "franceconnect.infrastructure.staff_access.StaffOnlyAxesHandler"
AXES_CLIENT_IP_CALLABLE = "franceconnect.infrastructure.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "franceconnect.infrastructure.staff_access.lockout_page"
AXES_VERBOSE = False  # its start-up banner
OTP_TOTP_ISSUER = PORTAL_NAME
# The audit trail is read in admin, never written there.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Rate limits (django-ratelimit, counted in the shared cache; franceconnect/infrastructure/rate_limits.py),
# per minute by default, far above a person's or a partner site's normal use: they stop floods.
# An empty value switches a limit off. Behind a reverse proxy set TRUSTED_PROXIES (README).
RATE_LIMIT_API_PER_IP = env.str("RATE_LIMIT_API_PER_IP", default="6000/m")
RATE_LIMIT_API_PER_SITE = env.str("RATE_LIMIT_API_PER_SITE", default="6000/m")
RATE_LIMIT_PAGES_PER_IP = env.str("RATE_LIMIT_PAGES_PER_IP", default="3000/m")
RATE_LIMITED_API_URL_NAMES = ["oidc_authorize", "oidc_token", "oidc_revoke", "oidc_userinfo"]
RATE_LIMITED_PAGE_URL_NAME_PREFIXES = ["flow_", "identity_provider_", "support_", "partner_"]
RATELIMIT_USE_CACHE = "default"
# The reverse proxies in front of the portal, as addresses or networks (e.g. "10.0.0.5,10.1.0.0/16"):
# X-Forwarded-For is read only on requests coming from them (franceconnect/infrastructure/client_address.py).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
# Every limit's "ip" key is that client address. An operator's own RATELIMIT_IP_META_KEY (a header
# the proxy overwrites, e.g. HTTP_X_REAL_IP) is still honoured; it trusts that header from anyone.
RATELIMIT_IP_META_KEY = env.str(
    "RATELIMIT_IP_META_KEY", default="franceconnect.infrastructure.client_address.client_address"
)

# What Retry-After says when a store is down (HTTP 503).
OUTAGE_RETRY_AFTER_SECONDS = env.int("OUTAGE_RETRY_AFTER_SECONDS", default=30)
CSRF_FAILURE_VIEW = "franceconnect.infrastructure.pages.csrf_failure"

# --- Logging: no personal data or secrets are ever logged; levels only here -------------------

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
# The protocol libraries write codes, tokens, client ids and redirect addresses with their codes
# in their DEBUG messages (e.g. django-oauth-toolkit's "Success url for the request: …?code=…"):
# LOG_LEVEL=DEBUG turns on the portal's own debugging, never theirs.
_LIBRARY_LOG_LEVEL = LOG_LEVEL if LOG_LEVEL in {"WARNING", "ERROR", "CRITICAL"} else "INFO"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},  # SQL with its parameters
        **{
            library: {"level": _LIBRARY_LOG_LEVEL}
            for library in (
                "oauthlib",
                "oauth2_provider",
                "mozilla_django_oidc",
                "urllib3",
                "requests",
                "jwt",
            )
        },
    },
}
