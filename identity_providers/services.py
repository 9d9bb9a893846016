"""Writes on the identity-provider registry: discovery refresh and health checks."""

import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from identity_providers.models import SIGNING_ALGORITHMS, HealthCheck, IdentityProvider
from identity_providers.oidc.errors import IdentityProviderError
from identity_providers.oidc.http import provider_json, provider_request
from identity_providers.oidc.jwks import jwks_fetch

REQUIRED_DISCOVERY_FIELDS = [
    "issuer",
    "authorization_endpoint",
    "token_endpoint",
    "jwks_uri",
    "userinfo_endpoint",
]


def _discovery_document(provider: IdentityProvider) -> dict:
    document = provider_json(
        provider_request("GET", provider.discovery_url, provider=provider), what="discovery document"
    )
    missing = [field for field in REQUIRED_DISCOVERY_FIELDS if not isinstance(document.get(field), str)]
    if missing:
        raise IdentityProviderError("invalid_response", "discovery lacks " + ", ".join(missing))
    return document


def identity_provider_refresh_from_discovery(*, provider: IdentityProvider) -> IdentityProvider:
    """Read the provider's endpoints and algorithms from its discovery document and save them."""
    document = _discovery_document(provider)
    provider.issuer = document["issuer"]
    provider.authorization_endpoint = document["authorization_endpoint"]
    provider.token_endpoint = document["token_endpoint"]
    provider.userinfo_endpoint = document["userinfo_endpoint"]
    provider.jwks_uri = document["jwks_uri"]
    provider.end_session_endpoint = document.get("end_session_endpoint") or ""
    offered = document.get("id_token_signing_alg_values_supported") or []
    usable = [algorithm for algorithm in SIGNING_ALGORITHMS if algorithm in offered]
    if not usable:
        raise IdentityProviderError(
            "invalid_response", "the provider signs with no algorithm the portal accepts"
        )
    if not provider.signing_algorithms:
        provider.signing_algorithms = usable
    provider.discovery_refreshed_at = timezone.now()
    provider.save()
    return provider


def _probe(provider: IdentityProvider) -> None:
    """What a health check asks of a provider: its discovery document and at least one key."""
    _discovery_document(provider)
    if not jwks_fetch(provider):
        raise IdentityProviderError("invalid_response", "the JWKS holds no key")


def identity_provider_check_health(*, provider_id: int) -> HealthCheck:
    """Check one provider, record the result, and grey it out or restore it as needed.

    After IDP_HEALTH_FAILURE_THRESHOLD failures in a row the provider becomes unavailable;
    the first successful check makes it available again.
    """
    provider = IdentityProvider.objects.get(pk=provider_id)
    started = time.monotonic()
    try:
        _probe(provider)
    except IdentityProviderError as error:
        ok, message = False, f"{error.code}: {error.detail}"[:300]
    else:
        ok, message = True, ""
    duration_ms = int((time.monotonic() - started) * 1000)

    with transaction.atomic():
        provider = IdentityProvider.objects.select_for_update().get(pk=provider_id)
        change = ""
        if ok:
            provider.consecutive_failures = 0
            if provider.availability == IdentityProvider.Availability.UNAVAILABLE:
                provider.availability = IdentityProvider.Availability.AVAILABLE
                provider.unavailable_since = None
                change = IdentityProvider.Availability.AVAILABLE
        else:
            provider.consecutive_failures += 1
            if (
                provider.availability == IdentityProvider.Availability.AVAILABLE
                and provider.consecutive_failures >= settings.IDP_HEALTH_FAILURE_THRESHOLD
            ):
                provider.availability = IdentityProvider.Availability.UNAVAILABLE
                provider.unavailable_since = timezone.now()
                change = IdentityProvider.Availability.UNAVAILABLE
        provider.skip_history_when_saving = True  # the check's result, not a change (HealthCheck has it)
        provider.save(
            update_fields=["consecutive_failures", "availability", "unavailable_since", "updated_at"]
        )
        return HealthCheck.objects.create(
            provider=provider, ok=ok, duration_ms=duration_ms, error=message, availability_change=change
        )
