"""A partner's sites: created as sandbox instances in one step, configured, their secret renewed.

Every change is a new ``SiteConfigurationVersion`` (who, when, the whole configuration, what
changed), written in the same transaction as the site's row. The site's own audit trail
(django-simple-history) records the same save with the partner's user as its author.
"""

from datetime import timedelta

from django.conf import settings
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


def _version_record(
    *, site, author: PartnerPerson, event: str, before: SiteConfiguration | None, changes=None
):
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
    _version_record(site=site, author=author, event=Event.CREATED, before=None)
    return site, secret


@transaction.atomic
def site_configure(
    *, site: ServiceProvider, author: PartnerPerson, configuration: SiteConfiguration
) -> SiteConfigurationVersion | None:
    """The partner's new configuration; None when nothing changed (no version for nothing).

    The instance is not the partner's to change (a production review decides it)."""
    site = ServiceProvider.objects.select_for_update().get(pk=site.pk)
    before = SiteConfiguration.of_site(site)
    configuration = SiteConfiguration(**{**configuration.__dict__, "environment": site.environment})
    if configuration == before:
        return None
    configuration.apply_to(site)
    site.full_clean()
    site._history_user = author.user  # the site's audit trail names the partner
    site.save()
    return _version_record(site=site, author=author, event=Event.CONFIGURED, before=before)


@transaction.atomic
def site_secret_renew(*, site: ServiceProvider, author: PartnerPerson) -> str:
    """A new secret, returned once; the previous one still works for CLIENT_SECRET_GRACE_HOURS."""
    site = ServiceProvider.objects.select_for_update().get(pk=site.pk)
    site._history_user = author.user
    secret = service_provider_secret_renew(
        service_provider=site, grace=timedelta(hours=settings.CLIENT_SECRET_GRACE_HOURS)
    )
    until = site.previous_client_secret_expires_at
    _version_record(
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
    _version_record(
        site=site,
        author=author,
        event=Event.SECRET_RENEWED,
        before=None,
        changes={"client_secret": {"previous_accepted_until": None}},
    )
