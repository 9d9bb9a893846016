"""Reads on the identity-provider registry."""

from django.db.models import QuerySet

from identity_providers.models import IdentityProvider


def identity_providers_to_check() -> QuerySet[IdentityProvider]:
    return IdentityProvider.objects.filter(is_active=True).exclude(discovery_url="")
