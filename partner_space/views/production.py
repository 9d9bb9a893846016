"""« Demander la mise en production » from a sandbox site, and « Demander une modification » of a
production site: the configuration and the reason for each new scope, reviewed by an operator
(partner_space/services/production.py). Readers see the requests; they cannot make one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from partner_space import selectors, services
from partner_space.configuration import SiteConfiguration
from partner_space.forms import ProductionRequestForm, SiteForm
from partner_space.models import ProductionRequest
from partner_space.views.common import form_page, partner_required
from partner_space.views.sites import forbidden, site_or_404


@never_cache
@require_http_methods(["GET", "POST"])
@partner_required
def site_production_request(request, person, site_id: int):
    site, membership = site_or_404(person, site_id)
    if not selectors.may(membership, selectors.CONFIGURE):
        return forbidden(request)
    production_site = services.production_site_of(site)
    if site.is_sandbox and production_site is not None:
        messages.info(
            request, _("This site is in production already: change the production site's configuration.")
        )
        return redirect("partner_site", site_id=production_site.pk)
    pending = ProductionRequest.objects.filter(site=site, status=ProductionRequest.Status.PENDING).first()
    if pending is not None:
        messages.info(request, _("A request for this site is already awaiting review."))
        return redirect("partner_site", site_id=site.pk)
    live = SiteConfiguration.of_site(production_site) if production_site is not None else None
    form = ProductionRequestForm(
        request.POST or None, live=live, initial=SiteForm.initial_of(SiteConfiguration.of_site(site))
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.production_request_create(
                site=site,
                author=person,
                configuration=form.configuration(environment=site.environment),
                scope_reasons=form.scope_reasons(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Your request is sent. Your organisation's administrators will receive the decision by e-mail."
                ),
            )
            return redirect("partner_site", site_id=site.pk)
    context = {
        "form": form,
        "site": site,
        "organisation": membership.organisation,
        "change": production_site is not None,
        "section": "home",
    }
    return form_page(request, "production_request.html", context)
