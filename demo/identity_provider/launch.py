"""How the portal's demo starts a demo identity provider instance (environment, commands)."""

import os
import sys
from pathlib import Path

from demo.citizens import ALL_IDENTITY_PROVIDERS

BIN = Path(sys.executable).parent


def instance_environment(instance: str, var_dir: Path) -> dict[str, str]:
    """The environment of one instance: its own settings module, port, data folder."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "PORTAL_ENV"}
    }
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "demo.identity_provider.settings",
        "DEMO_IDP_INSTANCE": instance,
        "DEMO_IDP_PORT": str(instance_port(instance)),
        "DEMO_IDP_VAR_DIR": str(var_dir / f"demo-idp-{instance}"),
    }


def instance_port(instance: str) -> int:
    return int(os.environ.get(f"DEMO_IDP_{instance.upper()}_PORT", ALL_IDENTITY_PROVIDERS[instance]["port"]))


def instance_url(instance: str) -> str:
    return f"http://127.0.0.1:{instance_port(instance)}"


def manage_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "demo.identity_provider", *args]


def server_command(instance: str) -> list[str]:
    return [
        str(BIN / "gunicorn"),
        "demo.identity_provider.wsgi",
        f"--bind=127.0.0.1:{instance_port(instance)}",
        "--workers=2",
        f"--name=demo-idp-{instance}",
    ]
