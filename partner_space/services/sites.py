"""A partner's sites: created as sandbox instances in one step, configured, their secret renewed.

Every change is a new ``SiteConfigurationVersion`` (who, when, the whole configuration, what
changed), written in the same transaction as the site's row. The site's own audit trail
(django-simple-history) records the same save with the partner's user as its author.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from franceconnect.federation.models import ServiceProvider
from franceconnect.federation.services import (
    service_provider_previous_secret_end,
    service_provider_register,
    service_provider_secret_renew,
)
from partner_space.configuration import SiteConfiguration, diff
from partner_space.models import Organisation, PartnerPerson, SiteConfigurationVersion

Event = SiteConfigurationVersion.Event


def version_record(
    *, site, author: PartnerPerson | None, event: str, before: SiteConfiguration | None, changes=None
) -> SiteConfigurationVersion:
    after = SiteConfiguration.of_site(site)
    latest = (
        SiteConfigurationVersion.objects.filter(site=site)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return SiteConfigurationVersion.objects.create(
        site=site,
        number=(latest or 0) + 1,
        event=event,
        author=author,
        configuration=after.as_json(),
        changes=diff(before, after) if changes is None else changes,
    )


@transaction.atomic
def site_sandbox_create(
    *, organisation: Organisation, author: PartnerPerson, configuration: SiteConfiguration
) -> tuple[ServiceProvider, str]:
    """A sandbox site at once: its client id, and its secret (returned once, stored hashed)."""
    site, secret = service_provider_register(
        name=configuration.name,
        redirect_uris=list(configuration.redirect_uris),
        post_logout_redirect_uris=list(configuration.post_logout_redirect_uris),
        algorithm=configuration.algorithm,
        scopes=list(configuration.scopes),
        site_url=configuration.site_url,
        eidas_level=configuration.eidas_level,
        contact_email=configuration.contact_email,
        consent_required=configuration.consent_required,
        environment=ServiceProvider.Environment.SANDBOX,
        organisation=organisation,
        history_user=author.user,
    )
    version_record(site=site, author=author, event=Event.CREATED, before=None)
    return site, secret


@transaction.atomic
def site_configure(
    *, site: ServiceProvider, author: PartnerPerson, configuration: SiteConfiguration
) -> SiteConfigurationVersion | None:
    """A sandbox site's new configuration; None when nothing changed (no version for nothing).

    The instance is not the partner's to change, and a production site changes only through an
    approved request (partner_space/services/production.py)."""
    site = ServiceProvider.objects.select_for_update().get(pk=site.pk)
    if not site.is_sandbox:  # a production site changes only by an approved request
        raise ValidationError("a production site's configuration changes through a production request")
    before = SiteConfiguration.of_site(site)
    configuration = SiteConfiguration(**{**configuration.__dict__, "environment": site.environment})
    if configuration == before:
        return None
    configuration.apply_to(site)
    site.full_clean()
    site._history_user = author.user  # the site's audit trail names the partner
    site.save()
    return version_record(site=site, author=author, event=Event.CONFIGURED, before=before)


def secret_was_shown(site: ServiceProvider) -> bool:
    """Whether the site's partner ever received its secret. Only a production site that an
    approval created (its version 1) has not, until the partner generates it in the space; its
    first generation then needs no grace period for a secret nobody knows."""
    if site.is_sandbox:
        return True
    events = dict(SiteConfigurationVersion.objects.filter(site=site).values_list("number", "event"))
    created_by_approval = events.get(1) == Event.APPROVED
    return not created_by_approval or Event.SECRET_RENEWED in events.values()


@transaction.atomic
def site_secret_renew(*, site: ServiceProvider, author: PartnerPerson) -> str:
    """A new secret, returned once; the previous one still works for CLIENT_SECRET_GRACE_HOURS,
    unless it was never shown (a production site's first secret: the approval made it unknown)."""
    site = ServiceProvider.objects.select_for_update().get(pk=site.pk)
    site._history_user = author.user
    grace = timedelta(hours=settings.CLIENT_SECRET_GRACE_HOURS) if secret_was_shown(site) else timedelta(0)
    secret = service_provider_secret_renew(service_provider=site, grace=grace)
    until = site.previous_client_secret_expires_at
    version_record(
        site=site,
        author=author,
        event=Event.SECRET_RENEWED,
        before=None,
        changes={"client_secret": {"previous_accepted_until": until.isoformat() if until else None}},
    )
    return secret


@transaction.atomic
def site_previous_secret_end(*, site: ServiceProvider, author: PartnerPerson) -> None:
    """The previous secret stops now (it leaked, or the site uses the new one already)."""
    site = ServiceProvider.objects.select_for_update().get(pk=site.pk)
    if not site.previous_client_secret:
        return
    site._history_user = author.user
    service_provider_previous_secret_end(service_provider=site)
    version_record(
        site=site,
        author=author,
        event=Event.SECRET_RENEWED,
        before=None,
        changes={"client_secret": {"previous_accepted_until": None}},
    )
