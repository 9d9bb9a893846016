"""The benchmark: `python -m bench.run --concurrency 8 16 --logins 2000` (see README, Benchmark).

Starts the production-like stack (bench/stack.py) on a fresh PostgreSQL database, drives complete
federated logins at each concurrency level after a warm-up, then measures catalogue search with
20,000 services loaded. Writes bench/results/<time>.json and prints a short table.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

import redis
import requests

from bench.driver import LoginFailure, Partner, complete_login
from bench.stack import ROOT, Stack
from tests.ports import free_port

RESULTS = ROOT / "bench" / "results"
SEARCHES = [
    "impot",
    "allocations",
    "permis de conduire",
    "carte grise",
    "retraite",
    "logement",
    "passeport",
    "emploi",
]


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def cpu_now(stack: Stack) -> dict[str, float]:
    """CPU seconds so far of each process tree of the stack, and of this process (the driver's
    threads), which shares the machine with what it measures."""
    times = os.times()
    return {**stack.cpu_seconds(), "driver": times.user + times.system}


def machine_calibration_ms(rounds: int = 3) -> float:
    """CPU milliseconds of a fixed pure-Python loop (the best of a few rounds). The same code's
    figures drift by ±10 % between runs on this shared machine; this says how fast it was."""
    best = float("inf")
    for _ in range(rounds):
        started, total = time.process_time(), 0
        for number in range(2_000_000):
            total += number
        best = min(best, time.process_time() - started)
    return round(best * 1000, 1)


def percentiles_of(seconds: list[float]) -> dict[str, float]:
    return {f"p{p}": round(percentile(seconds, p / 100), 4) for p in (50, 95, 99)}


def endpoint_samples(successes: list) -> tuple[dict, dict, dict]:
    """Server seconds, queries and CPU seconds of each portal endpoint's requests, from the
    portal's own headers. The portal runs without an access log (gunicorn's default): it was the
    benchmark's instrument, and cost the measured processes some 0.07 ms of CPU per request."""
    server, queries, cpu = defaultdict(list), defaultdict(list), defaultdict(list)
    for result in successes:
        for request in result.portal_requests:
            server[request.endpoint].append(request.server_seconds)
            queries[request.endpoint].append(request.queries)
            cpu[request.endpoint].append(request.cpu_seconds)
    return server, queries, cpu


def run_level(
    stack: Stack, partner: Partner, *, concurrency: int, logins: int, keep: list | None = None
) -> dict:
    """One closed-loop level; ``keep`` receives the successful logins' results (bench.hosts reads them)."""

    def one(_):
        try:
            return complete_login(partner)
        except LoginFailure as failure:
            return failure.kind
        except Exception as error:  # a crash of the driver itself is a failure too, by kind
            return f"driver_{type(error).__name__}"

    emails_before = len(stack.sink.arrivals)
    cpu_before = cpu_now(stack)
    started = time.monotonic()
    with ThreadPoolExecutor(concurrency) as pool:
        outcomes = list(pool.map(one, range(logins)))
    elapsed = time.monotonic() - started
    cpu_after = cpu_now(stack)
    successes = [outcome for outcome in outcomes if not isinstance(outcome, str)]
    failures = Counter(outcome for outcome in outcomes if isinstance(outcome, str))
    if keep is not None:
        keep.extend(successes)

    deadline = time.monotonic() + 60  # let the worker deliver the security e-mails
    while len(stack.sink.arrivals) - emails_before < len(successes) and time.monotonic() < deadline:
        time.sleep(0.2)
    arrivals = stack.sink.arrivals[emails_before:]
    per_endpoint, queries, cpu = endpoint_samples(successes)

    done = max(len(successes), 1)
    return {
        "concurrency": concurrency,
        "machine_calibration_ms": machine_calibration_ms(),
        "logins": logins,
        "completed": len(successes),
        "failures": dict(failures),
        "logins_per_second": round(len(successes) / elapsed, 2),
        "login_seconds": percentiles_of([r.seconds for r in successes]),
        "portal_share_seconds": percentiles_of([r.portal_seconds for r in successes]),
        "portal_added_seconds": percentiles_of([r.portal_added_seconds for r in successes]),
        "portal_server_added_seconds": percentiles_of([r.portal_server_added_seconds for r in successes]),
        "cpu_ms_per_login": {
            name: round((cpu_after[name] - cpu_before[name]) * 1000 / done, 2) for name in cpu_after
        },
        "portal_cpu_ms_inside_django_per_login": round(
            sum(r.portal_cpu_seconds for r in successes) * 1000 / done, 2
        ),
        "portal_cpu_ms_per_request": {
            endpoint: {
                "mean": round(sum(values) * 1000 / len(values), 2),
                "p95": round(percentile(values, 0.95) * 1000, 2),
            }
            for endpoint, values in sorted(cpu.items())
        },
        "server_latency_ms": {
            endpoint: {
                "count": len(values),
                "p50": round(percentile(values, 0.5) * 1000, 2),
                "p95": round(percentile(values, 0.95) * 1000, 2),
            }
            for endpoint, values in sorted(per_endpoint.items())
        },
        "queries_per_request": {endpoint: max(counts) for endpoint, counts in sorted(queries.items())},
        "emails_delivered": len(arrivals),
        "emails_per_second": round(len(arrivals) / (arrivals[-1] - arrivals[0]), 2)
        if len(arrivals) > 1
        else None,
    }


