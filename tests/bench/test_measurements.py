"""The benchmark's own arithmetic: percentiles, the access log, CPU accounting from /proc."""

import os

from bench.driver import endpoint_path
from bench.run import access_log_lines, percentile
from bench.stack import process_tree_cpu_seconds


def test_percentiles_are_nearest_rank():
    values = [float(number) for number in range(1, 101)]

    assert percentile(values, 0.5) == 51.0
    assert percentile(values, 0.95) == 95.0
    assert percentile(values, 0.99) == 99.0
    assert percentile([], 0.5) != percentile([], 0.5)  # NaN when nothing was measured


def test_the_access_log_gives_each_request_and_its_duration(tmp_path):
    log = tmp_path / "access.log"
    log.write_text("GET /connexion/ 200 10250\nPOST /api/v2/token 200 27550\n")

    entries, count = access_log_lines(log, 0)
    later, _ = access_log_lines(log, count)

    assert entries == [("GET /connexion/", 0.01025), ("POST /api/v2/token", 0.02755)]
    assert count == 2 and later == []


def test_cpu_accounting_reads_this_process_tree():
    busy = sum(number * number for number in range(300_000))  # spend some CPU

    assert busy > 0
    assert process_tree_cpu_seconds(os.getpid()) > 0
    assert process_tree_cpu_seconds(999_999_999) == 0.0  # a process that does not exist


def test_identity_provider_logins_are_grouped_as_oneendpoint_path():
    assert endpoint_path("http://127.0.0.1:8000/fi/impots/connexion?next=/x") == "/fi/<slug>/connexion"
    assert endpoint_path("http://127.0.0.1:8000/api/v2/token") == "/api/v2/token"
    assert endpoint_path("/fi/ameli/connexion") == "/fi/<slug>/connexion"  # gunicorn's log gives paths
