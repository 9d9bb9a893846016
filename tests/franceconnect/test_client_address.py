"""The client's address behind the reverse proxies named in TRUSTED_PROXIES, and nobody else's word for it."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from franceconnect.infrastructure.client_address import client_address
from tests.franceconnect.test_settings import PRODUCTION_ENVIRONMENT, _run_with

PROXY = "10.0.0.5"


def _request(peer: str, forwarded_for: str | None = None):
    headers = {"REMOTE_ADDR": peer}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **headers)


@pytest.fixture
def behind_proxies(settings):
    settings.TRUSTED_PROXIES = [PROXY, "10.1.0.0/16", "2001:db8::/32"]


def test_without_trusted_proxies_the_peer_is_the_client_whatever_the_header_says(settings):
    settings.TRUSTED_PROXIES = []

    assert client_address(_request("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


def test_through_a_trusted_proxy_the_client_is_the_address_it_saw(behind_proxies):
    assert client_address(_request(PROXY, "203.0.113.1")) == "203.0.113.1"


def test_a_client_writing_the_header_itself_is_still_counted_as_itself(behind_proxies):
    # Straight to the portal, not through the proxy: its header is its own words.
    assert client_address(_request("198.51.100.7", "203.0.113.1")) == "198.51.100.7"
    # Through the proxy, what it wrote stays on the left of what the proxy appended.
    assert client_address(_request(PROXY, "203.0.113.1, 198.51.100.7")) == "198.51.100.7"
    # Naming a trusted proxy as its own address does not make it one.
    assert client_address(_request(PROXY, f"{PROXY}, 198.51.100.7")) == "198.51.100.7"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right(behind_proxies):
    forwarded = "192.0.2.66, 203.0.113.1, 10.1.4.2"  # spoofed, the client, an inner proxy

    assert client_address(_request(PROXY, forwarded)) == "203.0.113.1"


def test_repeated_headers_joined_by_django_read_as_one_list(behind_proxies):
    assert client_address(_request(PROXY, "192.0.2.66,203.0.113.1")) == "203.0.113.1"


def test_an_entry_that_is_not_an_address_counts_as_the_proxy_that_passed_it(behind_proxies):
    assert client_address(_request(PROXY, "unknown")) == PROXY
    assert client_address(_request(PROXY, "")) == PROXY
    assert client_address(_request(PROXY)) == PROXY


def test_only_trusted_addresses_the_left_most_is_the_client(behind_proxies):
    assert client_address(_request(PROXY, "10.1.0.9, 10.1.0.8")) == "10.1.0.9"


def test_ipv6_and_ipv4_seen_through_ipv6(behind_proxies):
    assert client_address(_request("2001:db8::1", "2a01:e0a::7")) == "2a01:e0a::7"
    assert client_address(_request(f"::ffff:{PROXY}", "::ffff:203.0.113.1")) == "203.0.113.1"


def test_a_malformed_setting_is_a_configuration_error(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/33"]

    with pytest.raises(ImproperlyConfigured):
        client_address(_request(PROXY, "203.0.113.1"))


def test_every_limits_ip_key_is_this_address():
    from django.conf import settings

    assert settings.RATELIMIT_IP_META_KEY == "franceconnect.infrastructure.client_address.client_address"


def test_the_trusted_proxies_are_read_from_the_environment():
    result = _run_with(
        {**PRODUCTION_ENVIRONMENT, "TRUSTED_PROXIES": "10.0.0.5,10.1.0.0/16"},
        "manage.py",
        "shell",
        "-c",
        "from django.conf import settings; print(settings.TRUSTED_PROXIES)",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['10.0.0.5', '10.1.0.0/16']"
