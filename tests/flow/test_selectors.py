"""Which identity providers a site offers: allowed list, excluded list, active and displayed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from franceconnect.federation.selectors import identity_providers_for
from identity_providers.models import IdentityProvider

pytestmark = pytest.mark.django_db


def _provider(slug: str, order: int, **fields) -> IdentityProvider:
    provider = IdentityProvider(
        slug=slug,
        name=slug.title(),
        order=order,
        eidas_levels=["eidas1"],
        issuer=f"https://{slug}.example",
        authorization_endpoint=f"https://{slug}.example/authorize",
        token_endpoint=f"https://{slug}.example/token",
        userinfo_endpoint=f"https://{slug}.example/userinfo",
        jwks_uri=f"https://{slug}.example/jwks",
        client_id=slug,
        **fields,
    )
    provider.client_secret = "secret"
    provider.save()
    return provider


@pytest.fixture
def providers():
    return {
        "impots": _provider("impots", 1),
        "ameli": _provider("ameli", 2),
        "laposte": _provider("laposte", 3),
        "retired": _provider("retired", 4, is_active=False),
        "hidden": _provider("hidden", 5, is_displayed=False),
    }


def _slugs(service_provider) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        offered = identity_providers_for(service_provider)
    assert len(queries) == 1  # read on several steps of every login: one query, whatever the lists
    return [provider.slug for provider in offered]


def test_a_site_without_lists_offers_every_active_displayed_provider_in_order(site, providers):
    assert _slugs(site[0]) == ["impots", "ameli", "laposte"]


def test_an_allowed_list_limits_the_offer(site, providers):
    service_provider = site[0]
    service_provider.allowed_identity_providers.add(
        providers["laposte"], providers["impots"], providers["retired"]
    )

    assert _slugs(service_provider) == ["impots", "laposte"]


def test_the_excluded_list_applies_with_or_without_an_allowed_list(site, providers):
    service_provider = site[0]
    service_provider.excluded_identity_providers.add(providers["ameli"])
    assert _slugs(service_provider) == ["impots", "laposte"]

    service_provider.allowed_identity_providers.add(providers["ameli"], providers["laposte"])
    assert _slugs(service_provider) == ["laposte"]


def test_another_sites_lists_do_not_apply(site, providers):
    from franceconnect.federation.services import service_provider_register

    other, _secret = service_provider_register(
        name="Autre", redirect_uris=["https://autre.example/cb"], post_logout_redirect_uris=[],
        algorithm="RS256", scopes=["openid"],
    )  # fmt: skip
    other.allowed_identity_providers.add(providers["ameli"])
    other.excluded_identity_providers.add(providers["impots"])

    assert _slugs(site[0]) == ["impots", "ameli", "laposte"]
