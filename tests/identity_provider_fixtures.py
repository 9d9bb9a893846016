"""Fixtures shared by the tests: a fake identity provider over real HTTP, registered in the portal."""

from importlib import import_module
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory

from identity_providers.login import (
    ProviderAnswer,
    ProviderAnswerError,
    authentication_redirect,
    provider_answer_take,
)
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
    """The portal's client towards identity providers (identity_providers.login), driven directly:
    the flow's pages are left out, the provider answers over HTTP. One browser session throughout."""

    BINDING = "the-interaction-of-this-login"

    def __init__(self, fake_provider, provider):
        self.fake = fake_provider
        self.provider = provider
        self.session = import_module(settings.SESSION_ENGINE).SessionStore()
        self.factory = RequestFactory()

    def request(self, path: str, params: dict | None = None):
        request = self.factory.get(path, params or {})
        request.session = self.session
        return request

    def start(self, *, acr: str = "eidas1", prompt: tuple[str, ...] = (), max_age: int | None = None) -> str:
        response = authentication_redirect(
            self.request("/connexion/"),
            self.provider,
            binding=self.BINDING,
            acr=acr,
            prompt=prompt,
            max_age=max_age,
        )
        assert response.status_code == 302
        return response["Location"]

    def answer(self, **params) -> ProviderAnswer | ProviderAnswerError:
        """The outcome of the provider's redirect back to /fi/retour with these parameters."""
        try:
            return provider_answer_take(self.request("/fi/retour", params))
        except ProviderAnswerError as failure:
            return failure

    def complete(self) -> ProviderAnswer | ProviderAnswerError:
        """The whole round trip."""
        authorization_url = self.start()
        code = self.fake.authorize(authorization_url)
        return self.answer(code=code, state=query_of(authorization_url)["state"])


@pytest.fixture
def portal_login(fake_provider, registered_fake):
    return PortalLogin(fake_provider, registered_fake)
