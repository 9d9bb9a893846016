"""Start the whole demonstration on this machine and keep it running until Ctrl-C.

Prepares the database (demo.setup), starts each process of the demo, waits until the portal
is ready, then prints the addresses to open. If any process dies, everything is stopped.
"""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from demo.citizens import ALL_IDENTITY_PROVIDERS as IDENTITY_PROVIDERS
from demo.environment_file import demo_environment_write
from demo.identity_provider import launch
from demo.partner_site import launch as partner_launch
from demo.partner_site.instances import PARTNER_SITES

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORTAL_PORT = int(os.environ.get("PORTAL_PORT", "8000"))
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", str(ROOT / "var")))
READY_TIMEOUT_SECONDS = 60


@dataclass
class DemoProcess:
    name: str
    argv: list[str]
    env: dict[str, str]
    ready_url: str = ""


def demo_processes(portal_env: dict[str, str], var_dir: Path) -> list[DemoProcess]:
    processes = [
        DemoProcess(
            name="portal (web)",
            argv=[
                str(BIN / "gunicorn"),
                "franceconnect.project.wsgi",
                f"--bind=127.0.0.1:{PORTAL_PORT}",
                "--workers=2",
                # No access log (gunicorn's default): it would print query strings (?code=…&state=…).
            ],
            env=portal_env,
            ready_url=f"http://127.0.0.1:{PORTAL_PORT}/readyz",
        ),
        DemoProcess(
            name="worker (Celery, with beat)",
            argv=[str(BIN / "celery"), "--app=franceconnect", "worker", "--beat", "--loglevel=INFO"],
            env=portal_env,
        ),
    ]
    for instance, info in IDENTITY_PROVIDERS.items():
        processes.append(
            DemoProcess(
                name=f"identity provider {info['name']}",
                argv=launch.server_command(instance),
                env=launch.instance_environment(instance, var_dir),
                ready_url=f"{launch.instance_url(instance)}/o/.well-known/openid-configuration",
            )
        )
    for instance, info in PARTNER_SITES.items():
        processes.append(
            DemoProcess(
                name=f"partner site {info['name']}",
                argv=partner_launch.server_command(instance),
                env=partner_launch.instance_environment(instance, var_dir),
                ready_url=f"{partner_launch.instance_url(instance)}/",
            )
        )
    return processes


def wait_until_ready(urls: list[str], children: list[subprocess.Popen]) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    waiting = list(urls)
    while waiting and time.monotonic() < deadline:
        if any(child.poll() is not None for child in children):
            raise SystemExit("A demo process stopped during start-up; see its messages above.")
        try:
            with urllib.request.urlopen(waiting[0], timeout=2) as answer:  # noqa: S310 — fixed local URL
                if answer.status == 200:
                    waiting.pop(0)
                    continue
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    if waiting:
        raise SystemExit(f"Not ready after {READY_TIMEOUT_SECONDS} s: {waiting[0]}")


def print_banner(processes: list[DemoProcess]) -> None:
    base = f"http://127.0.0.1:{PORTAL_PORT}"
    lines = [
        "",
        "The demonstration is running. Start on a partner site and click « S'identifier avec FranceConnect »:",
    ]
    lines += [
        f"  {info['name']:<28} {partner_launch.instance_url(instance)}/"
        for instance, info in PARTNER_SITES.items()
    ]
    lines += [
        "Also:",
        f"  Portal (home page)     {base}/",
        f"  Administration         {base}/admin/   (admin / demo-admin-password; code: .venv/bin/python -m demo.admin_code)",
        f"  Readiness probe        {base}/readyz",
    ]
    lines += [
        f"  {info['name']:<22} {launch.instance_url(instance)}/   (demo citizens: see the README)"
        for instance, info in IDENTITY_PROVIDERS.items()
    ]
    lines += [
        f"  Sent e-mails           {VAR_DIR / 'mail'}",
        "Processes: " + ", ".join(process.name for process in processes),
        "Stop everything with Ctrl-C.",
        "",
    ]
    print("\n".join(lines), flush=True)


def stop_all(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + 15
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()


def main() -> int:
    # Every process (portal, identity providers, partner sites) must agree on the portal's address.
    os.environ.setdefault("PUBLIC_BASE_URL", f"http://127.0.0.1:{PORTAL_PORT}")
    env = {**os.environ, "PORTAL_ENV": "demo", "DJANGO_SETTINGS_MODULE": "franceconnect.project.settings"}
    # manage.py's commands act on this demo from now on (the README's commands, as printed).
    demo_environment_write(VAR_DIR, env)
    subprocess.run([sys.executable, "-m", "demo.setup"], cwd=ROOT, env=env, check=True)

    processes = demo_processes(env, VAR_DIR)
    children = [subprocess.Popen(process.argv, cwd=ROOT, env=process.env) for process in processes]

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        wait_until_ready([process.ready_url for process in processes if process.ready_url], children)
        print_banner(processes)
        while all(child.poll() is None for child in children):
            time.sleep(1)
        print("A demo process stopped; stopping the others.", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop_all(children)


if __name__ == "__main__":
    sys.exit(main())
