"""``var/demo.env``: what the running demo was started with, for ``manage.py`` to act on it.

``make demo`` starts the portal with PORTAL_ENV=demo and whatever addresses were in its
environment (a PostgreSQL database, a Redis server, other ports…). The README's commands
(``manage.py mailbox``, ``register_service_provider``, ``catalogue_import``…) must act on that
same demo as printed, without repeating them, so ``make demo`` writes them down here and
manage.py reads them back.

Tests, CI and production never read it: manage.py reads the file only when the environment
chooses no settings itself (neither PORTAL_ENV nor DJANGO_SETTINGS_MODULE; they always set one),
and the settings modules never read it. Even then a variable set in the environment wins.
Only the standard library here: manage.py imports this before Django.
"""

from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILE_NAME = "demo.env"
# Any of these in the environment means "these settings", not the demo's.
SETTINGS_CHOSEN_BY = ("PORTAL_ENV", "DJANGO_SETTINGS_MODULE")
# Where the demo's data, database, broker, cache, mail and secrets are: a command must see the same.
CARRIED_OVER = (
    "PORTAL_VAR_DIR",
    "PUBLIC_BASE_URL",
    "DATABASE_URL",
    "REDIS_URL",
    "SESSION_REDIS_URL",
    "EMAIL_URL",
    "SECRET_KEY",
    "IDP_SECRET_KEYS",
    "PAIRWISE_SUBJECT_SECRET",
    "ACCOUNT_KEY_SECRET",
    "OIDC_SIGNING_KEYS_DIR",
)


def demo_environment_file(environ: Mapping[str, str]) -> Path:
    """In the demo's data folder: PORTAL_VAR_DIR, or var/ in the checkout."""
    return Path(environ.get("PORTAL_VAR_DIR") or ROOT / "var") / FILE_NAME


def demo_environment_write(var_dir: Path, environ: Mapping[str, str]) -> Path:
    """Write the demo's environment file under ``var_dir`` (private: it may hold passwords)."""
    lines = [
        "# Written by `make demo` at each start (demo/environment_file.py). manage.py reads it when",
        "# neither PORTAL_ENV nor DJANGO_SETTINGS_MODULE is set, so that its commands act on this demo.",
        "PORTAL_ENV=demo",
    ]
    lines += [f"{name}={environ[name]}" for name in CARRIED_OVER if environ.get(name)]
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / FILE_NAME
    path.touch(mode=0o600)
    path.chmod(0o600)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def demo_environment_read(environ: Mapping[str, str]) -> dict[str, str]:
    """The variables the demo's file adds to ``environ``: none when ``environ`` chooses its
    settings, and never one that ``environ`` already sets."""
    if any(environ.get(name) for name in SETTINGS_CHOSEN_BY):
        return {}
    path = demo_environment_file(environ)
    if not path.is_file():
        return {}
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, separator, value = line.partition("=")
        name = name.strip()
        if separator and name and not name.startswith("#") and name not in environ:
            values[name] = value.strip()
    return values
