"""Settings of one demo identity provider instance, chosen by DEMO_IDP_INSTANCE (impots or ameli).

Each instance has its own database, signing keys, secret and cookie names under
var/demo-idp-<instance>/ (or DEMO_IDP_VAR_DIR), so two instances run side by side on one host.
"""

import os
from pathlib import Path

from demo.citizens import ALL_IDENTITY_PROVIDERS as IDENTITY_PROVIDERS
from demo.django_settings import generated_secret_key, sqlite_database

BASE_DIR = Path(__file__).resolve().parents[2]
INSTANCE = os.environ.get("DEMO_IDP_INSTANCE", "impots")
if INSTANCE not in IDENTITY_PROVIDERS:
    raise RuntimeError(f"DEMO_IDP_INSTANCE must be one of {sorted(IDENTITY_PROVIDERS)}")
INSTANCE_NAME = IDENTITY_PROVIDERS[INSTANCE]["name"]
INSTANCE_COLOUR = IDENTITY_PROVIDERS[INSTANCE]["colour"]
PORT = int(os.environ.get("DEMO_IDP_PORT", IDENTITY_PROVIDERS[INSTANCE]["port"]))
# A fixed issuer, whatever Host header a request carries (django-oauth-toolkit's advice).
PUBLIC_URL = os.environ.get("DEMO_IDP_PUBLIC_URL", f"http://127.0.0.1:{PORT}")
VAR_DIR = Path(os.environ.get("DEMO_IDP_VAR_DIR", str(BASE_DIR / "var" / f"demo-idp-{INSTANCE}")))
KEYS_DIR = VAR_DIR / "keys"
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _signing_keys() -> list[str]:
    """PEM private keys, newest first: the newest signs, the older ones stay in the JWKS."""
    from demo.identity_provider.keys import signing_key_ensure

    signing_key_ensure(KEYS_DIR)
    paths = sorted(KEYS_DIR.glob("*.pem"), key=lambda path: path.name, reverse=True)
    return [path.read_text() for path in paths]


SECRET_KEY = generated_secret_key(VAR_DIR)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "oauth2_provider",
    "demo.identity_provider",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "demo.identity_provider.urls"
WSGI_APPLICATION = "demo.identity_provider.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "demo.identity_provider.views.instance",
            ]
        },
    }
]
DATABASES = {"default": sqlite_database(VAR_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "demo_identity_provider.Citizen"
LOGIN_URL = "login"
LANGUAGE_CODE = "fr"
TIME_ZONE = "Europe/Paris"
USE_TZ = True

# Its own cookie names: the portal and the other instance share the host 127.0.0.1.
SESSION_COOKIE_NAME = f"idp_{INSTANCE}_sessionid"
CSRF_COOKIE_NAME = f"idp_{INSTANCE}_csrftoken"

_keys = _signing_keys()
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_ISS_ENDPOINT": f"{PUBLIC_URL}/o",
    "OIDC_RSA_PRIVATE_KEY": _keys[0],
    "OIDC_RSA_PRIVATE_KEYS_INACTIVE": _keys[1:],
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "OIDC_RP_INITIATED_LOGOUT_STRICT_REDIRECT_URIS": True,
    "PKCE_REQUIRED": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
    "ACCESS_TOKEN_EXPIRE_SECONDS": 300,
    "OAUTH2_VALIDATOR_CLASS": "demo.identity_provider.oidc.PivotIdentityValidator",
    "SCOPES": {
        "openid": "OpenID Connect",
        "given_name": "Prénoms",
        "family_name": "Nom de naissance",
        "birthdate": "Date de naissance",
        "gender": "Sexe",
        "birthplace": "Lieu de naissance",
        "birthcountry": "Pays de naissance",
        "email": "Adresse électronique",
        "preferred_username": "Nom d'usage",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

if os.environ.get("DEMO_IDP_LIGHT_HASHING") == "1":  # the benchmark only: see hashers.py
    PASSWORD_HASHERS = ["demo.identity_provider.hashers.LightPBKDF2PasswordHasher"]
