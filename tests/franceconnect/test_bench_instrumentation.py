"""The benchmark's instrumentation headers (installed only when BENCH_QUERY_COUNT=1)."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from types import SimpleNamespace

import pytest
import urllib3
from django.db import connection
from django.http import HttpResponse

from bench.instrumentation import QueryCountMiddleware
from identity_providers.oidc.http import provider_request
from tests.ports import SHUTDOWN_POLL_SECONDS, free_port

pytestmark = pytest.mark.django_db


class SlowProvider(BaseHTTPRequestHandler):
    """Answers every request after 50 ms; /moved redirects to /."""

    def do_GET(self):
        threading.Event().wait(0.05)
        self.send_response(302 if self.path == "/moved" else 200)
        if self.path == "/moved":
            self.send_header("Location", "/")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_headers_give_queries_cpu_wall_time_and_the_wait_on_outbound_calls(rf):
    server = HTTPServer(("127.0.0.1", free_port()), SlowProvider)
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": SHUTDOWN_POLL_SECONDS}, daemon=True
    ).start()
    provider = SimpleNamespace(timeout=(5.0, 5.0))

    def view(request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.execute("SELECT 2")
        provider_request("GET", f"http://127.0.0.1:{server.server_port}/", provider=provider)
        # A connection pool follows a redirect by calling itself: counted once, not twice.
        with urllib3.HTTPConnectionPool("127.0.0.1", server.server_port, timeout=5) as pool:
            assert pool.urlopen("GET", "/moved", redirect=True).status == 200
        sum(number * number for number in range(100_000))  # some CPU of its own
        return HttpResponse("ok")

    try:
        response = QueryCountMiddleware(view)(rf.get("/"))
    finally:
        server.shutdown()
        server.server_close()

    assert response["X-Query-Count"] == "2"
    upstream = int(response["X-Upstream-Microseconds"])
    assert upstream >= 150_000  # three answers from the provider, 50 ms each
    assert int(response["X-Server-Microseconds"]) >= upstream
    assert 0 < int(response["X-CPU-Microseconds"]) < int(response["X-Server-Microseconds"])


def test_the_instrumentation_is_not_installed_outside_the_benchmark(settings):
    assert "bench.instrumentation.QueryCountMiddleware" not in settings.MIDDLEWARE
    assert "bench.instrumentation.ProfileMiddleware" not in settings.MIDDLEWARE
