"""GET/POST /api/v2/authorize: validate a site's request, open its interaction, start the journey.

The partner-facing endpoint is the citizen's journey's entrance: it lives with the flow, which it
starts, and takes the protocol's rules from the provider (authorization_request, oauth).

An unknown client or an unregistered redirect URI gets an error page and no redirect; every other
error goes back to the verified redirect URI with ``error``, ``error_description`` and ``state``.
A valid request opens an interaction (franceconnect.federation.state) and the citizen's journey
starts at once (franceconnect.federation.flow.journey). Nothing is written to the browser's session
here: a cross-site POST, which arrives without the session cookie, leaves an existing single
sign-on alone.

A refused request is recorded for the statistics (service_statistics: the step, the OpenID error,
the site when it is known); a valid one counts its passage in memory.
"""

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from oauth2_provider.exceptions import FatalClientError, OAuthToolkitError

from franceconnect.federation import state
from franceconnect.federation.flow.journey import journey_start
from franceconnect.federation.provider.authorization_request import AuthorizeError, checked_request
from franceconnect.federation.provider.oauth import OAuthLib, error_redirect
from franceconnect.federation.selectors import identity_providers_for, service_provider_active
from franceconnect.infrastructure.errors import ErrorKind, error_page
from franceconnect.infrastructure.languages import request_language
from service_statistics.passages import passage
from service_statistics.services import login_stop_record
from service_statistics.steps import Step

INVALID_AUTHORIZATION_REQUEST = _(
    "The site that sent you here made a request the portal cannot accept, so you could not be sent back to it safely."
)


def _invalid_request_page(request, params, error: str, description: str):
    """A request whose client or redirect URI did not verify: an error page, never a redirect."""
    _refused(params, error)
    kind = ErrorKind(error, 400, _("The login request is not valid"), INVALID_AUTHORIZATION_REQUEST)
    return error_page(request, kind, description=description)


def _refused(params, error: str, site=None) -> None:
    site = site or service_provider_active(params.get("client_id", "")[:100])
    login_stop_record(
        step=Step.AUTHORIZE, code=error, service_provider_pk=site.pk if site is not None else None
    )


@csrf_exempt  # a cross-site entry point by design: the site's browser redirect or auto-posted form
@never_cache
@require_http_methods(["GET", "POST"])
def authorize(request):
    params = request.POST if request.method == "POST" else request.GET
    # The site's ui_locales outranks the browser's language for this login, the switcher's
    # choice outranks both; the interaction keeps it for the pages that follow.
    language = request_language(request, params.get("ui_locales", ""))
    translation.activate(language)
    try:
        scopes, credentials = OAuthLib.get_oauthlib_core().validate_authorization_request(request)
    except FatalClientError as error:
        return _invalid_request_page(
            request, params, error.oauthlib_error.error, error.oauthlib_error.description
        )
    except OAuthToolkitError as error:
        oauthlib_error = error.oauthlib_error
        if not oauthlib_error.redirect_uri:  # failed before the redirect URI was verified
            return _invalid_request_page(request, params, oauthlib_error.error, oauthlib_error.description)
        # oauthlib says unauthorized_client for any response type but the client's; the portal
        # supports no other response type than code at all.
        unsupported = params.get("response_type") != "code"
        _refused(params, "unsupported_response_type" if unsupported else oauthlib_error.error)
        return error_redirect(
            oauthlib_error.redirect_uri,
            error="unsupported_response_type" if unsupported else oauthlib_error.error,
            description="Only response_type=code is supported."
            if unsupported
            else oauthlib_error.description or oauthlib_error.error,
            state_value=params.get("state"),
        )

    site = credentials["request"].client  # loaded and checked by django-oauth-toolkit
    offered = identity_providers_for(site)
    try:
        authorization = checked_request(
            params,
            scopes=scopes,
            redirect_uri=credentials["redirect_uri"],
            site=site,
            offered_levels={level for provider in offered for level in provider.eidas_levels},
            offered_slugs={provider.slug for provider in offered},
        )
    except AuthorizeError as error:
        _refused(params, error.error, site)
        return error_redirect(
            credentials["redirect_uri"],
            error=error.error,
            description=error.description,
            state_value=params.get("state"),
        )
    interaction = state.interaction_start(authorization, language=language)
    passage(Step.AUTHORIZE, site=site)
    return journey_start(request, interaction, site, idp_hint=params.get("idp_hint", ""))
