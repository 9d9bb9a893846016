"""The partner-facing endpoints under /api/v2 (FranceConnect v2 paths and wire format).

A refused token or userinfo request is recorded for the statistics (service_statistics: the step,
the OAuth error and the site when it is known; never a code or a token).
"""

import json
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
from oauth2_provider.views import TokenView as OAuthToolkitTokenView

from franceconnect.federation import state
from franceconnect.federation.provider.oauth import OAuthLib
from franceconnect.federation.provider.scopes import (
    IDENTITY_CLAIMS,
    SUPPORTED_SCOPES,
)
from franceconnect.federation.provider.signing_keys import ALGORITHMS, signing_keys
from franceconnect.federation.provider.token_request import (
    TokenRequestError,
    form_is_readable,
    token_error,
    token_request_check,
    token_response,
)
from franceconnect.federation.provider.tokens import issuer, userinfo_signed
from franceconnect.federation.selectors import service_provider_active
from franceconnect.infrastructure.rate_limits import partner_site_key
from franceconnect.infrastructure.vocabulary import EIDAS_LEVELS
from service_statistics.services import login_stop_record
from service_statistics.steps import Step

logger = logging.getLogger(__name__)


def _absolute(name: str) -> str:
    return settings.PUBLIC_BASE_URL + reverse(name)


# What each field of the discovery document rests on, so that a reader can check it against the
# code (tests/provider/test_discovery.py checks each one against the endpoints themselves):
# - response_modes: the authorization response is always a query string (authorize.py);
# - token_endpoint_auth_methods: a site's secret in the body or in a Basic header; a public site
#   (client_type "public", offered by the admin) authenticates with none and must use PKCE;
# - revocation_endpoint (RFC 7009, revocation.py): the same client authentication as the token
#   endpoint (FranceConnectValidator.authenticate_client), hence the same methods;
# - claims_parameter: a `claims` parameter is accepted (FranceConnect v2 partners send it) but it
#   changes nothing: the ID token always carries sub, acr, amr and auth_time, userinfo releases
#   what the granted scopes cover; advertising support would promise individual claim requests;
# - request / request_uri: request objects are not read (OpenID Connect Discovery defaults
#   request_uri_parameter_supported to true when it is absent, hence false said explicitly);
# - prompt: login forces a new login at the identity provider, consent is the confirmation screen
#   every connection shows; none is refused with login_required, so it is not advertised;
# - claims_supported: what userinfo and the ID token can carry about the person.
TOKEN_ENDPOINT_AUTH_METHODS = ("client_secret_post", "client_secret_basic", "none")
PROMPT_VALUES = ("login", "consent")
CLAIMS_SUPPORTED = ("sub", *IDENTITY_CLAIMS, "given_name_array", "acr", "amr", "auth_time")


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
            "token_endpoint_auth_methods_supported": list(TOKEN_ENDPOINT_AUTH_METHODS),
            "revocation_endpoint": _absolute("oidc_revoke"),
            "revocation_endpoint_auth_methods_supported": list(TOKEN_ENDPOINT_AUTH_METHODS),
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": list(CLAIMS_SUPPORTED),
            "claims_parameter_supported": False,
            "request_parameter_supported": False,
            "request_uri_parameter_supported": False,
            "authorization_response_iss_parameter_supported": True,
            "prompt_values_supported": list(PROMPT_VALUES),
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
    token a replayed code had bought.

    The body is checked first (franceconnect.federation.provider.token_request): whatever is sent,
    the answer is an OAuth error in JSON, never a 500 or an HTML page."""

    def post(self, request, *args, **kwargs):
        try:
            token_request_check(request)
        except TokenRequestError as error:
            _token_refused(request, error.error)
            return token_error(error.error, error.description, status=error.status)
        with transaction.atomic(using=router.db_for_write(AccessToken)):
            _url, headers, body, status = self.create_token_response(request)
        if status != 200:
            _token_refused(request, _error_of(body))
        return token_response(body, status=status, headers=headers)


def _token_refused(request, error: str) -> None:
    site = service_provider_active(partner_site_key(request))
    login_stop_record(step=Step.TOKEN, code=error, service_provider_pk=site.pk if site is not None else None)


def _error_of(body) -> str:
    try:
        error = json.loads(body).get("error")
    except (ValueError, AttributeError):
        error = None
    return error if isinstance(error, str) else "server_error"


def _bearer_error(description: str, *, error: str = "invalid_token", status: int = 401) -> HttpResponse:
    response = JsonResponse({"error": error, "error_description": description}, status=status)
    response["WWW-Authenticate"] = f'Bearer error="{error}", error_description="{description}"'
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def userinfo(request):
    """The released claims as a signed JWT (application/jwt), whatever the Accept header says."""
    if request.method == "POST" and not form_is_readable(request):  # RFC 6750 §3.1
        login_stop_record(step=Step.USERINFO, code="invalid_request")
        return _bearer_error(
            "The request body cannot be read as a form.", error="invalid_request", status=400
        )
    valid, oauthlib_request = OAuthLib.get_oauthlib_core().verify_request(request, scopes=["openid"])
    if not valid:
        login_stop_record(step=Step.USERINFO, code="invalid_token")
        return _bearer_error("The access token is invalid, expired or revoked.")
    access_token = oauthlib_request.access_token
    login = state.released_login_for_token(oauthlib_request.access_token_value)  # set by the validator
    if login is None:
        login_stop_record(
            step=Step.USERINFO, code="invalid_token", service_provider_pk=access_token.application_id
        )
        return _bearer_error("The access token is invalid, expired or revoked.")
    token = userinfo_signed(service_provider=access_token.application, scope=access_token.scope, login=login)
    return HttpResponse(token, content_type="application/jwt")
