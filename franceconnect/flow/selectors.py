"""Reads of the flow."""

from django.db.models import Exists, OuterRef, Q

from identity_providers.models import IdentityProvider


def identity_providers_for(service_provider) -> list[IdentityProvider]:
    """The identity providers a site allows, displayed and active, in their order: one query.

    A site with no allowed list takes every provider; its excluded list always applies.
    """
    allowed = type(service_provider).allowed_identity_providers.through.objects.filter(
        serviceprovider_id=service_provider.pk
    )
    excluded = type(service_provider).excluded_identity_providers.through.objects.filter(
        serviceprovider_id=service_provider.pk, identityprovider_id=OuterRef("pk")
    )
    return list(
        IdentityProvider.objects.filter(is_active=True, is_displayed=True)
        .filter(Q(Exists(allowed.filter(identityprovider_id=OuterRef("pk")))) | ~Exists(allowed))
        .exclude(Exists(excluded))
        .order_by("order", "name")
    )
