"""Settings of one demo partner site instance, chosen by DEMO_SP_INSTANCE (retraite or famille).

Each instance has its own database, secret, client credentials and cookie names under
var/demo-sp-<instance>/ (or DEMO_SP_VAR_DIR), so both run side by side with the portal and the
demo identity providers on one host.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

from demo.django_settings import generated_secret_key, sqlite_database
from demo.partner_site.instances import PARTNER_SITES

BASE_DIR = Path(__file__).resolve().parents[2]
INSTANCE = os.environ.get("DEMO_SP_INSTANCE", "retraite")
if INSTANCE not in PARTNER_SITES:
    raise RuntimeError(f"DEMO_SP_INSTANCE must be one of {sorted(PARTNER_SITES)}")
INSTANCE_NAME = PARTNER_SITES[INSTANCE]["name"]
INSTANCE_COLOUR = PARTNER_SITES[INSTANCE]["colour"]
INSTANCE_TAGLINE = PARTNER_SITES[INSTANCE]["tagline"]
PORT = int(os.environ.get("DEMO_SP_PORT", PARTNER_SITES[INSTANCE]["port"]))
# Fixed public addresses: the redirect URIs must match the registered ones, whatever Host a
# request carries.
PUBLIC_URL = os.environ.get("DEMO_SP_PUBLIC_URL", f"http://127.0.0.1:{PORT}").rstrip("/")
PORTAL_URL = os.environ.get("DEMO_SP_PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")
VAR_DIR = Path(os.environ.get("DEMO_SP_VAR_DIR", str(BASE_DIR / "var" / f"demo-sp-{INSTANCE}")))
# Written by the portal's demo setup when it registers the site; read at each request so that a
# registration made while the site runs is taken into account without a restart.
CLIENT_FILE = VAR_DIR / "client.json"
VAR_DIR.mkdir(parents=True, exist_ok=True)


SECRET_KEY = generated_secret_key(VAR_DIR)
DEBUG = False
ALLOWED_HOSTS = sorted({"127.0.0.1", "localhost", urlsplit(PUBLIC_URL).hostname or "127.0.0.1"})

INSTALLED_APPS = [
    "django.contrib.sessions",
    "django.contrib.messages",
    "demo.partner_site",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "demo.partner_site.urls"
WSGI_APPLICATION = "demo.partner_site.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csrf",
                "django.contrib.messages.context_processors.messages",
                "demo.partner_site.views.instance",
            ]
        },
    }
]
DATABASES = {"default": sqlite_database(VAR_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The language of the site's pages, also sent to the portal as ui_locales.
LANGUAGE_CODE = "fr"
TIME_ZONE = "Europe/Paris"
USE_TZ = True

# Server-side sessions: logging out really ends them (a copied cookie is then worthless), and the
# ID token kept for the logout stays out of the browser.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Its own cookie names: the portal, the demo identity providers and the other partner site
# share the host 127.0.0.1.
SESSION_COOKIE_NAME = f"sp_{INSTANCE}_sessionid"
CSRF_COOKIE_NAME = f"sp_{INSTANCE}_csrftoken"
SESSION_COOKIE_AGE = 60 * 60
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PUBLIC_URL.startswith("https://")
CSRF_TRUSTED_ORIGINS = [PUBLIC_URL]
# Messages in the session, not in a "messages" cookie other sites on 127.0.0.1 also use.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Authlib logs the PKCE code verifier at DEBUG: never let it through.
    "loggers": {"authlib": {"level": "WARNING"}},
}
