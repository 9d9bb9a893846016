"""Reads the profiles of a `bench.run --profile` run: CPU milliseconds per request, per endpoint.

    python -m bench.profiles var/bench-<time>/profiles [--endpoint "POST /api/v2/token"] [--top 25]

Each endpoint's pstats files (one per portal worker) are merged and divided by the number of
requests they cover, so the figures read as "CPU ms this function costs one request".
"""

import argparse
import json
import pstats
import re
import sys
from pathlib import Path

from bench.instrumentation import profile_file_stem

PROJECT = f"{Path(__file__).resolve().parent.parent}/"


def requests_per_endpoint(directory: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in directory.glob("requests.*.json"):
        for endpoint, count in json.loads(path.read_text()).items():
            counts[endpoint] = counts.get(endpoint, 0) + count
    return counts


def merged_stats(directory: Path, endpoint: str) -> pstats.Stats | None:
    paths = sorted(directory.glob(f"{profile_file_stem(endpoint)}.*.pstats"))
    if not paths:
        return None
    stats = pstats.Stats(str(paths[0]), stream=sys.stdout)
    for path in paths[1:]:
        stats.add(str(path))
    return stats


def summary(directory: Path) -> list[tuple[str, int, float]]:
    """(endpoint, requests, CPU ms per request), costliest first."""
    rows = []
    for endpoint, count in requests_per_endpoint(directory).items():
        stats = merged_stats(directory, endpoint)
        if stats is not None:
            rows.append((endpoint, count, stats.total_tt * 1000 / count))
    return sorted(rows, key=lambda row: row[2], reverse=True)


def hottest_functions(stats: pstats.Stats, requests: int, top: int) -> list[tuple[float, float, str]]:
    """(cumulative ms per request, own ms per request, function), by cumulative time."""
    rows = []
    for (filename, line, name), (_cc, _nc, own, cumulative, _callers) in stats.stats.items():
        where = re.sub(r".*/site-packages/", "", filename).removeprefix(PROJECT)
        rows.append((cumulative * 1000 / requests, own * 1000 / requests, f"{where}:{line}({name})"))
    return sorted(rows, reverse=True)[:top]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--endpoint", action="append", help="detail these endpoints (default: the costliest)")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args(argv)
    rows = summary(args.directory)
    print("CPU ms per request (profiled, so inflated by the profiler)")
    for endpoint, count, milliseconds in rows:
        print(f"  {milliseconds:8.2f}  {endpoint}  ({count} requests)")
    counts = requests_per_endpoint(args.directory)
    for endpoint in args.endpoint or [rows[0][0]]:
        print(f"\n{endpoint}: cumulative / own CPU ms per request")
        for cumulative, own, function in hottest_functions(
            merged_stats(args.directory, endpoint), counts[endpoint], args.top
        ):
            print(f"  {cumulative:8.3f} {own:8.3f}  {function}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
