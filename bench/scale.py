"""Cost as the data grows: `python -m bench.scale --size 1m` (README, Benchmark, « Scale »).

Creates (or, with --reuse-database, reuses) the PostgreSQL database ``scale_<size>``, prepares it as
bench.run does (demo.setup, the benchmark's partner site), fills it with bench.dataset, starts the
benchmark's stack on it, and in one run measures: complete logins at concurrency 8 (the portal's
CPU per login relative to the identity provider's, the README's method, and the login p95), then
the pages that read the data (bench.pages), one request after another. Writes
bench/results/scale-<size>-<time>.json and prints a summary.
"""

import argparse
import json
import logging
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import redis

from bench.dataset import SIZES
from bench.driver import Partner
from bench.pages import TARGET_MS, measure, pages, search_terms, space_cookies, staff_cookies
from bench.run import RESULTS, run_level
from bench.stack import CLOCK_TICKS, ROOT, Stack, tree_pids
from tests.ports import free_port

SERVER = "postgres://postgres@127.0.0.1:5432/"


def database_exists(name: str) -> bool:
    with psycopg.connect(SERVER + "postgres") as connection:
        return (
            connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        )


def servers() -> dict[str, int]:
    """The shared PostgreSQL and Redis servers' main processes (children of init), by name."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            name = (entry / "comm").read_text().strip()
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError):
            continue
        if ppid == 1 and name in ("postgres", "redis-server"):
            found["postgresql" if name == "postgres" else "redis"] = int(entry.name)
    return found


def server_cpu_seconds(root_pid: int) -> float:
    """A server's CPU so far: its live processes' own, plus what its exited processes (PostgreSQL's
    backends of closed connections) spent, which the kernel adds to their parent once reaped."""
    total = 0.0
    for pid in tree_pids(root_pid):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(value) for value in fields[11:15]) / CLOCK_TICKS
    return total


def server_cpu_ms_per_login(
    before: dict[str, float], after: dict[str, float], logins: int
) -> dict[str, float]:
    """What the shared servers spent per login: everything they served meanwhile, other databases'
    clients included (the machine is shared: an upper bound)."""
    return {name: round((after[name] - before[name]) * 1000 / max(logins, 1), 2) for name in after}


def login_cost(level: dict) -> dict:
    """The README's measure: the portal's CPU per login over the identity provider's, same run."""
    cpu = level["cpu_ms_per_login"]
    return {
        "portal_cpu_ms": cpu["portal"],
        "identity_provider_cpu_ms": cpu["identity_provider"],
        "portal_over_identity_provider": round(cpu["portal"] / cpu["identity_provider"], 2)
        if cpu["identity_provider"]
        else None,
        "login_p95_ms": round(level["login_seconds"]["p95"] * 1000, 1),
        "logins_per_second": level["logins_per_second"],
        "failures": level["failures"],
    }


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), required=True)
    parser.add_argument("--logins", type=int, default=600, help="logins at the measured concurrency")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=40)
    parser.add_argument("--page-rounds", type=int, default=30, help="requests per page")
    parser.add_argument("--portal-workers", type=int, default=2)
    parser.add_argument("--database", help="database name (default scale_<size>)")
    parser.add_argument(
        "--reuse-database", action="store_true", help="keep the loaded data of an earlier run"
    )
    parser.add_argument("--keep-database", action="store_true", help="do not drop the database at the end")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/4")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile every portal request (slower: not for figures); python -m bench.profiles var/scale-<time>/profiles",
    )
    args = parser.parse_args(argv)
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # the SMTP sink's line per e-mail

    stamp = time.strftime("%Y%m%d-%H%M%S")
    name = args.database or f"scale_{args.size}"
    # One directory per database, kept with it: the demo's secrets there decrypt the providers' rows.
    var_dir = ROOT / "var" / f"scale-{name}"
    load_record = var_dir / "load.json"
    reuse = args.reuse_database and database_exists(name) and load_record.exists()
    if not reuse:
        shutil.rmtree(var_dir, ignore_errors=True)
    shutil.rmtree(var_dir / "profiles", ignore_errors=True)
    var_dir.mkdir(parents=True, exist_ok=True)
    redis.Redis.from_url(args.redis).flushdb()
    stack = Stack(
        var_dir=var_dir, portal_port=free_port(), idp_port=free_port(), smtp_port=free_port(),
        portal_workers=args.portal_workers, database_url=SERVER + name, redis_url=args.redis, profile=args.profile,
    )  # fmt: skip
    report = {
        "command": "python -m bench.scale " + " ".join(argv),
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "size": args.size,
        "portal_workers": args.portal_workers,
    }
    try:
        if reuse:
            # demo.setup again (migrations added since the load, this run's ports and static files).
            credentials = stack.prepare()
            report["load"] = {**json.loads(load_record.read_text()), "reused": True}
        else:
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
            print(f"{name}: demo data and partner site", flush=True)
            credentials = stack.prepare()
            print(f"{name}: loading size {args.size}", flush=True)
            from bench.dataset_load import load

            started = time.monotonic()
            with psycopg.connect(SERVER + name, autocommit=True) as connection:
                report["load"] = load(connection, SIZES[args.size], now=datetime.now(UTC))
            report["load"]["seconds"] = round(time.monotonic() - started, 1)
            load_record.write_text(json.dumps(report["load"], indent=2))
            print(f"{name}: loaded in {report['load']['seconds']} s", flush=True)
        stack.start()
        partner = Partner(stack.portal_url, credentials["client_id"], credentials["client_secret"])
        run_level(stack, partner, concurrency=4, logins=args.warmup)
        print(f"concurrency {args.concurrency}: {args.logins} logins", flush=True)
        shared = servers()
        cpu_before = {name: server_cpu_seconds(pid) for name, pid in shared.items()}
        level = run_level(stack, partner, concurrency=args.concurrency, logins=args.logins)
        cpu_after = {name: server_cpu_seconds(pid) for name, pid in shared.items()}
        report["login"] = login_cost(level)
        report["login"]["servers_cpu_ms_per_login"] = server_cpu_ms_per_login(
            cpu_before, cpu_after, level["completed"]
        )
        report["login_level"] = level
        terms = search_terms(SERVER + name, report["load"]["heavy_account_id"])
        cookies = {
            "staff": staff_cookies(stack.portal_url),
            "space": space_cookies(stack, report["load"]["heavy_account_id"]),
        }
        print(f"pages: {args.page_rounds} requests each", flush=True)
        report["pages"] = measure(stack.portal_url, pages(terms), cookies, rounds=args.page_rounds)
        report["pages_over_target"] = [
            page for page, result in report["pages"].items() if not result["under_target"]
        ]
    finally:
        stack.stop()
        if not args.keep_database:
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=False)
            shutil.rmtree(var_dir, ignore_errors=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"scale-{args.size}-{stamp}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    login = report["login"]
    print(
        f"\n{args.size}: portal {login['portal_cpu_ms']} ms CPU/login, identity provider"
        f" {login['identity_provider_cpu_ms']} → ratio {login['portal_over_identity_provider']};"
        f" PostgreSQL|Redis {login['servers_cpu_ms_per_login']};"
        f" login p95 {login['login_p95_ms']} ms at c={args.concurrency}; {login['logins_per_second']} logins/s"
    )
    print(f"pages over {TARGET_MS} ms p95: {report['pages_over_target'] or 'none'}")
    print(f"full results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
