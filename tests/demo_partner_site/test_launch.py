"""How the portal's demo launches the partner sites (no server: the environment and commands)."""

import sys
from pathlib import Path

from demo.partner_site import launch
from demo.partner_site.instances import PARTNER_SITES


def test_instance_environment(monkeypatch):
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "PORTAL_ENV", "DEMO_SP_PUBLIC_URL"):
        monkeypatch.setenv(name, "inherited")
    monkeypatch.setenv("PUBLIC_BASE_URL", "http://127.0.0.1:8000/")
    monkeypatch.delenv("DEMO_SP_FAMILLE_PORT", raising=False)

    environment = launch.instance_environment("famille", Path("/srv/var"))

    assert environment["DJANGO_SETTINGS_MODULE"] == "demo.partner_site.settings"
    assert environment["DEMO_SP_INSTANCE"] == "famille"
    assert environment["DEMO_SP_PORT"] == "8012"
    assert environment["DEMO_SP_VAR_DIR"] == "/srv/var/demo-sp-famille"
    assert environment["DEMO_SP_PORTAL_URL"] == "http://127.0.0.1:8000"
    for name in ("DATABASE_URL", "REDIS_URL", "PORTAL_ENV", "DEMO_SP_PUBLIC_URL"):
        assert name not in environment


def test_without_public_base_url_the_site_uses_its_default_portal(monkeypatch):
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.delenv("DEMO_SP_PORTAL_URL", raising=False)

    assert "DEMO_SP_PORTAL_URL" not in launch.instance_environment("retraite", Path("/srv/var"))


def test_addresses_follow_the_port_override(monkeypatch):
    monkeypatch.setenv("DEMO_SP_RETRAITE_PORT", "9011")

    assert launch.instance_port("retraite") == 9011
    assert launch.instance_url("retraite") == "http://127.0.0.1:9011"
    assert launch.redirect_uri("retraite") == "http://127.0.0.1:9011/oidc/callback/"
    assert launch.post_logout_redirect_uri("retraite") == "http://127.0.0.1:9011/deconnexion/retour"


def test_commands(monkeypatch):
    monkeypatch.delenv("DEMO_SP_FAMILLE_PORT", raising=False)

    assert launch.manage_command("migrate") == [sys.executable, "-m", "demo.partner_site", "migrate"]
    command = launch.server_command("famille")
    assert command[1:] == [
        "demo.partner_site.wsgi",
        "--bind=127.0.0.1:8012",
        "--workers=2",
        "--name=demo-sp-famille",
    ]
    assert Path(command[0]).name == "gunicorn"


def test_the_two_sites_are_distinct():
    assert sorted(PARTNER_SITES) == ["famille", "retraite"]
    assert PARTNER_SITES["retraite"]["name"] == "Mon compte retraite (démo)"
    assert PARTNER_SITES["famille"]["name"] == "Caisse des familles (démo)"
    assert len({site["port"] for site in PARTNER_SITES.values()}) == 2
    assert {site["id_token_signed_response_alg"] for site in PARTNER_SITES.values()} == {"RS256", "ES256"}
