"""The portal's settings under the benchmark: its own, plus the instrumentation the driver reads.

Only the benchmark's stack (bench/stack.py) names this module; production never loads it.
"""

import os

from franceconnect.project.settings import *  # noqa: F403
from franceconnect.project.settings import MIDDLEWARE

MIDDLEWARE = ["bench.instrumentation.QueryCountMiddleware", *MIDDLEWARE]
if os.environ.get("BENCH_PROFILE_DIR"):  # `bench.run --profile`: cProfile per endpoint
    MIDDLEWARE.insert(0, "bench.instrumentation.ProfileMiddleware")
