"""The citizen's pages: the chooser, the return from the identity provider, the confirmation screen."""

import logging
from urllib.parse import parse_qs, urlsplit

from django.contrib.auth import login as auth_login
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from oauth2_provider.exceptions import OAuthToolkitError

from franceconnect.federation.flow import state
from franceconnect.federation.forms import ConfirmationForm
from franceconnect.federation.identity_register import RegisterUnavailable, identity_register
from franceconnect.federation.provider import claims_store
from franceconnect.federation.provider.authorize import OAuthLib, error_redirect, identity_provider_login_url
from franceconnect.federation.provider.scopes import CLAIM_LABELS, released_claims
from franceconnect.federation.provider.subjects import pivot_hash
from franceconnect.federation.selectors import identity_providers_for, service_provider_active
from franceconnect.federation.services import citizen_get_or_create, connection_record_create
from identity_providers.views import LOGIN_RESULT_SESSION_KEY, continues_provider_login

logger = logging.getLogger(__name__)


def flow_error(request, *, code: str, title: str, message: str, status: int):
    logger.warning("federation flow stopped: %s", code)
    context = {"error_code": code, "error_title": title, "error_message": message, "status_code": status}
    return render(request, "franceconnect/flow_error.html", context, status=status)


def _no_connection_in_progress(request):
    return flow_error(
        request,
        code="no_authorization",
        title=_("No connection in progress"),
        message=_(
            "This page is part of a connection started on a partner site. Go back to the site and start again."
        ),
        status=400,
    )


def _pending_site(request):
    pending = state.pending_authorization(request)
    if pending is None:
        return None, None
    service_provider = service_provider_active(pending["client_id"])
    return (pending, service_provider) if service_provider else (None, None)


@never_cache
@require_GET
def chooser(request):
    """« Connexion en cours sur <site> »: the identity providers this site allows."""
    pending, service_provider = _pending_site(request)
    if pending is None:
        return _no_connection_in_progress(request)
    return chooser_page(request, pending, service_provider)


def chooser_page(request, pending: dict, service_provider):
    """The chooser, also answered by /api/v2/authorize itself (one request fewer per login). Its
    language links and cached header are those of /connexion/, where it can be reloaded from."""
    request.portal_page_path = reverse("flow_chooser")
    choices = [
        {
            "provider": provider,
            "selectable": provider.is_available and pending["acr"] in provider.eidas_levels,
            "url": identity_provider_login_url(provider, pending["acr"]),
        }
        for provider in identity_providers_for(service_provider)
    ]
    context = {"service_provider": service_provider, "choices": choices, "cancel_url": _cancel_url(pending)}
    return render(request, "franceconnect/chooser.html", context)


def _cancel_url(pending: dict) -> str:
    return error_redirect(
        pending["credentials"]["redirect_uri"],
        error="access_denied",
        description="User auth aborted",
        state_value=pending["credentials"].get("state"),
    ).url


@continues_provider_login  # answered by /fi/retour itself, one round trip fewer per login
@never_cache
@require_GET
def identity_return(request):
    """Back from the identity provider: check the identity, open the citizen's session, and show
    the confirmation screen in place (one request fewer per login; it posts to, and reloads from,
    /connexion/confirmation/)."""
    pending, service_provider = _pending_site(request)
    login = request.session.pop(LOGIN_RESULT_SESSION_KEY, None)
    if pending is not None and login is None and state.single_sign_on(request) is not None:
        # A reload of the page this answered: the login was taken, the screen is still there.
        return redirect("flow_confirmation")
    if pending is None or login is None:
        return _no_connection_in_progress(request)
    provider = next(
        (
            offered
            for offered in identity_providers_for(service_provider)
            if offered.slug == login["provider"]
        ),
        None,
    )
    if provider is None:
        return _no_connection_in_progress(request)
    if not state.acr_satisfies(login["acr"], pending["acr"]):
        return flow_error(
            request,
            code="insufficient_acr",
            title=_("This account is not secure enough for this site"),
            message=_(
                "The site asks for a higher level of assurance than this account offers. Choose another account."
            ),
            status=403,
        )
    try:
        known = identity_register().is_known(login["identity"])
    except RegisterUnavailable:
        return flow_error(
            request,
            code="register_unavailable",
            title=_("Your identity cannot be checked at the moment"),
            message=_(
                "The register of persons does not answer. Nothing was sent to the site. Try again in a few minutes."
            ),
            status=503,
        )
    if not known:
        logger.info("identity not found in the register (provider=%s)", provider.slug)
        return render(request, "franceconnect/identity_not_verified.html", {"provider": provider}, status=403)

    pivot = pivot_hash(login["identity"])
    citizen = citizen_get_or_create(pivot=pivot)
    # Logging in another person flushes the session: keep the site's request across it.
    kept = request.session[state.AUTHORIZATION_KEY]
    auth_login(request, citizen, backend="django.contrib.auth.backends.ModelBackend")
    request.session[state.AUTHORIZATION_KEY] = kept
    sso = state.single_sign_on_store(request, login, pivot=pivot, identity_provider=provider)
    return confirmation_page(request, pending, service_provider, sso)


