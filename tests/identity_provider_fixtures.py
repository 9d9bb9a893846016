"""Fixtures shared by the tests: a fake identity provider over real HTTP, registered in the portal."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache

from identity_providers.models import IdentityProvider
from tests.identity_providers.fake_provider import FakeProvider


@pytest.fixture
def fake_provider():
    provider = FakeProvider().start()
    yield provider
    provider.stop()


def fake_registered(
    fake_provider: FakeProvider, slug: str = "fake", name: str = "Fournisseur factice"
) -> IdentityProvider:
    """The fake provider's row in the portal's registry, as an administrator would create it."""
    discovery = fake_provider.discovery()
    provider = IdentityProvider(
        slug=slug,
        name=name,
        eidas_levels=["eidas1", "eidas2"],
        discovery_url=f"{fake_provider.url}/.well-known/openid-configuration",
        issuer=discovery["issuer"],
        authorization_endpoint=discovery["authorization_endpoint"],
        token_endpoint=discovery["token_endpoint"],
        userinfo_endpoint=discovery["userinfo_endpoint"],
        jwks_uri=discovery["jwks_uri"],
        end_session_endpoint=discovery["end_session_endpoint"],
        client_id=fake_provider.client_id,
        signing_algorithms=["RS256", "ES256"],
        connect_timeout=1.0,
        read_timeout=1.0,
    )
    provider.client_secret = fake_provider.client_secret
    provider.save()
    return provider


@pytest.fixture
def registered_fake(db, fake_provider):
    """The fake provider, registered in the portal's registry as it would be by an administrator."""
    cache.clear()
    return fake_registered(fake_provider)


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


class PortalLogin:
    """Drive the portal's login views with Django's test client, the provider answering over HTTP."""

    def __init__(self, client, fake_provider, provider):
        self.client = client
        self.fake = fake_provider
        self.provider = provider

    def start(self, **params) -> str:
        response = self.client.get(f"/fi/{self.provider.slug}/connexion", {"next": "/en/", **params})
        assert response.status_code == 302, response.content
        return response["Location"]

    def complete(self):
        """The whole round trip: returns the portal's answer to the provider's redirect."""
        authorization_url = self.start()
        code = self.fake.authorize(authorization_url)
        return self.client.get("/fi/retour", {"code": code, "state": query_of(authorization_url)["state"]})


@pytest.fixture
def portal_login(client, fake_provider, registered_fake):
    return PortalLogin(client, fake_provider, registered_fake)
