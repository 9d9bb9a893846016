"""Rate limits by URL name: per IP and per partner site on authorize, token and userinfo, per IP on
the citizen's flow pages; the protocol's 429 with Retry-After."""

import base64

import pytest

pytestmark = pytest.mark.django_db


def _token(client, client_id: str, **extra):
    return client.post(
        "/api/v2/token", {"grant_type": "authorization_code", "code": "x", "client_id": client_id}, **extra
    )


def _is_json_429(response) -> bool:
    return (
        response.status_code == 429
        and response.json()["error"] == "slow_down"
        and 0 < int(response["Retry-After"]) <= 60
    )


def test_the_token_endpoint_is_limited_per_partner_site(client, settings):
    settings.RATE_LIMIT_API_PER_SITE = "2/m"

    answers = [_token(client, "site-a").status_code for _ in range(2)]
    limited = _token(client, "site-a")
    other_site = _token(client, "site-b")

    assert answers == [401, 401]  # unknown clients: the endpoint's own answer
    assert _is_json_429(limited)
    assert other_site.status_code == 401


def test_a_site_authenticating_with_http_basic_is_counted_as_itself(client, settings):
    settings.RATE_LIMIT_API_PER_SITE = "1/m"
    basic = "Basic " + base64.b64encode(b"site-basic:secret").decode()

    _token(client, "", headers={"authorization": basic})
    limited = client.post(
        "/api/v2/token", {"grant_type": "authorization_code"}, headers={"authorization": basic}
    )

    assert _is_json_429(limited)


def test_the_api_is_limited_per_ip_whatever_the_site_each_endpoint_on_its_own(client, settings):
    settings.RATE_LIMIT_API_PER_IP = "2/m"

    _token(client, "site-a"), _token(client, "site-b")

    assert _is_json_429(_token(client, "site-c"))
    assert client.get("/api/v2/userinfo", headers={"authorization": "Bearer abc"}).status_code == 401


def test_userinfo_is_limited_per_access_token(client, settings):
    settings.RATE_LIMIT_API_PER_SITE = "1/m"

    first = client.get("/api/v2/userinfo", headers={"authorization": "Bearer token-one"})
    limited = client.get("/api/v2/userinfo", headers={"authorization": "Bearer token-one"})
    other = client.get("/api/v2/userinfo", headers={"authorization": "Bearer token-two"})

    assert first.status_code == 401 and other.status_code == 401
    assert _is_json_429(limited)


def test_a_limited_person_gets_a_readable_page_with_retry_after(client, settings):
    settings.RATE_LIMIT_PAGES_PER_IP = "1/m"

    client.get(f"/connexion/{'i' * 32}/")
    limited = client.get(f"/en/connexion/{'i' * 32}/")  # one limit per page, whatever the language

    assert limited.status_code == 429 and limited["Content-Type"].startswith("text/html")
    assert 0 < int(limited["Retry-After"]) <= 60
    assert "Too many requests" in limited.content.decode()


def test_the_browser_facing_authorize_endpoint_answers_people_with_a_page(client, settings):
    settings.RATE_LIMIT_API_PER_IP = "1/m"

    client.get("/api/v2/authorize", {"client_id": "site-a"})
    limited = client.get("/api/v2/authorize", {"client_id": "site-a"})

    assert limited.status_code == 429 and limited["Content-Type"].startswith("text/html")
    assert "Trop de demandes" in limited.content.decode()


def test_pages_are_chosen_by_url_name_prefix(client, settings):
    settings.RATE_LIMIT_PAGES_PER_IP = "1/m"
    settings.RATE_LIMITED_PAGE_URL_NAME_PREFIXES = ["identity_provider_"]

    client.get("/connexion/"), client.get("/connexion/")  # flow_chooser: no longer limited
    client.get("/fi/retour")
    limited = client.get("/fi/retour")  # identity_provider_callback

    assert client.get("/connexion/").status_code != 429
    assert limited.status_code == 429


def test_pages_outside_the_flow_are_never_limited(client, settings):
    settings.RATE_LIMIT_PAGES_PER_IP = "1/m"

    assert [client.get("/").status_code for _ in range(3)] == [200, 200, 200]


def test_an_empty_rate_switches_a_limit_off(client, settings):
    settings.RATE_LIMIT_API_PER_SITE = ""
    settings.RATE_LIMIT_API_PER_IP = ""

    assert {_token(client, "site-a").status_code for _ in range(5)} == {401}


def test_behind_a_proxy_the_configured_header_is_the_address(client, settings):
    settings.RATE_LIMIT_API_PER_IP = "1/m"
    settings.RATE_LIMIT_API_PER_SITE = ""
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"

    _token(client, "a", headers={"x-real-ip": "192.0.2.1"})
    other_person = _token(client, "a", headers={"x-real-ip": "192.0.2.2"})
    same_person = _token(client, "a", headers={"x-real-ip": "192.0.2.1"})

    assert other_person.status_code == 401 and same_person.status_code == 429


def test_an_ipv6_client_counts_for_its_64_block(rf):
    from franceconnect.infrastructure.rate_limits import client_address_key

    one = client_address_key(rf.get("/", REMOTE_ADDR="2001:db8:1:2::1"))
    same_block = client_address_key(rf.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9"))
    other_block = client_address_key(rf.get("/", REMOTE_ADDR="2001:db8:1:3::1"))

    assert one == same_block == "2001:db8:1:2::" != other_block
    assert client_address_key(rf.get("/", REMOTE_ADDR="192.0.2.7")) == "192.0.2.7"
    assert client_address_key(rf.get("/", REMOTE_ADDR="not an address:")) == "not an address:"


def test_behind_trusted_proxies_each_client_is_counted_and_spoofing_does_not_help(client, settings):
    settings.RATE_LIMIT_API_PER_IP = "1/m"
    settings.RATE_LIMIT_API_PER_SITE = ""
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    through_proxy = {"REMOTE_ADDR": "10.0.0.5"}

    first = _token(client, "a", headers={"x-forwarded-for": "192.0.2.1"}, **through_proxy)
    other_person = _token(client, "a", headers={"x-forwarded-for": "192.0.2.2"}, **through_proxy)
    # The same person claiming another address: the proxy appended the one it saw.
    same_person = _token(client, "a", headers={"x-forwarded-for": "198.51.100.9, 192.0.2.1"}, **through_proxy)
    # Straight to the portal, a made-up header is not believed.
    direct = {"REMOTE_ADDR": "192.0.2.3"}
    _token(client, "a", headers={"x-forwarded-for": "198.51.100.1"}, **direct)
    direct_again = _token(client, "a", headers={"x-forwarded-for": "198.51.100.2"}, **direct)

    assert first.status_code == other_person.status_code == 401
    assert same_person.status_code == 429
    assert direct_again.status_code == 429