def _displayed(name: str, value: str) -> str:
    """A claim as a person reads it; the site receives the raw value."""
    if name == "gender":
        return {"male": _("male"), "female": _("female")}.get(value, value)
    if name == "birthplace" and not value:
        return _("born abroad")
    return value


def _claims_shown(sso: dict, scopes) -> list[dict]:
    claims = released_claims(sso["identity"], scopes)
    return [
        {"label": CLAIM_LABELS[name], "value": _displayed(name, claims[name])}
        for name in CLAIM_LABELS
        if name in claims
    ]


@never_cache
@require_http_methods(["GET", "POST"])
def confirmation(request):
    """« Bienvenue <prénom nom> », the data about to be sent, « Continuer sur <site> »."""
    pending, service_provider = _pending_site(request)
    sso = state.single_sign_on(request)
    if pending is None or sso is None:
        return _no_connection_in_progress(request)
    if not state.single_sign_on_serves(sso, pending, identity_providers_for(service_provider)):
        # Reached by its address while the site's request needs another login (a higher level
        # of assurance, another identity provider, prompt=login): nothing is released.
        return redirect("flow_chooser")

    if request.method == "POST" and "cancel" in request.POST:
        state.pending_authorization_clear(request)
        return redirect(_cancel_url(pending))
    form = ConfirmationForm(request.POST or None, consent_required=service_provider.consent_required)
    if request.method == "POST" and form.is_valid():
        citizen = state.single_sign_on_account(request)
        if citizen is None:  # deactivated meanwhile: nothing is released
            return _no_connection_in_progress(request)
        return _continue_to_site(request, citizen, pending, service_provider, sso)
    return confirmation_page(request, pending, service_provider, sso, form)


def confirmation_page(request, pending: dict, service_provider, sso: dict, form=None):
    """The confirmation screen, also answered by the identity provider's callback itself. Its
    language links and cached header are those of /connexion/confirmation/, where it posts."""
    request.portal_page_path = reverse("flow_confirmation")
    context = {
        "service_provider": service_provider,
        "identity": sso["identity"],
        "claims": _claims_shown(sso, pending["scopes"]),
        "form": form or ConfirmationForm(consent_required=service_provider.consent_required),
    }
    return render(request, "franceconnect/confirmation.html", context)


def _continue_to_site(request, citizen, pending: dict, service_provider, sso: dict):
    released = released_claims(sso["identity"], pending["scopes"])
    # The site already read from the database on this request: django-oauth-toolkit reuses it.
    credentials = {**pending["credentials"], "client": service_provider}
    try:
        with transaction.atomic():
            connection = connection_record_create(
                citizen=citizen,
                service_provider=service_provider,
                identity_provider_id=sso["identity_provider_id"],
                identity_provider_name=sso["identity_provider_name"],
                acr=sso["acr"],
                claims=["sub", *released],
                identity=sso["identity"],
                language=get_language(),
                sso_session=sso["session"],
            )
            uri, _headers, _body, _status = OAuthLib.get_oauthlib_core().create_authorization_response(
                request=request, scopes=list(pending["scopes"]), credentials=credentials, allow=True
            )
            code = _query_value(uri, "code")
            if code is None:  # oauthlib answered with an error redirect: no connection happened
                transaction.set_rollback(True)
    except OAuthToolkitError as error:
        oauthlib_error = error.oauthlib_error
        return error_redirect(
            credentials["redirect_uri"],
            error=oauthlib_error.error,
            description=oauthlib_error.description or oauthlib_error.error,
            state_value=credentials.get("state"),
        )
    if code is None:
        state.pending_authorization_clear(request)
        return redirect(uri)
    claims_store.login_for_code_store(
        code,
        {
            "pivot_hash": sso["pivot_hash"],
            "identity": sso["identity"],
            "acr": sso["acr"],
            "amr": sso["amr"],
            "auth_time": sso["auth_time"],
            "connection": connection.reference,
        },
    )
    state.pending_authorization_clear(request)
    logger.info("connection %s completed", connection.reference)
    return redirect(uri)


def _query_value(uri: str, name: str) -> str | None:
    values = parse_qs(urlsplit(uri).query).get(name)
    return values[0] if values else None
