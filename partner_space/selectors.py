"""Reads of the partner space, always through the person's memberships: a person reaches only
their organisations and their sites (any other id is answered 404 by the views)."""

from django.db.models import Q

from franceconnect.federation.models import ServiceProvider
from partner_space.models import (
    Invitation,
    Membership,
    OrganisationEvent,
    PartnerPerson,
    ProductionRequest,
    Role,
    SiteConfigurationVersion,
)

VIEW, CONFIGURE, INVITE = "view", "configure", "invite"  # requesting production is configuring

# What each role may do in its organisation.
PERMISSIONS: dict[str, frozenset[str]] = {
    Role.ADMINISTRATOR: frozenset({VIEW, CONFIGURE, INVITE}),
    Role.DEVELOPER: frozenset({VIEW, CONFIGURE}),
    Role.READER: frozenset({VIEW}),
}


def may(membership: Membership | None, action: str) -> bool:
    return membership is not None and action in PERMISSIONS.get(membership.role, frozenset())


def person_by_id(person_id: int) -> PartnerPerson | None:
    return PartnerPerson.objects.select_related("user").filter(pk=person_id).first()


def memberships_of(person: PartnerPerson) -> list[Membership]:
    return list(
        Membership.objects.filter(person=person).select_related("organisation").order_by("organisation__name")
    )


def membership_in(person: PartnerPerson, organisation_id: int) -> Membership | None:
    return (
        Membership.objects.filter(person=person, organisation_id=organisation_id)
        .select_related("organisation")
        .first()
    )


def site_with_membership(person: PartnerPerson, site_id: int) -> tuple[ServiceProvider, Membership] | None:
    """A site of one of the person's organisations, with the person's membership there; None for
    any other id (another organisation's site, an operator's site, no site)."""
    site = ServiceProvider.objects.filter(pk=site_id, organisation__isnull=False).first()
    if site is None:
        return None
    membership = membership_in(person, site.organisation_id)
    return (site, membership) if membership is not None else None


def sites_of(organisation_ids) -> list[ServiceProvider]:
    return list(ServiceProvider.objects.filter(organisation_id__in=organisation_ids).order_by("name", "pk"))


def versions_of(site: ServiceProvider) -> list[SiteConfigurationVersion]:
    return list(
        SiteConfigurationVersion.objects.filter(site=site).select_related("author__user").order_by("-number")
    )


def members_of(organisation_id: int) -> list[Membership]:
    return list(
        Membership.objects.filter(organisation_id=organisation_id)
        .select_related("person__user")
        .order_by("person__email")
    )


def invitations_pending(organisation_id: int) -> list[Invitation]:
    return list(Invitation.objects.filter(organisation_id=organisation_id, accepted_at__isnull=True))


def production_requests_of(site: ServiceProvider) -> list[ProductionRequest]:
    """The requests made from this site (a sandbox site's, or a production site's changes), and
    for a production site also the first request that created it; newest first."""
    return list(
        ProductionRequest.objects.filter(Q(site=site) | Q(production_site=site))
        .select_related("requested_by", "production_site")
        .order_by("-requested_at", "-pk")
    )


def events_of(organisation_id: int, *, limit: int = 50) -> list[OrganisationEvent]:
    """The organisation's latest changes of members and invitations, newest first."""
    return list(
        OrganisationEvent.objects.filter(organisation_id=organisation_id)
        .select_related("actor__user")
        .order_by("-created_at", "-pk")[:limit]
    )
