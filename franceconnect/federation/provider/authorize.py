"""GET/POST /api/v2/authorize: validate a site's request, then start the citizen's journey.

django-oauth-toolkit checks the client, the exact redirect URI, the response type, the scopes
allowed for the site and PKCE; the portal adds FranceConnect's rules (``openid``, ``state``,
``nonce`` of 22 characters or more, ``acr_values``, ``claims``, ``prompt``). An unknown client or
an unregistered redirect URI gets an error page and no redirect; every other error goes back to
the verified redirect URI with ``error``, ``error_description`` and ``state``.
"""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from oauth2_provider.exceptions import FatalClientError, OAuthToolkitError
from oauth2_provider.views.mixins import OAuthLibMixin

from franceconnect.federation.flow import state
from franceconnect.federation.provider.scopes import ACR_VALUES
from franceconnect.federation.provider.tokens import issuer
from franceconnect.federation.provider.validator import claims_parameter
from identity_providers.models import IdentityProvider

MINIMUM_NONCE_LENGTH = 22
CREDENTIAL_FIELDS = (
    "client_id",
    "redirect_uri",
    "response_type",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
)


class OAuthLib(OAuthLibMixin):
    """django-oauth-toolkit's configured oauthlib core, for views that are not DOT's own."""


class AuthorizeError(Exception):
    def __init__(self, error: str, description: str):
        super().__init__(description)
        self.error = error
        self.description = description


def error_redirect(redirect_uri: str, *, error: str, description: str, state_value: str | None):
    params = {"error": error, "error_description": description, "iss": issuer()}
    if state_value:
        params["state"] = state_value
    separator = "&" if "?" in redirect_uri else "?"
    return HttpResponseRedirect(f"{redirect_uri}{separator}{urlencode(params)}")


def _requested_acr(value: str, service_provider) -> str:
    requested = value.split() or ["eidas1"]
    order = state.EIDAS_ORDER
    if (
        any(acr not in ACR_VALUES for acr in requested)
        or max(order[acr] for acr in requested) > order[service_provider.eidas_level]
    ):
        raise AuthorizeError("invalid_request", "acr_values not supported")
    return min(requested, key=order.__getitem__)


def _checked_request(params, scopes, service_provider) -> dict:
    """FranceConnect's rules beyond OAuth's; AuthorizeError names the first one broken."""
    if "openid" not in scopes:
        raise AuthorizeError("invalid_scope", "The openid scope is required.")
    if not params.get("state"):
        raise AuthorizeError("invalid_request", "The state parameter is required.")
    nonce = params.get("nonce", "")
    if len(nonce) < MINIMUM_NONCE_LENGTH:
        raise AuthorizeError(
            "invalid_request",
            f"The nonce parameter is required, of {MINIMUM_NONCE_LENGTH} characters or more.",
        )
    if params.get("code_challenge") and params.get("code_challenge_method") != "S256":
        raise AuthorizeError("invalid_request", "PKCE requires code_challenge_method=S256.")
    if params.get("claims") and claims_parameter(params["claims"]) is None:
        raise AuthorizeError("invalid_request", "The claims parameter must be a JSON object.")
    prompt = params.get("prompt", "").split()
    if any(value not in {"login", "consent", "none"} for value in prompt):
        raise AuthorizeError("invalid_request", "Unsupported prompt value.")
    if "none" in prompt:
        # Every connection shows the confirmation screen: no silent authentication exists.
        raise AuthorizeError("login_required", "This provider always shows a confirmation screen.")
    return {"acr": _requested_acr(params.get("acr_values", ""), service_provider), "prompt": prompt}


def _language(ui_locales: str) -> str:
    for candidate in ui_locales.split():
        language = candidate.split("-")[0].lower()
        if language in {"fr", "en", "ru"}:
            return language
    return "fr"


def identity_provider_login_url(provider: IdentityProvider, acr: str) -> str:
    login = reverse("identity_provider_login", args=[provider.slug])
    return f"{login}?{urlencode({'next': reverse('flow_identity_return'), 'acr_values': acr})}"


@csrf_exempt  # a cross-site entry point by design: the site's browser redirect or auto-posted form
@never_cache
@require_http_methods(["GET", "POST"])
def authorize(request):
    params = request.POST if request.method == "POST" else request.GET
    try:
        scopes, credentials = OAuthLib.get_oauthlib_core().validate_authorization_request(request)
    except FatalClientError as error:
        return render(
            request,
            "franceconnect/authorize_error.html",
            {"error": error.oauthlib_error.error, "description": error.oauthlib_error.description},
            status=400,
        )
    except OAuthToolkitError as error:
        oauthlib_error = error.oauthlib_error
        if not oauthlib_error.redirect_uri:  # failed before the redirect URI was verified
            return render(
                request,
                "franceconnect/authorize_error.html",
                {"error": oauthlib_error.error, "description": oauthlib_error.description},
                status=400,
            )
        # oauthlib says unauthorized_client for any response type but the client's; the portal
        # supports no other response type than code at all.
        unsupported = params.get("response_type") != "code"
        return error_redirect(
            oauthlib_error.redirect_uri,
            error="unsupported_response_type" if unsupported else oauthlib_error.error,
            description="Only response_type=code is supported."
            if unsupported
            else oauthlib_error.description or oauthlib_error.error,
            state_value=params.get("state"),
        )

    service_provider = credentials["request"].client  # loaded and checked by django-oauth-toolkit
    try:
        checked = _checked_request(params, scopes, service_provider)
    except AuthorizeError as error:
        return error_redirect(
            credentials["redirect_uri"],
            error=error.error,
            description=error.description,
            state_value=params.get("state"),
        )

    sso = state.single_sign_on(request)
    saved_credentials = {field: credentials[field] for field in CREDENTIAL_FIELDS if credentials.get(field)}
    if params.get("claims"):
        saved_credentials["claims"] = params["claims"]
    state.pending_authorization_store(
        request,
        {
            "client_id": service_provider.client_id,
            "scopes": scopes,
            "credentials": saved_credentials,
            # prompt=login: this single sign-on may not answer; only a login made after this request.
            "single_sign_on_before": sso["session"] if sso else None,
            **checked,
        },
    )
    with translation.override(_language(params.get("ui_locales", ""))):
        return _next_step(request, service_provider, checked, params.get("idp_hint", ""), sso)


def _next_step(request, service_provider, checked: dict, idp_hint: str, sso: dict | None):
    from franceconnect.federation.flow.views import chooser_page, confirmation_page
    from franceconnect.federation.selectors import identity_providers_for

    pending = state.pending_authorization(request)
    allowed = identity_providers_for(service_provider)
    if sso and state.single_sign_on_serves(sso, pending, allowed):
        # The confirmation screen at once, as the chooser below; a posted request is redirected.
        if request.method == "GET":
            return confirmation_page(request, pending, service_provider, sso)
        return redirect("flow_confirmation")
    hinted = next((provider for provider in allowed if provider.slug == idp_hint), None)
    if hinted and hinted.is_available and checked["acr"] in hinted.eidas_levels:
        return redirect(identity_provider_login_url(hinted, checked["acr"]))
    if request.method == "GET":  # the chooser at once; a posted request is redirected (reloadable)
        return chooser_page(request, pending, service_provider)
    return redirect("flow_chooser")
