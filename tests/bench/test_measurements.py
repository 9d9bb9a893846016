"""The benchmark's own arithmetic: percentiles, figures per endpoint, CPU accounting from /proc."""

import os

from bench.driver import LoginResult, PortalRequest, endpoint_path
from bench.run import endpoint_samples, percentile
from bench.stack import process_tree_cpu_seconds


def test_percentiles_are_nearest_rank():
    values = [float(number) for number in range(1, 101)]

    assert percentile(values, 0.5) == 51.0
    assert percentile(values, 0.95) == 95.0
    assert percentile(values, 0.99) == 99.0
    assert percentile([], 0.5) != percentile([], 0.5)  # NaN when nothing was measured


def test_each_endpoint_gathers_its_requests_figures_from_the_portals_headers():
    def request(endpoint, server_ms, queries, cpu_ms):
        return PortalRequest(endpoint, 0.1, queries, cpu_ms / 1000, server_ms / 1000, 0.0)

    logins = [
        LoginResult(
            0.3, [request("GET /connexion/", 10.25, 0, 1.5), request("POST /api/v2/token", 27.5, 4, 5)]
        ),
        LoginResult(0.3, [request("GET /connexion/", 12.0, 0, 1.75)]),
    ]

    server, queries, cpu = endpoint_samples(logins)

    assert server == {"GET /connexion/": [0.01025, 0.012], "POST /api/v2/token": [0.0275]}
    assert queries == {"GET /connexion/": [0, 0], "POST /api/v2/token": [4]}
    assert cpu["GET /connexion/"] == [0.0015, 0.00175]


def test_cpu_accounting_reads_this_process_tree():
    busy = sum(number * number for number in range(300_000))  # spend some CPU

    assert busy > 0
    assert process_tree_cpu_seconds(os.getpid()) > 0
    assert process_tree_cpu_seconds(999_999_999) == 0.0  # a process that does not exist


def test_the_pages_of_every_interaction_and_provider_are_grouped_as_one_endpoint():
    interaction = "Interaction0123456789abcdefghijk"
    start = f"http://127.0.0.1:8000/connexion/{interaction}/fi/impots/"
    assert endpoint_path(start) == "/connexion/<interaction>/fi/<slug>/"
    assert endpoint_path(f"/en/connexion/{interaction}/fi/ameli/") == "/en/connexion/<interaction>/fi/<slug>/"
    assert (
        endpoint_path(f"/connexion/{interaction}/confirmation/") == "/connexion/<interaction>/confirmation/"
    )
    assert endpoint_path("http://127.0.0.1:8000/api/v2/token") == "/api/v2/token"
    assert endpoint_path("/fi/retour") == "/fi/retour"


def test_what_the_portal_adds_leaves_out_its_waits_on_the_identity_provider():
    from bench.driver import LoginResult, PortalRequest

    result = LoginResult(
        seconds=1.0,
        portal_requests=[
            PortalRequest(
                "GET /connexion/", 0.010, 0, cpu_seconds=0.002, server_seconds=0.004, upstream_seconds=0
            ),
            PortalRequest(
                "GET /fi/retour", 0.300, 1, cpu_seconds=0.008, server_seconds=0.250, upstream_seconds=0.240
            ),
        ],
    )

    assert result.portal_seconds == 0.310
    assert round(result.portal_added_seconds, 6) == 0.070  # 0.010 + (0.300 - 0.240)
    assert round(result.portal_server_added_seconds, 6) == 0.014  # 0.004 + (0.250 - 0.240)
    assert result.portal_cpu_seconds == 0.010


def test_profiles_are_merged_across_workers_and_given_per_request(tmp_path):
    import cProfile
    import json
    import time

    from bench.profiles import hottest_functions, merged_stats, summary

    def busy():
        return sum(number * number for number in range(200_000))

    for pid in (101, 102):
        profile = cProfile.Profile(time.thread_time)
        profile.enable()
        busy()
        profile.disable()
        profile.dump_stats(tmp_path / f"POST_api_v2_token.{pid}.pstats")
        (tmp_path / f"requests.{pid}.json").write_text(json.dumps({"POST /api/v2/token": 1}))

    [(endpoint, requests, milliseconds)] = summary(tmp_path)
    assert endpoint == "POST /api/v2/token" and requests == 2 and milliseconds > 0
    functions = hottest_functions(merged_stats(tmp_path, endpoint), requests, top=50)
    assert any("busy" in name for _cumulative, _own, name in functions)


def test_the_machine_calibration_is_a_positive_cpu_time():
    from bench.run import machine_calibration_ms

    assert 0 < machine_calibration_ms(rounds=1) < 10_000
