"""A site's integration page: what its developers need (discovery URL, client id, an example
authorization request, the error codes and their meaning) and « Try it », a login with a test
identity through the site's own configuration, after which the page shows what the site would
receive (partner_space/try_login.py). Every role of the organisation may use it, on a sandbox
site only: a production site is never tried with a real person's identity."""

import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from franceconnect.federation.in_process_client import InProcessError
from partner_space import error_codes, session, try_login
from partner_space.views.common import page, partner_required
from partner_space.views.sites import site_or_404

logger = logging.getLogger(__name__)

CHECK_LABELS = {
    try_login.SIGNATURE: gettext_lazy("Signature verified with the portal's JWKS (key id)"),
    try_login.ALGORITHM: gettext_lazy("Signed with the site's algorithm"),
    try_login.ISSUER: gettext_lazy("Issuer (iss) is the portal"),
    try_login.AUDIENCE: gettext_lazy("Audience (aud) is the site's client id"),
    try_login.EXPIRY: gettext_lazy("Not expired (exp)"),
    try_login.NONCE: gettext_lazy("Nonce is the one of the request"),
    try_login.SAME_SUBJECT: gettext_lazy("Same sub as the ID token"),
}


def _example_authorize_url(site) -> str:
    redirect_uris = site.redirect_uris.split()
    params = {
        "response_type": "code",
        "client_id": site.client_id,
        "redirect_uri": redirect_uris[0] if redirect_uris else "",
        "scope": site.allowed_scopes,
        "state": "<state>",
        "nonce": "<nonce>",
        "acr_values": "eidas1",
    }
    query = urlencode(params, safe="<>")
    return f"{settings.PUBLIC_BASE_URL}{reverse('oidc_authorize')}?{query}"


def _shown(decoded: try_login.DecodedToken) -> dict:
    return {
        "raw": decoded.raw,
        "header": decoded.header,
        "claims": sorted(decoded.claims.items()),
        "checks": [(CHECK_LABELS[check], passed, detail) for check, passed, detail in decoded.checks],
        "all_passed": all(passed for _check, passed, _detail in decoded.checks),
    }


@never_cache
@require_GET
@partner_required
def site_integration(request, person, site_id: int):
    site, membership = site_or_404(person, site_id)
    stored = session.try_result_of(request, site.pk)
    outcome = try_login.TryOutcome.from_stored(stored) if stored else None
    context = {
        "site": site,
        "organisation": membership.organisation,
        "discovery_url": settings.PUBLIC_BASE_URL + reverse("oidc_discovery"),
        "example_authorize_url": _example_authorize_url(site),
        "oauth_errors": error_codes.OAUTH_ERRORS,
        "citizen_pages": error_codes.citizen_pages(),
        "id_token": _shown(outcome.id_token) if outcome else None,
        "userinfo": _shown(outcome.userinfo) if outcome else None,
        "section": "home",
    }
    return page(request, "site_integration.html", context)


@never_cache
@require_POST
@partner_required
def site_try(request, person, site_id: int):
    """« Try it »: the site's own authorization request, answered to the portal."""
    site, _membership = site_or_404(person, site_id)
    if not site.is_sandbox or not site.is_active:
        return page(request, "try_refused.html", {"site": site, "section": "home"}, status=403)
    start = try_login.try_start(site, language=get_language())
    session.try_store(request, session.TryPending(site.pk, start.state, start.nonce, time.time()))
    return redirect(start.authorize_url)


@never_cache
@require_GET
@partner_required
def site_try_return(request, person):
    """/partenaires/essayer/retour/: the portal's answer to « Try it », as the site would get it."""
    pending = session.try_take(request, request.GET.get("state", ""))
    if pending is None:
        messages.error(
            request, _("This answer is not the one of a test in progress. Start « Try it » again.")
        )
        return redirect("partner_home")
    site, _membership = site_or_404(person, pending.site_id)
    integration = reverse("partner_site_integration", args=[site.pk]) + "#essayer"
    if "error" in request.GET:  # « Revenir sur <site> », or an error the site would receive
        error = request.GET.get("error", "")[:64]
        messages.info(
            request,
            _("The test login ended without a login: the site would receive the error %(error)s.")
            % {"error": error},
        )
        return redirect(integration)
    try:
        outcome = try_login.try_finish(site, request.GET.get("code", ""), nonce=pending.nonce)
    except InProcessError as failure:
        logger.warning("« Try it » not redeemed: %s", failure)
        messages.error(request, _("The test login's code could not be redeemed. Start « Try it » again."))
        return redirect(integration)
    session.try_result_store(request, site.pk, outcome.as_stored())
    messages.success(request, _("Test login completed: here is what your site would receive."))
    return redirect(integration)
