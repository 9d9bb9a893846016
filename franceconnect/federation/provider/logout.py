"""GET /api/v2/session/end: RP-initiated logout, also at the identity provider.

The site sends ``id_token_hint`` (an ID token the portal issued to it, possibly expired),
``state`` and a registered ``post_logout_redirect_uri``. The portal ends its own session, then
the session at the identity provider (its end-session endpoint), and returns the browser to
``post_logout_redirect_uri?state=<unchanged>`` with no page in between (DESIGN.md §3).

That is for a hint the portal can vouch for. A hint whose signature does not verify, issued to
another site than the one asking (``client_id``), or to another person than the one connected
(its pairwise ``sub`` is not the connected citizen's at that site) could be anyone's attempt to
end this browser's single sign-on: the person is asked first (a form posted back here, with its
CSRF token). A hint that is not a JWT at all gets a readable error page.
"""

import logging
from dataclasses import dataclass
from urllib.parse import urlencode

import jwt
from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods
from oauth2_provider.models import get_application_model

from franceconnect.federation import state
from franceconnect.federation.provider.signing_keys import ALGORITHMS, key_by_kid
from franceconnect.federation.provider.subjects import pairwise_subject
from franceconnect.federation.provider.tokens import issuer
from franceconnect.infrastructure.errors import ErrorKind, error_page
from franceconnect.infrastructure.languages import request_language
from identity_providers.models import IdentityProvider
from identity_providers.oidc.backend import provider_logout_url

logger = logging.getLogger(__name__)

# What the site sends, carried through the question page's form unchanged.
REQUEST_FIELDS = ("id_token_hint", "post_logout_redirect_uri", "state", "client_id", "ui_locales")
LOGOUT, STAY = "logout", "stay"


class LogoutRequestError(Exception):
    pass


@dataclass(frozen=True)
class LogoutRequest:
    destination: str  # where the browser goes once logged out
    doubt: str = ""  # why the person is asked first; empty: the site's hint is vouched for
    back_to_site: bool = False  # the destination is the site's own registered address


def _hint_claims(id_token_hint: str) -> dict | None:
    """The claims of an ID token the portal signed (expired or not), None if the signature does
    not verify; LogoutRequestError if it is not a JWT at all."""
    try:
        header = jwt.get_unverified_header(id_token_hint)
        unverified = jwt.decode(id_token_hint, options={"verify_signature": False})
    except (jwt.InvalidTokenError, ValueError, TypeError) as error:
        raise LogoutRequestError("id_token_hint is not a JWT") from error
    if not isinstance(unverified, dict):
        raise LogoutRequestError("id_token_hint is not a JWT")
    kid, algorithm = header.get("kid"), header.get("alg")
    key = key_by_kid(kid) if isinstance(kid, str) else None
    if key is None or algorithm != key.alg or algorithm not in ALGORITHMS:
        return None
    try:
        claims = jwt.decode(
            id_token_hint,
            key.signer.public_key(),
            algorithms=[key.alg],
            options={"verify_exp": False, "verify_aud": False, "verify_iat": False, "verify_nbf": False},
        )
    except (jwt.InvalidTokenError, ValueError, TypeError):
        return None
    if claims.get("iss") != issuer() or not isinstance(claims.get("aud"), str | list) or not claims["aud"]:
        return None
    return claims


def _with_state(uri: str, state_value: str) -> str:
    if not state_value:
        return uri
    return f"{uri}{'&' if '?' in uri else '?'}{urlencode({'state': state_value})}"


def _logout_request(params, sso: state.SingleSignOn | None) -> LogoutRequest:
    """What the site's request asks for; LogoutRequestError if it cannot be acted upon at all."""
    if not params.get("id_token_hint"):
        raise LogoutRequestError("id_token_hint is required")
    claims = _hint_claims(params["id_token_hint"])
    logged_out = reverse("flow_logged_out")
    if claims is None:
        if sso is None:
            raise LogoutRequestError("id_token_hint is not an ID token of this provider")
        return LogoutRequest(
            logged_out, doubt=_("The portal cannot check that this request comes from a partner site.")
        )
    audience = claims["aud"] if isinstance(claims["aud"], str) else claims["aud"][0]
    if params.get("client_id") and params["client_id"] != audience:
        if sso is None:
            raise LogoutRequestError("client_id does not match id_token_hint")
        return LogoutRequest(
            logged_out, doubt=_("The site asking you to log out is not the one you logged in to.")
        )
    service_provider = get_application_model().objects.filter(client_id=audience, is_active=True).first()
    if service_provider is None:
        raise LogoutRequestError("unknown client")
    return_uri = params.get("post_logout_redirect_uri", "")
    if return_uri and not service_provider.post_logout_redirect_uri_allowed(return_uri):
        raise LogoutRequestError("post_logout_redirect_uri is not registered for this client")
    destination = _with_state(return_uri, params.get("state", "")) if return_uri else logged_out
    if sso is not None and claims.get("sub") != pairwise_subject(
        sso.login.pivot_hash, service_provider.subject_sector
    ):
        return LogoutRequest(
            destination,
            doubt=_("The site is asking to log out someone other than the person logged in to the portal."),
            back_to_site=bool(return_uri),
        )
    return LogoutRequest(destination, back_to_site=bool(return_uri))


