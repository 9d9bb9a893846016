"""The demo partner site run for real (gunicorn in a subprocess), as the portal's demo runs it.

Its settings are never imported in the test process, which runs the portal's test settings.
"""

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from demo.partner_site import launch
from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[2]


class PartnerSite:
    def __init__(self, instance: str, var_dir: Path, portal_url: str):
        self.instance = instance
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.var_dir = var_dir / f"demo-sp-{instance}"
        self.client_file = self.var_dir / "client.json"
        self.log_file = var_dir / f"demo-sp-{instance}.log"
        self.environment = {
            **launch.instance_environment(instance, var_dir),
            "DEMO_SP_PORT": str(self.port),
            "DEMO_SP_PORTAL_URL": portal_url,
        }
        self.process: subprocess.Popen | None = None

    def manage(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "demo.partner_site", *args],
            cwd=ROOT,
            env=self.environment,
            capture_output=True,
            text=True,
            check=True,
        )

    def register(self, client_id: str, client_secret: str) -> None:
        """What the portal's demo setup does once it has registered the site."""
        self.var_dir.mkdir(parents=True, exist_ok=True)
        self.client_file.write_text(json.dumps({"client_id": client_id, "client_secret": client_secret}))

    def start(self) -> "PartnerSite":
        self.manage("migrate", "--verbosity=0")
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "demo.partner_site.wsgi",
            f"--bind=127.0.0.1:{self.port}",
            "--workers=1",
        ]
        with self.log_file.open("w") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.environment, stdout=subprocess.DEVNULL, stderr=log
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/", timeout=1):
                    return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"the partner site stopped at start-up: {self.log()}") from None
                time.sleep(0.2)
        raise RuntimeError("the partner site did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        self.process = None

    def log(self) -> str:
        return self.log_file.read_text() if self.log_file.exists() else ""
