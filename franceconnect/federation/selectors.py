"""Reads of the flow: the partner site and the identity providers it offers, from memory.

Each login reads them on four of its steps; administrators change them a few times a day. The
memo (franceconnect.infrastructure.cache.CONFIGURATION) is renewed in every process when any of them changes.
Also a connection record by its reference, for the contact form (never on a login's path).
"""

from django.db.models import Exists, OuterRef, Q
from oauth2_provider.models import get_application_model

from franceconnect.federation.models import Connection
from franceconnect.infrastructure.cache import CONFIGURATION
from identity_providers.models import IdentityProvider


def service_provider_active(client_id: str):
    """An active partner site by its client_id (shared by this process's requests: do not modify).
    A client_id with a NUL names none (PostgreSQL refuses it in a query)."""
    if "\x00" in client_id:
        return None
    return _active_site("client_id", client_id)


def service_provider_active_by_pk(pk: int):
    """The same, by primary key (an access token's site)."""
    return _active_site("pk", pk)


def _active_site(field: str, value):
    ServiceProvider = get_application_model()
    return CONFIGURATION.get(
        ("site", field, value),
        lambda: ServiceProvider.objects.filter(**{field: value}, is_active=True).first(),
    )


def identity_providers_for(service_provider) -> list[IdentityProvider]:
    """The identity providers a site allows, displayed and active, in their order.

    A site with no allowed list takes every provider; its excluded list always applies. A sandbox
    site is offered only providers of test identities, a production site never one (README
    « Espace partenaires »): the chooser, the provider's redirect, the callback and the single
    sign-on all read this list. It is kept in the memo: a login reads no more for it.
    """
    return CONFIGURATION.get(("offered", service_provider.pk), lambda: _offered(service_provider))


def _offered(service_provider) -> list[IdentityProvider]:
    allowed = type(service_provider).allowed_identity_providers.through.objects.filter(
        serviceprovider_id=service_provider.pk
    )
    excluded = type(service_provider).excluded_identity_providers.through.objects.filter(
        serviceprovider_id=service_provider.pk, identityprovider_id=OuterRef("pk")
    )
    return list(
        IdentityProvider.objects.filter(
            is_active=True, is_displayed=True, for_testing=service_provider.is_sandbox
        )
        .filter(Q(Exists(allowed.filter(identityprovider_id=OuterRef("pk")))) | ~Exists(allowed))
        .exclude(Exists(excluded))
        .order_by("order", "name")
    )


def connection_by_reference(reference: str) -> Connection | None:
    """A connection record by the reference its security e-mail gave (``CX-…``, or ``FC-…`` from
    before the prefixes were told apart), with its site and identity provider."""
    return (
        Connection.objects.select_related("service_provider", "identity_provider")
        .filter(reference=reference)
        .first()
    )


ACCOUNT_CONNECTIONS_SHOWN = 50


def connections_of_same_account(reference: str) -> list[Connection]:
    """For support: the latest connections of the account a connection (by its reference) was made
    under, with their sites and identity providers; empty when the reference names none."""
    connection = (
        Connection.objects.filter(reference=reference).only("citizen_id").first() if reference else None
    )
    if connection is None:
        return []
    return list(
        Connection.objects.filter(citizen_id=connection.citizen_id)
        .select_related("service_provider", "identity_provider")
        .order_by("-created_at", "-pk")[:ACCOUNT_CONNECTIONS_SHOWN]
    )
