"""GET /api/v2/session/end: RP-initiated logout, also at the identity provider.

The site sends ``id_token_hint`` (an ID token the portal issued to it, possibly expired),
``state`` and a registered ``post_logout_redirect_uri``. The portal ends its own session, then
the session at the identity provider (its end-session endpoint), and returns the browser to
``post_logout_redirect_uri?state=<unchanged>`` with no page in between.
"""

import json
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout as auth_logout
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from jwcrypto import jwk, jws, jwt
from oauth2_provider.models import get_application_model

from franceconnect.federation import state
from franceconnect.federation.provider.signing_keys import signing_keys
from franceconnect.federation.provider.tokens import issuer
from identity_providers.models import IdentityProvider
from identity_providers.oidc.backend import provider_logout_url

logger = logging.getLogger(__name__)


class LogoutRequestError(Exception):
    pass


def _hint_audience(id_token_hint: str) -> str:
    """The client an ID token of the portal was issued to; its expiry does not matter here."""
    keys = jwk.JWKSet()
    for key in signing_keys():
        keys.add(key.private)
    try:
        token = jwt.JWT(jwt=id_token_hint, key=keys, check_claims=False)
        claims = json.loads(token.claims)
    except (jws.InvalidJWSSignature, jws.InvalidJWSObject, jwt.JWException, ValueError) as error:
        raise LogoutRequestError("id_token_hint is not an ID token of this provider") from error
    audience = claims.get("aud")
    if claims.get("iss") != issuer() or not isinstance(audience, str | list):
        raise LogoutRequestError("id_token_hint is not an ID token of this provider")
    return audience if isinstance(audience, str) else audience[0]


def _with_state(uri: str, state_value: str) -> str:
    if not state_value:
        return uri
    return f"{uri}{'&' if '?' in uri else '?'}{urlencode({'state': state_value})}"


@never_cache
@require_GET
def session_end(request):
    params = request.GET
    try:
        if not params.get("id_token_hint"):
            raise LogoutRequestError("id_token_hint is required")
        client_id = _hint_audience(params["id_token_hint"])
        if params.get("client_id") and params["client_id"] != client_id:
            raise LogoutRequestError("client_id does not match id_token_hint")
        service_provider = get_application_model().objects.filter(client_id=client_id, is_active=True).first()
        if service_provider is None:
            raise LogoutRequestError("unknown client")
        return_uri = params.get("post_logout_redirect_uri", "")
        if return_uri and return_uri not in service_provider.post_logout_redirect_uris.split():
            raise LogoutRequestError("post_logout_redirect_uri is not registered for this client")
    except LogoutRequestError as error:
        return render(
            request,
            "franceconnect/authorize_error.html",
            {"error": "invalid_request", "description": str(error)},
            status=400,
        )

    sso = state.single_sign_on(request)
    auth_logout(request)  # flushes the session: the SSO ends here
    destination = (
        _with_state(return_uri, params.get("state", "")) if return_uri else reverse("flow_logged_out")
    )
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


@never_cache
@require_GET
def session_end_return(request):
    """Back from the identity provider's logout: on to the site, with the site's own state."""
    pending = state.provider_logout_take(request)
    if pending is None or request.GET.get("state") != pending.state:
        return render(
            request,
            "franceconnect/authorize_error.html",
            {"error": "invalid_request", "description": "unknown logout state"},
            status=400,
        )
    return HttpResponseRedirect(pending.destination)


def logged_out(request):
    return render(request, "franceconnect/logged_out.html")
