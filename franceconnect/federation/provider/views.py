"""The partner-facing endpoints under /api/v2 (FranceConnect v2 paths and wire format)."""

import logging

from django.conf import settings
from django.db import router, transaction
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods
from oauth2_provider.models import AccessToken
from oauth2_provider.settings import oauth2_settings
from oauth2_provider.views import TokenView as OAuthToolkitTokenView

from franceconnect.federation import state
from franceconnect.federation.provider.oauth import OAuthLib
from franceconnect.federation.provider.scopes import (
    IDENTITY_CLAIMS,
    SUPPORTED_SCOPES,
    released_claims,
)
from franceconnect.federation.provider.signing_keys import ALGORITHMS, signing_keys
from franceconnect.federation.provider.subjects import pairwise_subject
from franceconnect.federation.provider.tokens import issuer, userinfo_jwt
from franceconnect.infrastructure.vocabulary import EIDAS_LEVELS

logger = logging.getLogger(__name__)


def _absolute(name: str) -> str:
    return settings.PUBLIC_BASE_URL + reverse(name)


@require_GET
@cache_control(public=True, max_age=300)
def discovery(request):
    """Only what is really implemented is advertised."""
    return JsonResponse(
        {
            "issuer": issuer(),
            "authorization_endpoint": _absolute("oidc_authorize"),
            "token_endpoint": _absolute("oidc_token"),
            "userinfo_endpoint": _absolute("oidc_userinfo"),
            "jwks_uri": _absolute("oidc_jwks"),
            "end_session_endpoint": _absolute("oidc_session_end"),
            "scopes_supported": list(SUPPORTED_SCOPES),
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["pairwise"],
            "acr_values_supported": list(EIDAS_LEVELS),
            "id_token_signing_alg_values_supported": list(ALGORITHMS),
            "userinfo_signing_alg_values_supported": list(ALGORITHMS),
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "given_name_array", *IDENTITY_CLAIMS, "acr", "amr", "auth_time"],
            "claims_parameter_supported": True,
            "request_parameter_supported": False,
            "authorization_response_iss_parameter_supported": True,
            "prompt_values_supported": ["login", "consent"],
            "ui_locales_supported": [code for code, _name in settings.LANGUAGES],
        }
    )


@require_GET
@cache_control(public=True, max_age=300)
def jwks(request):
    return JsonResponse({"keys": [key.public_jwk for key in signing_keys()]})


@method_decorator(sensitive_post_parameters("client_secret", "code", "code_verifier"), name="post")
class TokenView(OAuthToolkitTokenView):
    """django-oauth-toolkit's token endpoint for the authorization code grant. Its own view
    reads the new access token back from the database to send `app_authorized`, which nothing
    here listens to, and serves the device flow, which the portal does not offer.

    One transaction per request: the ID token, the access token and the code's deletion are
    written together or not at all (two requests racing with one code: the second waits on the
    code's row, finds it gone, and leaves no token behind), in two round trips fewer than three
    transactions. A refused request still commits what it wrote: the revocation of the access
    token a replayed code had bought."""

    def post(self, request, *args, **kwargs):
        with transaction.atomic(using=router.db_for_write(AccessToken)):
            _url, headers, body, status = self.create_token_response(request)
        response = HttpResponse(content=body, status=status, content_type="application/json")
        for name, value in headers.items():
            response[name] = value
        return response


def _bearer_error(description: str) -> HttpResponse:
    response = JsonResponse({"error": "invalid_token", "error_description": description}, status=401)
    response["WWW-Authenticate"] = f'Bearer error="invalid_token", error_description="{description}"'
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def userinfo(request):
    """The released claims as a signed JWT (application/jwt), whatever the Accept header says."""
    valid, oauthlib_request = OAuthLib.get_oauthlib_core().verify_request(request, scopes=["openid"])
    if not valid:
        return _bearer_error("The access token is invalid, expired or revoked.")
    access_token = oauthlib_request.access_token
    login = state.released_login_for_token(oauthlib_request.access_token_value)
    if login is None:
        return _bearer_error("The access token is invalid, expired or revoked.")
    service_provider = access_token.application
    claims = {
        "sub": pairwise_subject(login.pivot_hash, service_provider.subject_sector),
        **released_claims(login.identity.as_dict(), access_token.scope.split()),
    }
    token = userinfo_jwt(
        claims=claims,
        client_id=service_provider.client_id,
        algorithm=service_provider.algorithm,
        lifetime=oauth2_settings.ACCESS_TOKEN_EXPIRE_SECONDS,
    )
    return HttpResponse(token, content_type="application/jwt")