def run_catalogue(stack: Stack, *, services: int, rounds: int) -> dict:
    stack.manage("catalogue_generate", "--count", str(services))
    client = requests.Session()
    timings = {"view": [], "api": []}
    for number in range(rounds):
        text = SEARCHES[number % len(SEARCHES)]
        for kind, url in (("view", "/nos-services/"), ("api", "/api/catalogue/v1/services")):
            started = time.perf_counter()
            response = client.get(stack.portal_url + url, params={"q": text}, timeout=30)
            timings[kind].append(time.perf_counter() - started)
            response.raise_for_status()
    summary = {"services_loaded": catalogue_size(stack)}
    for kind, values in timings.items():
        summary[kind] = {
            "p50_ms": round(percentile(values, 0.5) * 1000, 2),
            "p95_ms": round(percentile(values, 0.95) * 1000, 2),
        }
    return summary


def catalogue_size(stack: Stack) -> int:
    return requests.get(
        stack.portal_url + "/api/catalogue/v1/services", params={"page_size": 1}, timeout=30
    ).json()["count"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8, 16])
    parser.add_argument("--logins", type=int, default=2000, help="logins per concurrency level")
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--portal-workers", type=int, default=2)
    parser.add_argument("--catalogue-services", type=int, default=20000)
    parser.add_argument("--catalogue-rounds", type=int, default=200)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/2")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile every portal request (cProfile, CPU clock); read var/bench-<time>/profiles with python -m bench.profiles"
        " (sampling costs CPU: use a separate run for the figures)",
    )
    parser.add_argument(
        "--idp-default-hashing",
        action="store_true",
        help="keep the demo identity provider's PBKDF2 at 1,000,000 iterations (about 900 ms of CPU"
        " per login on 2 cores, which then throttles the whole run); by default it hashes with 1,000",
    )
    args = parser.parse_args(argv)

    stamp = time.strftime("%Y%m%d-%H%M%S")
    var_dir = ROOT / "var" / f"bench-{stamp}"
    var_dir.mkdir(parents=True)
    database = f"fc_bench_{stamp.replace('-', '_')}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], check=True)
    # A fresh Redis database too: earlier runs' sessions (two weeks' lifetime) would pile up there.
    redis.Redis.from_url(args.redis).flushdb()
    stack = Stack(
        var_dir=var_dir,
        portal_port=free_port(),
        idp_port=free_port(),
        smtp_port=free_port(),
        portal_workers=args.portal_workers,
        database_url=args.database + database,
        redis_url=args.redis,
        profile=args.profile,
        idp_default_hashing=args.idp_default_hashing,
    )
    report = {
        "started": stamp,
        "machine_cores": os.cpu_count(),
        "portal_workers": args.portal_workers,
        "identity_provider_hashing": "PBKDF2 1,000,000 iterations (Django's default)"
        if args.idp_default_hashing
        else "PBKDF2 1,000 iterations (benchmark setting, demo/identity_provider/hashers.py)",
        "levels": [],
    }
    try:
        credentials = stack.prepare()
        stack.start()
        partner = Partner(stack.portal_url, credentials["client_id"], credentials["client_secret"])
        print(f"warm-up: {args.warmup} logins", flush=True)
        run_level(stack, partner, concurrency=4, logins=args.warmup)
        for concurrency in args.concurrency:
            print(f"concurrency {concurrency}: {args.logins} logins", flush=True)
            report["levels"].append(run_level(stack, partner, concurrency=concurrency, logins=args.logins))
        if args.catalogue_services:
            print(
                f"catalogue: {args.catalogue_services} services, {args.catalogue_rounds} searches", flush=True
            )
            report["catalogue"] = run_catalogue(
                stack, services=args.catalogue_services, rounds=args.catalogue_rounds
            )
    finally:
        stack.stop()
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", database], check=False)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{stamp}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print_table(report)
    print(f"\nfull results: {path}")
    return 0


def print_table(report: dict) -> None:
    print(
        "\nconc  done  fail  logins/s  login p50/p95/p99 (ms)  portal adds p50/p95 (ms):"
        " seen by client | inside portal  CPU ms/login portal|idp|worker|driver  e-mails/s  calibration ms"
    )
    for level in report["levels"]:
        login, cpu = level["login_seconds"], level["cpu_ms_per_login"]
        added, server = level["portal_added_seconds"], level["portal_server_added_seconds"]
        print(
            f"{level['concurrency']:>4}  {level['completed']:>4}  {sum(level['failures'].values()):>4}"
            f"  {level['logins_per_second']:>8}"
            f"  {login['p50'] * 1000:>6.0f}/{login['p95'] * 1000:.0f}/{login['p99'] * 1000:.0f}"
            f"  {added['p50'] * 1000:>12.0f}/{added['p95'] * 1000:.0f} | {server['p50'] * 1000:.0f}/{server['p95'] * 1000:.0f}"
            f"  {cpu['portal']:>10}|{cpu['identity_provider']}|{cpu['worker']}|{cpu['driver']}"
            f"  {level['emails_per_second']}  {level.get('machine_calibration_ms', '')}"
        )
    if "catalogue" in report:
        catalogue = report["catalogue"]
        print(
            f"catalogue ({catalogue['services_loaded']} services): view p50/p95 {catalogue['view']['p50_ms']}/{catalogue['view']['p95_ms']} ms,"
            f" API p50/p95 {catalogue['api']['p50_ms']}/{catalogue['api']['p95_ms']} ms"
        )


if __name__ == "__main__":
    sys.exit(main())
