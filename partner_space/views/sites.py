"""A partner's sites: creating a sandbox site, its page (client id, a new secret shown once, the
previous secret's grace), its configuration, its secret's renewal and its versions.

A site id that is not one of the person's organisations' answers 404, whatever it names."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from franceconnect.federation.models import ServiceProvider
from franceconnect.federation.selectors import identity_providers_for
from partner_space import selectors, services, session
from partner_space.configuration import FIELDS_ORDER, SiteConfiguration
from partner_space.forms import SiteForm
from partner_space.views.common import form_page, not_found, page, partner_required


def site_or_404(person, site_id: int):
    found = selectors.site_with_membership(person, site_id)
    if found is None:
        not_found()
    return found


def forbidden(request):
    return page(request, "forbidden.html", {"section": "home"}, status=403)


@never_cache
@require_http_methods(["GET", "POST"])
@partner_required
def site_new(request, person, organisation_id: int):
    membership = selectors.membership_in(person, organisation_id)
    if membership is None:
        not_found()
    if not selectors.may(membership, selectors.CONFIGURE):
        return forbidden(request)
    form = SiteForm(
        request.POST or None, sandbox=True, initial={"contact_email": person.email, "scopes": ["openid"]}
    )
    if request.method == "POST" and form.is_valid():
        site, secret = services.site_sandbox_create(
            organisation=membership.organisation,
            author=person,
            configuration=form.configuration(environment=ServiceProvider.Environment.SANDBOX),
        )
        session.secret_store(request, site.pk, secret)
        messages.success(request, _("Your sandbox site is created."))
        return redirect("partner_site", site_id=site.pk)
    context = {"form": form, "organisation": membership.organisation, "section": "home"}
    return form_page(request, "site_form.html", context)


@never_cache
@require_GET
@partner_required
def site_detail(request, person, site_id: int):
    site, membership = site_or_404(person, site_id)
    now = timezone.now()
    context = {
        "site": site,
        "membership": membership,
        "organisation": membership.organisation,
        "configuration": SiteConfiguration.of_site(site),
        "may_configure": selectors.may(membership, selectors.CONFIGURE),
        "secret": session.secret_take(request, site.pk),  # shown on this page once, then forgotten
        "previous_secret_until": site.previous_client_secret_expires_at
        if site.previous_secret_valid_at(now)
        else None,
        "grace_hours": settings.CLIENT_SECRET_GRACE_HOURS,
        "identity_providers": identity_providers_for(site),
        "production_requests": selectors.production_requests_of(site),
        "production_site": services.production_site_of(site),
        "secret_to_generate": not services.secret_was_shown(site),
        "section": "home",
    }
    return page(request, "site.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@partner_required
def site_configure(request, person, site_id: int):
    site, membership = site_or_404(person, site_id)
    if not selectors.may(membership, selectors.CONFIGURE):
        return forbidden(request)
    if not site.is_sandbox:  # a production site's change is reviewed before it applies
        return redirect("partner_site_production", site_id=site.pk)
    current = SiteConfiguration.of_site(site)
    form = SiteForm(request.POST or None, sandbox=site.is_sandbox, initial=SiteForm.initial_of(current))
    if request.method == "POST" and form.is_valid():
        version = services.site_configure(
            site=site, author=person, configuration=form.configuration(environment=site.environment)
        )
        if version is None:
            messages.info(request, _("Nothing changed."))
        else:
            messages.success(
                request, _("The configuration is saved as version %(number)d.") % {"number": version.number}
            )
        return redirect("partner_site", site_id=site.pk)
    context = {"form": form, "site": site, "organisation": membership.organisation, "section": "home"}
    return form_page(request, "site_form.html", context)


@never_cache
@require_POST
@partner_required
def site_secret(request, person, site_id: int):
    """« Générer un nouveau secret » (the previous one works CLIENT_SECRET_GRACE_HOURS more), or
    « Désactiver l'ancien secret maintenant »."""
    site, membership = site_or_404(person, site_id)
    if not selectors.may(membership, selectors.CONFIGURE):
        return forbidden(request)
    if request.POST.get("action") == "end_previous":
        services.site_previous_secret_end(site=site, author=person)
        messages.success(request, _("The previous secret no longer works."))
    else:
        secret = services.site_secret_renew(site=site, author=person)
        session.secret_store(request, site.pk, secret)
        messages.success(request, _("A new secret is generated."))
    return redirect("partner_site", site_id=site.pk)


@never_cache
@require_GET
@partner_required
def site_versions(request, person, site_id: int):
    site, membership = site_or_404(person, site_id)
    versions = selectors.versions_of(site)
    rows = [
        {
            "version": version,
            "changes": [
                (name, version.changes[name])
                for name in (*FIELDS_ORDER, "client_secret")
                if name in version.changes
            ],
        }
        for version in versions
    ]
    context = {"site": site, "organisation": membership.organisation, "rows": rows, "section": "home"}
    return page(request, "site_versions.html", context)