INVALID_LOGOUT_REQUEST = ErrorKind(
    "invalid_request",
    400,
    gettext_lazy("The logout request is not valid"),
    gettext_lazy("The site that sent you here made a logout request the portal cannot accept."),
)


def _error_page(request, error: LogoutRequestError | str):
    return error_page(request, INVALID_LOGOUT_REQUEST, description=str(error))


def single_sign_on_end(request, sso: state.SingleSignOn | None, destination: str):
    """Ends the portal's session, then the one at the identity provider of the single sign-on
    (through its end-session endpoint, back on session/end/retour), then on to ``destination``."""
    state.citizen_logout(request)  # flushes the session: the SSO ends here
    provider = IdentityProvider.objects.filter(pk=sso.login.identity_provider_id).first() if sso else None
    if provider is not None:
        idp_state = get_random_string(32)
        url = provider_logout_url(
            provider,
            id_token_hint=sso.login.idp_id_token,
            post_logout_redirect_uri=settings.PUBLIC_BASE_URL + reverse("oidc_session_end_return"),
            state=idp_state,
        )
        if url:
            state.provider_logout_store(
                request, state.ProviderLogout(state=idp_state, destination=destination)
            )
            return HttpResponseRedirect(url)
    return HttpResponseRedirect(destination)


def _read(request, params) -> tuple[state.SingleSignOn | None, LogoutRequest]:
    """The browser's single sign-on and the site's request (raises LogoutRequestError), with the
    answer's language set: the question page, an error page and « Vous êtes déconnecté » in the
    site's language (its ui_locales), unless the person chose one with the switcher."""
    translation.activate(request_language(request, params.get("ui_locales", "")))
    sso = state.single_sign_on(request)
    return sso, _logout_request(params, sso)


@never_cache
@csrf_exempt  # a site's own POST carries no CSRF token; the person's answer is checked (_answer)
@require_http_methods(["GET", "POST"])
def session_end(request):
    if request.method == "POST":
        if "decision" in request.POST:
            return _answer(request)
        return _site_post_as_get(request)
    params = request.GET
    try:
        sso, logout_request = _read(request, params)
    except LogoutRequestError as error:
        return _error_page(request, error)
    if logout_request.doubt:
        fields = [(name, params[name]) for name in REQUEST_FIELDS if params.get(name)]
        context = {"reason": logout_request.doubt, "fields": fields, "action": request.path}
        return render(request, "franceconnect/logout_confirm.html", context)
    return single_sign_on_end(request, sso, logout_request.destination)


def _site_post_as_get(request):
    """RP-Initiated Logout §2 lets a site POST its request. A cross-site POST arrives without the
    portal's SameSite=Lax session cookie, so the portal could not see whose session to end: the
    browser is sent to the same request as a GET (303), a top-level navigation that carries it."""
    fields = [(name, request.POST[name][:4096]) for name in REQUEST_FIELDS if request.POST.get(name)]
    return HttpResponseRedirect(f"{request.path}?{urlencode(fields)}", status=303)


@csrf_protect
def _answer(request):
    """The person's answer to the question page (« Se déconnecter » or « Rester connecté »)."""
    params = request.POST
    try:
        sso, logout_request = _read(request, params)
    except LogoutRequestError as error:
        return _error_page(request, error)
    if params.get("decision") == LOGOUT:
        return single_sign_on_end(request, sso, logout_request.destination)
    if params.get("decision") == STAY:
        return HttpResponseRedirect(
            logout_request.destination if logout_request.back_to_site else reverse("home")
        )
    return _error_page(request, LogoutRequestError("the answer to the question is missing"))


@never_cache
@require_GET
def session_end_return(request):
    """Back from the identity provider's logout: on to the site, with the site's own state."""
    pending = state.provider_logout_take(request)
    if pending is None or request.GET.get("state") != pending.state:
        return _error_page(request, "unknown logout state")
    return HttpResponseRedirect(pending.destination)


def logged_out(request):
    return render(request, "franceconnect/logged_out.html")
