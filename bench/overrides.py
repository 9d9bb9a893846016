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
    # The counters of the rate limits: Django's RedisCacheClient.incr (EXISTS, then INCR) and the
    # portal's (one INCR), on an existing counter as django-ratelimit calls it after its ADD.
    from django.core.cache import cache
    from django.core.cache.backends.redis import RedisCacheClient

    from franceconnect.infrastructure.cache import ReusingRedisCacheClient

    cache.set("bench:overrides:counter", 1, 600)
    counter = cache.make_and_validate_key("bench:overrides:counter")
    figures["cache incr: Django's (EXISTS, INCR)"] = _cpu_us(
        lambda: RedisCacheClient.incr(cache._cache, counter, 1)
    )
    figures["cache incr: the portal's (INCR)"] = _cpu_us(
        lambda: ReusingRedisCacheClient.incr(cache._cache, counter, 1)
    )
    for name, value in figures.items():
        print(f"{value:8.1f} µs  {name}")


if __name__ == "__main__":
    main()
