"""The computations of the scale, hosts, e-mail and soak reports (bench.scale, bench.hosts,
bench.emails, bench.soak_charts), without a stack."""

from bench.driver import LoginResult, PortalRequest
from bench.emails import duplicates
from bench.hosts import haproxy_config, spread
from bench.scale import login_cost
from bench.soak_charts import growth, series


def test_the_login_cost_is_the_portals_cpu_over_the_identity_providers():
    level = {"cpu_ms_per_login": {"portal": 30.0, "identity_provider": 24.0}, "login_seconds": {"p95": 0.8123},
             "logins_per_second": 9.5, "failures": {}}  # fmt: skip

    cost = login_cost(level)

    assert cost["portal_over_identity_provider"] == 1.25
    assert cost["login_p95_ms"] == 812.3


def test_logins_answered_by_both_instances_are_counted():
    def login(*instances):
        return LoginResult(1.0, [PortalRequest("GET /", 0.1, 0, 0, 0, 0, instance) for instance in instances])

    result = spread([login("0", "1", "0"), login("1", "1"), login("0")])

    assert result == {"requests_per_instance": {"0": 3, "1": 3}, "logins_on_several_instances": 1}


def test_the_balancer_shares_every_request_between_the_instances_without_stickiness():
    config = haproxy_config(8100, [8101, 8102])

    assert "balance roundrobin" in config
    assert "server portal_0 127.0.0.1:8101" in config and "server portal_1 127.0.0.1:8102" in config
    assert "cookie" not in config and "stick" not in config


def test_a_message_id_received_again_is_a_duplicate():
    assert duplicates([b"<a>", b"<b>", b"<a>", b"<a>"]) == 2
    assert duplicates([b"<a>", b"<b>"]) == 0


def test_soak_series_follow_each_process_even_when_one_appears_later():
    samples = [{"resident_kb": {"portal": 100}}, {"resident_kb": {"portal": 110, "beat": 50}}]

    lines = series(samples, ("resident_kb",))

    assert lines == {"portal": [100, 110], "beat": [0, 50]}
    assert growth(lines["portal"]) == 10


def test_the_ratio_spread_says_how_much_the_logins_relative_cost_moved_across_sizes():
    from bench.scale_report import ratio_spread

    reports = [{"login": {"portal_over_identity_provider": ratio}} for ratio in (1.0, 1.05, 0.98)]

    assert ratio_spread(reports) == round(1.05 / 0.98 - 1, 3)


def test_the_shared_servers_cpu_is_divided_among_the_logins():
    from bench.scale import server_cpu_ms_per_login

    assert server_cpu_ms_per_login({"postgresql": 10.0}, {"postgresql": 12.5}, 500) == {"postgresql": 5.0}
