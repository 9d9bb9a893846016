"""`make demo` starts a working portal and its demo identity providers: the launcher, tested for real."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[1]


def test_demo_launcher_brings_the_portal_up_ready_and_stops_everything(tmp_path):
    port, impots_port, ameli_port = free_port(), free_port(), free_port()
    retraite_port, famille_port = free_port(), free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "PUBLIC_BASE_URL",
        }
    }
    environment |= {
        "PORTAL_ENV": "demo",
        "PORTAL_PORT": str(port),
        "PORTAL_VAR_DIR": str(tmp_path),
        "DEMO_IDP_IMPOTS_PORT": str(impots_port),
        "DEMO_IDP_AMELI_PORT": str(ameli_port),
        "DEMO_SP_RETRAITE_PORT": str(retraite_port),
        "DEMO_SP_FAMILLE_PORT": str(famille_port),
    }
    launcher = subprocess.Popen(
        [sys.executable, "-m", "demo.run"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = []
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = launcher.stdout.readline()
            if not line and launcher.poll() is not None:
                break
            output.append(line)
            if "The demonstration is running" in line:
                break
        assert any("The demonstration is running" in line for line in output), "".join(output)

        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as answer:
            assert answer.status == 200
            # Sessions in the database (no Redis): no separate session-store check.
            assert json.load(answer)["checks"] == {
                "database": {"ok": True},
                "broker": {"ok": True},
                "cache": {"ok": True},
            }
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
            assert '<html lang="fr"' in answer.read().decode()
        assert (tmp_path / "portal.sqlite3").exists()
        for idp_port in (impots_port, ameli_port):
            discovery_url = f"http://127.0.0.1:{idp_port}/o/.well-known/openid-configuration"
            with urllib.request.urlopen(discovery_url, timeout=5) as answer:
                assert json.load(answer)["issuer"] == f"http://127.0.0.1:{idp_port}/o"
        for site_port in (retraite_port, famille_port):
            with urllib.request.urlopen(f"http://127.0.0.1:{site_port}/", timeout=5) as answer:
                assert "S'identifier avec FranceConnect" in answer.read().decode()
        # The README's commands, typed without PORTAL_ENV, act on the running demo (var/demo.env).
        command_environment = {
            key: value for key, value in environment.items() if key not in {"PORTAL_ENV", "PUBLIC_BASE_URL"}
        }
        mailbox = subprocess.run(
            [sys.executable, "manage.py", "mailbox", "--last", "3"],
            cwd=ROOT,
            env=command_environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert mailbox.returncode == 0, mailbox.stderr
        assert mailbox.stdout.strip() == f"No e-mail in {tmp_path / 'mail'} yet."
    finally:
        launcher.send_signal(signal.SIGTERM)
        launcher.communicate(timeout=60)

    assert launcher.returncode == 0
