"""The portal's settings under the benchmark: its own, plus the instrumentation the driver reads.

Only the benchmark's stack (bench/stack.py) names this module; production never loads it.
"""

import os

from franceconnect.project.settings import *  # noqa: F403
from franceconnect.project.settings import MIDDLEWARE

MIDDLEWARE = ["bench.instrumentation.QueryCountMiddleware", *MIDDLEWARE]
if os.environ.get("BENCH_PROFILE_DIR"):  # `bench.run --profile`: cProfile per endpoint
    MIDDLEWARE.insert(0, "bench.instrumentation.ProfileMiddleware")

# Every login of the benchmark comes from 127.0.0.1 (≈ 25 logins/s, 1,500 requests per minute on
# each endpoint at the default concurrency): the per-IP limits are raised far above that, not
# switched off, so that their cost (one pipelined Redis round trip per request) stays in the figures.
RATE_LIMIT_API_PER_IP = os.environ.get("BENCH_RATE_LIMIT_PER_IP", "1000000/m")
RATE_LIMIT_PAGES_PER_IP = os.environ.get("BENCH_RATE_LIMIT_PER_IP", "1000000/m")
RATE_LIMIT_API_PER_SITE = os.environ.get("BENCH_RATE_LIMIT_PER_SITE", "1000000/m")
