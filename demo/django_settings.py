"""What the demo's small Django projects (identity provider, partner site) set up the same way."""

from pathlib import Path


def generated_secret_key(var_dir: Path) -> str:
    """A random SECRET_KEY made once per instance and kept in its data folder."""
    from django.utils.crypto import get_random_string

    path = var_dir / "secret_key"
    if not path.exists():
        path.write_text(get_random_string(64))
        path.chmod(0o600)
    return path.read_text()


def sqlite_database(path: Path) -> dict:
    """Several gunicorn workers share one SQLite file: wait for locks, write-ahead log, take the write
    lock at the start of each transaction (no deadlocked upgrades under concurrent logins)."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL;",
        },
    }
