"""Send the citizen to the chosen identity provider, and take their answer back.

Both views are mozilla-django-oidc's, with the provider's settings from its row: the login view
records which provider a ``state`` belongs to, so one callback URL serves every provider.
On success the verified login is left in the session for the federation flow, which named the
page to return to with ``next``; on failure the citizen sees the named error. A ``next`` view
marked with ``continues_provider_login`` is run in place of the redirect to it: the citizen's
browser saves a round trip, and the portal a request, on every login; reloading that page (the
same state and code again) leads to the page it continued to instead of a "state" error.
"""

import hashlib
import logging
import time
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from identity_providers.models import IdentityProvider
from identity_providers.oidc.backend import ProviderBackend, ProviderLogin
from identity_providers.oidc.errors import IdentityProviderError
from identity_providers.selectors import identity_provider_active

logger = logging.getLogger(__name__)

LOGIN_RESULT_SESSION_KEY = "identity_providers.login"
STATES_SESSION_KEY = "oidc_states"  # mozilla-django-oidc's own key
ANSWERED_SESSION_KEY = "identity_providers.answered"  # the last answer taken: a reload is not an error
STATE_LIFETIME_SECONDS = 600


def continues_provider_login(view):
    """Marks a view that may answer the provider's callback itself, when it is the ``next`` page."""
    view.continues_provider_login = True
    return view


def _continue_to(request, next_url: str):
    parts = urlsplit(next_url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return redirect(next_url)
    if getattr(match.func, "continues_provider_login", False) and not parts.query:
        return match.func(request, *match.args, **match.kwargs)
    return redirect(next_url)


def login_result_store(request, login: ProviderLogin) -> None:
    request.session[LOGIN_RESULT_SESSION_KEY] = {
        "provider": login.provider_slug,
        "sub": login.sub,
        "identity": login.identity.as_dict(),
        "acr": login.acr,
        "amr": login.amr,
        "id_token": login.id_token,
        "authenticated_at": int(time.time()),
    }


def login_error_response(request, error: IdentityProviderError, provider: IdentityProvider | None = None):
    # A failed answer invalidates whatever an earlier login left for the flow.
    request.session.pop(LOGIN_RESULT_SESSION_KEY, None)
    logger.warning(
        "identity provider login failed: provider=%s error=%s detail=%s",
        provider.slug if provider else "-",
        error.code,
        error.detail,
    )
    context = {"error": error.kind, "provider": provider}
    return render(request, "identity_providers/login_error.html", context, status=error.kind.http_status)


@method_decorator(never_cache, name="dispatch")
class ProviderLoginView(OIDCAuthenticationRequestView):
    """GET [/en|/ru]/fi/<slug>/connexion?next=…[&acr_values=eidasN]: redirect to the provider."""

    provider: IdentityProvider | None = None

    def get_settings(self, attr, *args):
        provider = self.provider
        if provider is None:  # the base class reads a few settings before dispatch
            return None
        per_provider = {
            "OIDC_OP_AUTHORIZATION_ENDPOINT": provider.authorization_endpoint,
            "OIDC_RP_CLIENT_ID": provider.client_id,
            "OIDC_RP_SCOPES": provider.scopes,
            "OIDC_USE_NONCE": True,
            "OIDC_USE_PKCE": True,
            "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
        }
        if attr in per_provider:
            return per_provider[attr]
        return import_from_settings(attr, *args)

    def get(self, request, slug):
        self.provider = identity_provider_active(slug)
        if self.provider is None:
            raise Http404("no such identity provider")
        if not self.provider.is_available:
            return login_error_response(request, IdentityProviderError("provider_unavailable"), self.provider)
        self.OIDC_OP_AUTH_ENDPOINT = self.provider.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = self.provider.client_id
        response = super().get(request)
        state = parse_qs(urlsplit(response.url).query)["state"][0]
        pending = request.session[STATES_SESSION_KEY][state]
        pending["provider"] = self.provider.slug
        pending["language"] = translation.get_language()
        request.session.modified = True
        return response

    def get_extra_params(self, request):
        acr = request.GET.get("acr_values", "")
        return {"acr_values": acr} if acr and acr in self.provider.eidas_levels else {}


@never_cache
def provider_callback(request):
    """GET /fi/retour?code=…&state=… (or ?error=…&state=…): the provider's answer."""
    state = request.GET.get("state", "")
    pending = request.session.get(STATES_SESSION_KEY, {}).pop(state, None) if state else None
    request.session.modified = True
    if pending is None and _is_reload_of_answered(request, state):
        return redirect(request.session[ANSWERED_SESSION_KEY]["next"])
    if pending is None or time.time() - pending.get("added_on", 0) > STATE_LIFETIME_SECONDS:
        return login_error_response(
            request, IdentityProviderError("state_mismatch", "unknown or expired state")
        )
    translation.activate(pending.get("language") or settings.LANGUAGE_CODE)
    provider = identity_provider_active(pending.get("provider", ""))
    if provider is None:
        return login_error_response(
            request, IdentityProviderError("provider_unavailable", "provider removed")
        )

    if "error" in request.GET:
        code = "cancelled" if request.GET["error"] == "access_denied" else "provider_error"
        return login_error_response(
            request, IdentityProviderError(code, request.GET["error"][:100]), provider
        )
    if not request.GET.get("code"):
        return login_error_response(request, IdentityProviderError("invalid_response", "no code"), provider)

    try:
        login = ProviderBackend(provider).authenticate(
            request, nonce=pending.get("nonce"), code_verifier=pending.get("code_verifier")
        )
    except IdentityProviderError as error:
        return login_error_response(request, error, provider)
    login_result_store(request, login)
    logger.info("identity provider login succeeded: provider=%s", provider.slug)
    next_url = request.session.pop("oidc_login_next", None) or reverse("home")
    response = _continue_to(request, next_url)
    # After the next view ran: it may have started a new session (a login flushes another person's).
    request.session[ANSWERED_SESSION_KEY] = {
        "state": state,
        "code": _digest(request.GET["code"]),
        "next": next_url,
    }
    return response


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _is_reload_of_answered(request, state: str) -> bool:
    """The same answer again (the browser reloading the page answered at this address): its
    state and code were used, so it is sent to the page it led to instead of an error."""
    answered = request.session.get(ANSWERED_SESSION_KEY)
    return bool(
        state
        and answered
        and constant_time_compare(answered["state"], state)
        and constant_time_compare(answered["code"], _digest(request.GET.get("code", "")))
    )
