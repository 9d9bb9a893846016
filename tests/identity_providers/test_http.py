"""Outbound HTTP to identity providers: the environment's proxy settings, read once per origin."""

import pytest

from identity_providers.oidc.http import _proxies_for


@pytest.fixture
def proxied(monkeypatch):
    _proxies_for.cache_clear()
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost,.interieur.gouv.fr")
    yield
    _proxies_for.cache_clear()


def test_a_provider_on_the_internet_is_reached_through_the_environments_proxy(proxied):
    assert _proxies_for("https://app.franceconnect.gouv.fr")["https"] == "http://proxy.example:3128"


def test_no_proxy_hosts_are_reached_directly(proxied):
    assert _proxies_for("http://127.0.0.1:8001") == {}
    assert _proxies_for("https://idp.interieur.gouv.fr") == {}
