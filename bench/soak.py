"""Endurance: `python -m bench.soak --minutes 30` (README, Benchmark, « Soak »).

On the benchmark's stack plus the beat (the retention purges and the OAuth tokens' cleanup run as
in production), first measures the maximum rate (``--calibration-logins`` at concurrency 8), then
starts logins at ``--fraction`` of it (70 % by default) on a fixed schedule for ``--minutes``.
Every ``--sample-seconds`` it records: logins and failures, each process's resident memory, Redis's
memory and keys, the stored sessions, and PostgreSQL's table and index sizes. Writes the samples
to bench/results/soak-<time>.json and draws them (bench.soak_charts) in PNG files beside it.
"""

import argparse
import json
import logging
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import redis

from bench.driver import LoginFailure, Partner, complete_login
from bench.run import RESULTS, run_level
from bench.scale import SERVER
from bench.stack import BIN, ROOT, Stack, tree_pids
from tests.ports import free_port

TABLES = [
    "franceconnect_connection",
    "notifications_notification",
    "franceconnect_user",
    "oauth2_provider_accesstoken",
    "oauth2_provider_grant",
    "oauth2_provider_idtoken",
    "oauth2_provider_refreshtoken",
    "service_statistics_dailyfigure",
    "service_statistics_loginstop",
    "identity_providers_healthcheck",
]


def resident_kilobytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def sample(stack: Stack, client: redis.Redis, database_url: str) -> dict:
    memory = {}
    for name, process in stack.processes.items():
        for index, pid in enumerate(sorted(tree_pids(process.pid))):
            memory[f"{name}[{index}]" if index else name] = resident_kilobytes(pid)
    info = client.info("memory")
    sessions = sum(1 for _ in client.scan_iter(match="session:*", count=1000))
    with psycopg.connect(database_url) as connection:
        sizes = {
            table: {"table_kb": table_kb // 1024, "indexes_kb": indexes_kb // 1024, "rows": rows}
            for table, table_kb, indexes_kb, rows in connection.execute(
                "SELECT relname, pg_table_size(oid), pg_indexes_size(oid), reltuples::bigint FROM pg_class"
                " WHERE relname = ANY(%s)",
                [TABLES],
            ).fetchall()
        }
        for table in sizes:  # exact rows: reltuples waits for autovacuum
            sizes[table]["rows"] = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
    return {
        "resident_kb": memory,
        "redis_used_kb": info["used_memory"] // 1024,
        "redis_keys": client.dbsize(),
        "sessions": sessions,
        "postgresql": sizes,
    }


class Schedule:
    """Logins started at a fixed rate, ``threads`` at most in flight; counts per sampling period."""

    def __init__(self, rate: float, seconds: float):
        self.rate, self.seconds = rate, seconds
        self.lock = threading.Lock()
        self.next_index = 0
        self.started = time.monotonic()
        self.done, self.failed, self.failures = 0, 0, {}

    def take(self) -> float | None:
        """The start time of the next login, or None once the run is over."""
        with self.lock:
            at = self.started + self.next_index / self.rate
            self.next_index += 1
        return None if at - self.started >= self.seconds else at

    def record(self, failure: str | None) -> None:
        with self.lock:
            if failure is None:
                self.done += 1
            else:
                self.failed += 1
                self.failures[failure] = self.failures.get(failure, 0) + 1


def drive(partner: Partner, schedule: Schedule) -> None:
    while (at := schedule.take()) is not None:
        time.sleep(max(0.0, at - time.monotonic()))
        try:
            complete_login(partner)
            schedule.record(None)
        except LoginFailure as failure:
            schedule.record(failure.kind)
        except Exception as error:
            schedule.record(f"driver_{type(error).__name__}")


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--fraction", type=float, default=0.7, help="of the measured maximum rate")
    parser.add_argument("--rate", type=float, help="logins per second (skips the calibration)")
    parser.add_argument("--calibration-logins", type=int, default=300)
    parser.add_argument("--threads", type=int, default=8, help="logins in flight at most")
    parser.add_argument("--sample-seconds", type=float, default=60)
    parser.add_argument("--database", default="scale_soak")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    args = parser.parse_args(argv)
    logging.getLogger("mail.log").setLevel(logging.WARNING)

    stamp = time.strftime("%Y%m%d-%H%M%S")
    var_dir = ROOT / "var" / f"soak-{stamp}"
    var_dir.mkdir(parents=True)
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", args.database], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", args.database], check=True)
    client = redis.Redis.from_url(args.redis)
    client.flushdb()
    database_url = SERVER + args.database
    stack = Stack(var_dir=var_dir, portal_port=free_port(), idp_port=free_port(), smtp_port=free_port(),
                  portal_workers=2, database_url=database_url, redis_url=args.redis)  # fmt: skip
    report = {"command": "python -m bench.soak " + " ".join(argv),
              "started": datetime.now(UTC).isoformat(timespec="seconds"), "samples": []}  # fmt: skip
    try:
        credentials = stack.prepare()
        stack.start()
        stack.processes["beat"] = subprocess.Popen(
            [str(BIN / "celery"), "--app=franceconnect", "beat", "--loglevel=WARNING"],
            cwd=ROOT, env=stack.environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        partner = Partner(stack.portal_url, credentials["client_id"], credentials["client_secret"])
        run_level(stack, partner, concurrency=4, logins=40)
        if args.rate is None:
            calibration = run_level(stack, partner, concurrency=8, logins=args.calibration_logins)
            report["maximum_logins_per_second"] = calibration["logins_per_second"]
            rate = round(calibration["logins_per_second"] * args.fraction, 2)
        else:
            rate = args.rate
        report["rate"] = rate
        print(f"soak: {rate} logins/s for {args.minutes} min", flush=True)
        schedule = Schedule(rate, args.minutes * 60)
        threads = [threading.Thread(target=drive, args=(partner, schedule)) for _ in range(args.threads)]
        for thread in threads:
            thread.start()
        previous = (0, 0)
        while any(thread.is_alive() for thread in threads) or not report["samples"]:
            moment = time.monotonic() - schedule.started
            point = {"minute": round(moment / 60, 2), **sample(stack, client, database_url)}
            point["logins"], point["failures"] = schedule.done - previous[0], schedule.failed - previous[1]
            previous = (schedule.done, schedule.failed)
            report["samples"].append(point)
            print(f"  {point['minute']} min: {point['logins']} logins, {point['failures']} failed,"
                  f" {point['sessions']} sessions, redis {point['redis_used_kb']} kB", flush=True)  # fmt: skip
            for _ in range(int(args.sample_seconds * 10)):
                if not any(thread.is_alive() for thread in threads):
                    break
                time.sleep(0.1)
        final = {
            "minute": round((time.monotonic() - schedule.started) / 60, 2),
            **sample(stack, client, database_url),
        }
        final["logins"], final["failures"] = schedule.done - previous[0], schedule.failed - previous[1]
        report["samples"].append(final)
        report.update(logins=schedule.done, failed=schedule.failed, failures=schedule.failures)
    finally:
        stack.stop()
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", args.database], check=False
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"soak-{stamp}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    from bench.soak_charts import draw

    charts = draw(report, RESULTS / f"soak-{stamp}")
    print(
        f"{schedule.done} logins, {schedule.failed} failed; results {path}; charts {[str(c) for c in charts]}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
