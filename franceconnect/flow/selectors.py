"""Reads of the flow."""

from identity_providers.models import IdentityProvider


def identity_providers_for(service_provider) -> list[IdentityProvider]:
    """The identity providers a site allows, displayed and active, in their order."""
    providers = IdentityProvider.objects.filter(is_active=True, is_displayed=True)
    allowed = list(service_provider.allowed_identity_providers.values_list("pk", flat=True))
    if allowed:
        providers = providers.filter(pk__in=allowed)
    excluded = service_provider.excluded_identity_providers.values_list("pk", flat=True)
    return list(providers.exclude(pk__in=excluded).order_by("order", "name"))
