"""Several hosts: `python -m bench.hosts --logins 800` (README, Benchmark, « Several hosts »).

Two portal instances (two gunicorn servers on two ports, standing for two hosts) behind Debian's
HAProxy, round robin on every request, no stickiness, sharing PostgreSQL and Redis. On one database,
back to back: one instance reached directly, one instance behind HAProxy (what the balancer costs),
two instances behind HAProxy. For each: logins per second at the concurrency asked, the login p95,
the CPU per login of each process (each instance, HAProxy, identity provider, worker, driver),
failures, and how many logins had their steps answered by both instances (each portal names itself
in ``X-Portal-Instance``, bench/instrumentation.py). On two shared cores the point is that such
logins succeed and what a login costs, not twice the throughput.
"""

import argparse
import json
import logging
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

import redis

from bench.driver import Partner
from bench.run import RESULTS, run_level
from bench.scale import SERVER, login_cost
from bench.stack import ROOT, Stack, process_tree_cpu_seconds
from tests.ports import free_port

HAPROXY_CONFIG = """\
global
    maxconn 1024
defaults
    mode http
    option http-keep-alive
    timeout connect 5s
    timeout client 120s
    timeout server 120s
frontend portal
    bind 127.0.0.1:{port}
    default_backend portals
backend portals
    balance roundrobin
{servers}
"""


def haproxy_config(port: int, instance_ports: list[int]) -> str:
    servers = "\n".join(
        f"    server portal_{index} 127.0.0.1:{instance_port}"
        for index, instance_port in enumerate(instance_ports)
    )
    return HAPROXY_CONFIG.format(port=port, servers=servers)


@dataclass
class BalancedStack(Stack):
    """The benchmark's stack with ``instances`` portals behind HAProxy on ``portal_port``."""

    instances: int = 2
    instance_ports: list[int] = field(default_factory=list)

    def start_portal(self, env, log) -> None:
        self.instance_ports = [free_port() for _ in range(self.instances)]
        for index, port in enumerate(self.instance_ports):
            self.processes[f"portal_{index}"] = self.gunicorn(
                port, {**env, "BENCH_PORTAL_INSTANCE": str(index)}, log
            )
        config = self.var_dir / "haproxy.cfg"
        config.write_text(haproxy_config(self.portal_port, self.instance_ports))
        self.processes["balancer"] = subprocess.Popen(
            ["haproxy", "-f", str(config), "-db"], stdout=log, stderr=log
        )  # fmt: skip

    def cpu_seconds(self) -> dict[str, float]:
        seconds = {name: process_tree_cpu_seconds(process.pid) for name, process in self.processes.items()}
        seconds["portal"] = sum(value for name, value in seconds.items() if name.startswith("portal_"))
        return seconds


def spread(successes) -> dict:
    """How the logins' portal requests were shared between instances."""
    per_request = Counter(request.instance for result in successes for request in result.portal_requests)
    both = sum(1 for result in successes if len({request.instance for request in result.portal_requests}) > 1)
    return {"requests_per_instance": dict(sorted(per_request.items())), "logins_on_several_instances": both}


def measure(name: str, stack: Stack, credentials: dict, args) -> dict:
    redis.Redis.from_url(args.redis).flushdb()
    stack.start()
    try:
        partner = Partner(stack.portal_url, credentials["client_id"], credentials["client_secret"])
        run_level(stack, partner, concurrency=4, logins=args.warmup)
        successes: list = []
        level = run_level(stack, partner, concurrency=args.concurrency, logins=args.logins, keep=successes)
    finally:
        stack.stop()
    result = {
        "configuration": name,
        **login_cost(level),
        "cpu_ms_per_login": level["cpu_ms_per_login"],
        **spread(successes),
    }
    print(json.dumps(result), flush=True)
    return result


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logins", type=int, default=800)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=40)
    parser.add_argument("--portal-workers", type=int, default=2, help="gunicorn workers of each instance")
    parser.add_argument("--database", default="scale_hosts")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/4")
    args = parser.parse_args(argv)
    logging.getLogger("mail.log").setLevel(logging.WARNING)

    stamp = time.strftime("%Y%m%d-%H%M%S")
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", args.database], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", args.database], check=True)
    report = {"command": "python -m bench.hosts " + " ".join(argv), "started": datetime.now(UTC).isoformat(timespec="seconds"),
              "portal_workers_per_instance": args.portal_workers, "configurations": []}  # fmt: skip
    var_dir = ROOT / "var" / f"hosts-{stamp}"  # one for all: demo.setup's static files and signing keys
    var_dir.mkdir(parents=True)
    # The same public address and identity provider for all: demo.setup registered them with each other.
    portal_port, idp_port = free_port(), free_port()
    try:
        for name, instances in (("one instance", 0), ("one instance behind HAProxy", 1), ("two instances behind HAProxy", 2)):  # fmt: skip
            common = dict(var_dir=var_dir, portal_port=portal_port, idp_port=idp_port, smtp_port=free_port(),
                          portal_workers=args.portal_workers, database_url=SERVER + args.database, redis_url=args.redis)  # fmt: skip
            stack = BalancedStack(**common, instances=instances) if instances else Stack(**common)
            if not report["configurations"]:
                credentials = stack.prepare()
            print(f"{name}: {args.logins} logins at concurrency {args.concurrency}", flush=True)
            report["configurations"].append(measure(name, stack, credentials, args))
    finally:
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", args.database], check=False
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"hosts-{stamp}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"full results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
