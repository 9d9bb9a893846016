"""The demo identity provider run for real (gunicorn in a subprocess) for tests over HTTP."""

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from demo.identity_provider import launch
from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "portal-under-test"
CLIENT_SECRET = "portal-under-test-secret-at-the-demo-provider"


class DemoIdentityProvider:
    def __init__(self, instance: str, var_dir: Path):
        self.instance = instance
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.environment = {
            **launch.instance_environment(instance, var_dir),
            "DEMO_IDP_PORT": str(self.port),
            "DEMO_IDP_VAR_DIR": str(var_dir / f"idp-{instance}"),
        }
        self.process: subprocess.Popen | None = None

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "demo.identity_provider", *args],
            cwd=ROOT,
            env=self.environment,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    def prepare(
        self, redirect_uri: str, *, consent: bool = False, post_logout_redirect_uri: str = ""
    ) -> None:
        self.manage("migrate", "--verbosity=0")
        seed = ["demo_idp_seed", "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET]
        seed += ["--redirect-uri", redirect_uri]
        if post_logout_redirect_uri:
            seed += ["--post-logout-redirect-uri", post_logout_redirect_uri]
        self.manage(*seed, *(["--ask-consent"] if consent else []))

    def start(self) -> "DemoIdentityProvider":
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "demo.identity_provider.wsgi",
            f"--bind=127.0.0.1:{self.port}",
            "--workers=1",
        ]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/o/.well-known/openid-configuration", timeout=1):
                    return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("the demo identity provider stopped at start-up") from None
                time.sleep(0.2)
        raise RuntimeError("the demo identity provider did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        self.process = None

    def register_in_portal(self, *, slug: str | None = None, name: str | None = None):
        """The registry row an administrator would create, endpoints read from discovery."""
        from identity_providers.models import IdentityProvider
        from identity_providers.services import identity_provider_refresh_from_discovery

        provider = IdentityProvider(
            slug=slug or self.instance,
            name=name or f"{self.instance} (test)",
            eidas_levels=["eidas1"],
            discovery_url=f"{self.url}/o/.well-known/openid-configuration",
            client_id=CLIENT_ID,
        )
        provider.client_secret = CLIENT_SECRET
        provider.save()
        return identity_provider_refresh_from_discovery(provider=provider)
