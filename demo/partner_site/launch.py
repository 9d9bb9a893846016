"""How the portal's demo starts a demo partner site instance (environment, commands, addresses)."""

import os
import sys
from pathlib import Path

from demo.partner_site.instances import PARTNER_SITES

BIN = Path(sys.executable).parent
# Settings of the portal's own process, and per-instance addresses that one shared value would
# give to both instances (each instance derives its public address from its port instead).
NOT_INHERITED = {
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "REDIS_URL",
    "PORTAL_ENV",
    "DEMO_SP_PUBLIC_URL",
}


def instance_environment(instance: str, var_dir: Path) -> dict[str, str]:
    """The environment of one instance: its own settings module, port, data folder, portal."""
    clean = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    environment = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "demo.partner_site.settings",
        "DEMO_SP_INSTANCE": instance,
        "DEMO_SP_PORT": str(instance_port(instance)),
        "DEMO_SP_VAR_DIR": str(var_dir / f"demo-sp-{instance}"),
    }
    if portal_url := os.environ.get("PUBLIC_BASE_URL"):
        environment["DEMO_SP_PORTAL_URL"] = portal_url.rstrip("/")
    return environment


def instance_port(instance: str) -> int:
    return int(os.environ.get(f"DEMO_SP_{instance.upper()}_PORT", PARTNER_SITES[instance]["port"]))


def instance_url(instance: str) -> str:
    return f"http://127.0.0.1:{instance_port(instance)}"


def redirect_uri(instance: str) -> str:
    return f"{instance_url(instance)}/oidc/callback/"


def post_logout_redirect_uri(instance: str) -> str:
    return f"{instance_url(instance)}/deconnexion/retour"


def manage_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "demo.partner_site", *args]


def server_command(instance: str) -> list[str]:
    return [
        str(BIN / "gunicorn"),
        "demo.partner_site.wsgi",
        f"--bind=127.0.0.1:{instance_port(instance)}",
        "--workers=2",
        f"--name=demo-sp-{instance}",
    ]
