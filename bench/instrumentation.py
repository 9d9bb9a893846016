"""Benchmark instrumentation, installed only by the benchmark's settings (bench/settings.py)."""

import cProfile
import json
import os
import re
import threading
import time
from pathlib import Path

import urllib3.connectionpool
from django.db import connection


def endpoint_path(path: str) -> str:
    """A request path as the benchmark names its endpoint: the pages of every interaction are one,
    and so is every identity provider's login start (bench.driver and bench.profiles name them the
    same way)."""
    path = re.sub(r"/connexion/[A-Za-z0-9]+/", "/connexion/<interaction>/", path)
    return re.sub(r"/fi/[^/]+/$", "/fi/<slug>/", path)


def profile_file_stem(endpoint: str) -> str:
    """The file name part of an endpoint's profile ("POST /api/v2/token" → POST_api_v2_token)."""
    return re.sub(r"[^A-Za-z0-9]+", "_", endpoint).strip("_")


class QueryCountMiddleware:
    """Adds, for the benchmark driver: ``X-Query-Count`` (SQL statements run),
    ``X-CPU-Microseconds`` (this worker's CPU time inside Django for the request),
    ``X-Server-Microseconds`` (the request's wall time inside Django) and
    ``X-Upstream-Microseconds`` (time spent waiting on outbound HTTP: the identity provider).

    Gunicorn's sync workers serve one request at a time per process, so the thread's CPU clock
    between the start and the end of the request is the request's own cost.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # bench.balancer names each portal instance behind the load balancer (X-Portal-Instance).
        self.instance = os.environ.get("BENCH_PORTAL_INSTANCE", "")
        _time_outbound_http()

    def __call__(self, request):
        count = 0

        def counting(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        _outbound.nanoseconds = 0
        cpu_started, wall_started = time.thread_time_ns(), time.perf_counter_ns()
        with connection.execute_wrapper(counting):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        response["X-CPU-Microseconds"] = str((time.thread_time_ns() - cpu_started) // 1000)
        response["X-Server-Microseconds"] = str((time.perf_counter_ns() - wall_started) // 1000)
        response["X-Upstream-Microseconds"] = str(_outbound.nanoseconds // 1000)
        if self.instance:
            response["X-Portal-Instance"] = self.instance
        return response


_outbound = threading.local()


def _time_outbound_http() -> None:
    """Wraps urllib3's transport (under the identity providers' client, and requests) once per
    process to add up the wall time of outbound calls. ``urlopen`` calls itself on retries and
    redirects: only the outermost call of the thread is counted."""
    pool = urllib3.connectionpool.HTTPConnectionPool
    if getattr(pool.urlopen, "bench_timed", False):
        return
    urlopen = pool.urlopen

    def timed_urlopen(self, *args, **kwargs):
        depth = getattr(_outbound, "depth", 0)
        _outbound.depth = depth + 1
        started = time.perf_counter_ns()
        try:
            return urlopen(self, *args, **kwargs)
        finally:
            _outbound.depth = depth
            if depth == 0:
                _outbound.nanoseconds = (
                    getattr(_outbound, "nanoseconds", 0) + time.perf_counter_ns() - started
                )

    timed_urlopen.bench_timed = True
    pool.urlopen = timed_urlopen


class ProfileMiddleware:
    """With BENCH_PROFILE_DIR set (the benchmark's ``--profile``), profiles every request with
    cProfile on the thread's CPU clock, and keeps per endpoint and worker process one pstats file
    in that directory (``python -m pstats`` or bench.profiles reads them). Profiling slows
    requests down: figures from a profiled run are not the benchmark's."""

    WRITE_EVERY = 25

    def __init__(self, get_response):
        self.get_response = get_response
        self.directory = Path(os.environ["BENCH_PROFILE_DIR"])
        self.directory.mkdir(parents=True, exist_ok=True)
        self.profiles: dict[str, cProfile.Profile] = {}
        self.requests: dict[str, int] = {}
        self.dumped: dict[str, int] = {}  # requests covered by each endpoint's file on disk

    def __call__(self, request):
        endpoint = f"{request.method} {endpoint_path(request.path)}"
        profile = self.profiles.setdefault(endpoint, cProfile.Profile(time.thread_time))
        profile.enable()
        try:
            return self.get_response(request)
        finally:
            profile.disable()
            self.requests[endpoint] = self.requests.get(endpoint, 0) + 1
            if self.requests[endpoint] % self.WRITE_EVERY == 0:
                profile.dump_stats(self.directory / f"{profile_file_stem(endpoint)}.{os.getpid()}.pstats")
                self.dumped[endpoint] = self.requests[endpoint]
                (self.directory / f"requests.{os.getpid()}.json").write_text(json.dumps(self.dumped))
