"""Micro-benchmark of the private-API overrides in franceconnect/infrastructure/ (kept or dropped):
the CPU each one saves per call, to multiply by how many times a login runs it (README,
"Private-API overrides"). Keep one only when that is at least 2 % of the portal's CPU per login.

    PYTHONPATH=. DJANGO_SETTINGS_MODULE=franceconnect.project.settings_test \\
        REDIS_URL=redis://127.0.0.1:6379/2 python -m bench.overrides

CPU time (time.process_time) of the calling process, best of several rounds, in microseconds.
"""

import os
import time

import django


def _cpu_us(function, *, calls: int = 2000, rounds: int = 7) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(calls):
            function()
        best = min(best, (time.process_time() - start) / calls * 1e6)
    return best


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "franceconnect.project.settings_test")
    django.setup()
    import redis
    from csp.utils import build_policy
    from django.conf import settings

    pool = redis.ConnectionPool.from_url(settings.REDIS_URL or "redis://127.0.0.1:6379/2")
    kept = redis.Redis(connection_pool=pool)
    kept.set("bench:overrides", b"x" * 200)
    figures = {
        "redis.Redis() per call (Django's get_client, kombu's _create_client)": _cpu_us(
            lambda: redis.Redis(connection_pool=pool)
        ),
        "one Redis round trip (GET), client side": _cpu_us(lambda: kept.get("bench:overrides")),
        "one Redis round trip (EXISTS), client side": _cpu_us(lambda: kept.exists("bench:overrides")),
    }

    # The CSP override (dropped) kept the policy's text and put each page's nonce in it, instead of
    # django-csp building the text on every response.
    kept_text = build_policy(nonce="NONCE")
    figures["CSP: django-csp builds the header (per response)"] = _cpu_us(
        lambda: build_policy(nonce="abc123")
    )
    figures["CSP: a kept header with this page's nonce (per response)"] = _cpu_us(
        lambda: kept_text.replace("NONCE", "abc123")
    )
    # The rate limits' counters: django-ratelimit (an ADD, then an INCR per limit, through Django's
    # cache) against the portal's pipeline (franceconnect/infrastructure/counters.py), for the two
    # limits of an API request.
    from django.test import RequestFactory
    from django_ratelimit.core import get_usage

    from franceconnect.infrastructure.counters import Counted, count_requests, parse_rate

    request = RequestFactory().get("/api/v2/token?client_id=bench", REMOTE_ADDR="192.0.2.1")
    rate = "1000000/m"

    def with_django_ratelimit():
        get_usage(request, group="bench:ip", key="ip", rate=rate, increment=True)
        get_usage(
            request, group="bench:site", key=lambda _group, _request: "bench", rate=rate, increment=True
        )

    counted = [
        Counted("bench:ip", "192.0.2.1", parse_rate(rate)),
        Counted("bench:site", "bench", parse_rate(rate)),
    ]
    figures["two limits: django-ratelimit (ADD + INCR each)"] = _cpu_us(with_django_ratelimit)
    figures["two limits: the portal's counters (one pipeline)"] = _cpu_us(lambda: count_requests(counted))
    for name, value in figures.items():
        print(f"{value:8.1f} µs  {name}")


if __name__ == "__main__":
    main()
