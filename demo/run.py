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

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORTAL_PORT = int(os.environ.get("PORTAL_PORT", "8000"))
READY_TIMEOUT_SECONDS = 60


@dataclass
class DemoProcess:
    name: str
    argv: list[str]
    url: str = ""


def demo_processes() -> list[DemoProcess]:
    return [
        DemoProcess(
            name="portal (web)",
            argv=[
                str(BIN / "gunicorn"),
                "franceconnect.wsgi",
                f"--bind=127.0.0.1:{PORTAL_PORT}",
                "--workers=2",
                "--access-logfile=-",
            ],
            url=f"http://127.0.0.1:{PORTAL_PORT}/",
        ),
        DemoProcess(
            name="worker (Celery, with beat)",
            argv=[str(BIN / "celery"), "--app=franceconnect", "worker", "--beat", "--loglevel=INFO"],
        ),
    ]


def wait_until_ready(url: str, children: list[subprocess.Popen]) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if any(child.poll() is not None for child in children):
            raise SystemExit("A demo process stopped during start-up; see its messages above.")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 — fixed local URL
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"The portal was not ready after {READY_TIMEOUT_SECONDS} s ({url}).")


def print_banner(processes: list[DemoProcess]) -> None:
    base = f"http://127.0.0.1:{PORTAL_PORT}"
    lines = [
        "",
        "The demonstration is running. Open:",
        f"  Portal (home page)     {base}/",
        f"  Administration         {base}/admin/   (admin / demo-admin-password)",
        f"  Readiness probe        {base}/readyz",
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
    env = {**os.environ, "PORTAL_ENV": "demo", "DJANGO_SETTINGS_MODULE": "franceconnect.settings"}
    subprocess.run([sys.executable, "-m", "demo.setup"], cwd=ROOT, env=env, check=True)

    processes = demo_processes()
    children = [subprocess.Popen(process.argv, cwd=ROOT, env=env) for process in processes]

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        wait_until_ready(f"http://127.0.0.1:{PORTAL_PORT}/readyz", children)
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
