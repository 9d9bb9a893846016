"""Reads on the identity-provider registry."""

from django.db.models import QuerySet

from franceconnect.infrastructure.cache import CONFIGURATION
from identity_providers.models import IdentityProvider


def identity_providers_to_check() -> QuerySet[IdentityProvider]:
    return IdentityProvider.objects.filter(is_active=True).exclude(discovery_url="")


def identity_provider_active(slug: str) -> IdentityProvider | None:
    """An active provider by its slug (shared by the requests of this process: do not modify).

    Every login reads its provider twice (start and callback): from memory, until one changes."""
    return CONFIGURATION.get(
        ("active", slug), lambda: IdentityProvider.objects.filter(slug=slug, is_active=True).first()
    )


def identity_provider_password_change_url(*, connection_id: int | None) -> str:
    """The password-change page of the provider a connection was made with ("" when the registry
    has none, or the connection or its provider is gone). Read when its security e-mail is
    written, by the worker: the login itself never waits for it."""
    if connection_id is None:
        return ""
    url = (
        IdentityProvider.objects.filter(connections__pk=connection_id)
        .values_list("password_change_url", flat=True)
        .first()
    )
    return url or ""


def identity_providers_listed() -> list[IdentityProvider]:
    """Every provider a citizen may meet in the chooser (active and displayed), in its order: the
    ones a citizen allows or blocks in their space."""
    return list(IdentityProvider.objects.filter(is_active=True, is_displayed=True).order_by("order", "name"))
