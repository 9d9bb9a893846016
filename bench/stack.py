"""The production-like stack the benchmark drives, all on this machine.

Portal under gunicorn (N workers) on PostgreSQL and Redis, a Celery worker, the demo identity
provider under gunicorn, and an SMTP sink that timestamps what it receives. CPU time is read
from /proc for each process tree, so the portal's and the identity provider's costs are separate.
"""

import json
import os
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.controller import Controller

from demo.identity_provider import launch as idp_launch

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_tree_cpu_seconds(root_pid: int) -> float:
    """User + system CPU of a process and all its descendants (gunicorn master and workers)."""
    children: dict[int, list[int]] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        times[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    total, stack = 0.0, [root_pid]
    while stack:
        pid = stack.pop()
        total += times.get(pid, 0.0)
        stack.extend(children.get(pid, []))
    return total


def tree_pids(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    pids, stack = [], [root]
    while stack:
        pid = stack.pop()
        pids.append(pid)
        stack.extend(children.get(pid, []))
    return pids


class MailSink:
    """Counts e-mails and when they arrived."""

    def __init__(self, port: int):
        self.port = port
        self.arrivals: list[float] = []
        self.controller = Controller(self, hostname="127.0.0.1", port=port)

    async def handle_DATA(self, server, session, envelope):
        self.arrivals.append(time.monotonic())
        return "250 OK"


@dataclass
class Stack:
    var_dir: Path
    portal_port: int
    idp_port: int
    smtp_port: int
    portal_workers: int
    database_url: str
    redis_url: str
    profile: bool = False
    idp_default_hashing: bool = False
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    sink: MailSink | None = None

    @property
    def portal_url(self) -> str:
        return f"http://127.0.0.1:{self.portal_port}"

    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "PORTAL_ENV": "demo",
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "PORTAL_VAR_DIR": str(self.var_dir),
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp_port}",
            "PUBLIC_BASE_URL": self.portal_url,
            "PORTAL_PORT": str(self.portal_port),
            "DEMO_IDP_IMPOTS_PORT": str(self.idp_port),
            "LOG_LEVEL": "WARNING",
            **({"BENCH_PROFILE_DIR": str(self.var_dir / "profiles")} if self.profile else {}),
            # The demo identity provider's password hashing, light unless asked otherwise
            # (demo/identity_provider/hashers.py); demo.setup and the provider both read it.
            "DEMO_IDP_LIGHT_HASHING": "0" if self.idp_default_hashing else "1",
        }

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.environment(),
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    def prepare(self) -> dict:
        """Database, demo data and identity providers (demo.setup), and the benchmark's partner site."""
        subprocess.run(
            [sys.executable, "-m", "demo.setup"],
            cwd=ROOT,
            env=self.environment(),
            check=True,
            capture_output=True,
        )
        credentials = self.manage(
            "register_service_provider",
            "--name", "Site de mesure",
            "--redirect-uri", "https://bench.invalid/callback",
            "--algorithm", "ES256",
            "--scopes", "openid identite_pivot email",
        )  # fmt: skip
        return json.loads(credentials)

    def start(self) -> None:
        self.sink = MailSink(self.smtp_port)
        self.sink.controller.start()
        env = self.environment()
        log = open(self.var_dir / "processes.log", "w")  # noqa: SIM115 — kept open for the processes' lifetime
        self.start_portal(env, log)
        self.processes["worker"] = subprocess.Popen(
            [str(BIN / "celery"), "--app=franceconnect", "worker", "--concurrency=1", "--loglevel=WARNING"],
            cwd=ROOT, env=env, stdout=log, stderr=log,
        )  # fmt: skip
        idp_env = {
            **idp_launch.instance_environment("impots", self.var_dir),
            "DEMO_IDP_PORT": str(self.idp_port),
            "DEMO_IDP_LIGHT_HASHING": env["DEMO_IDP_LIGHT_HASHING"],
        }
        self.processes["identity_provider"] = subprocess.Popen(
            [str(BIN / "gunicorn"), "demo.identity_provider.wsgi", f"--bind=127.0.0.1:{self.idp_port}", "--workers=2"],
            cwd=ROOT, env=idp_env, stdout=log, stderr=log,
        )  # fmt: skip
        for url in (
            f"{self.portal_url}/readyz",
            f"http://127.0.0.1:{self.idp_port}/o/.well-known/openid-configuration",
        ):
            self._wait(url)

    def start_portal(self, env: dict[str, str], log) -> None:
        """The portal under gunicorn on ``portal_port`` (bench.balancer starts two behind HAProxy)."""
        self.processes["portal"] = self.gunicorn(self.portal_port, env, log)

    def gunicorn(self, port: int, env: dict[str, str], log) -> subprocess.Popen:
        return subprocess.Popen(
            [str(BIN / "gunicorn"), "franceconnect.project.wsgi", f"--bind=127.0.0.1:{port}",
             f"--workers={self.portal_workers}"],
            cwd=ROOT, env=env, stdout=log, stderr=log,
        )  # fmt: skip

    def _wait(self, url: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=2):  # noqa: S310 — local URL
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"not ready: {url}")

    def cpu_seconds(self) -> dict[str, float]:
        return {name: process_tree_cpu_seconds(process.pid) for name, process in self.processes.items()}

    def stop(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        if self.sink:
            self.sink.controller.stop()
