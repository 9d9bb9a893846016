"""Token revocation for partner sites (RFC 7009): POST /api/v2/token/revoke.

django-oauth-toolkit's RevokeTokenView (oauthlib's revocation endpoint) behind the token
endpoint's own checks and answers: the same body checks (size cap, UTF-8, NUL, repeated
parameters, no secret in the query: token_request.form_check), the same client authentication
(FranceConnectValidator.authenticate_client: post or Basic, the two agreeing, the previous secret
during its grace period, a public site by its client_id alone), the same JSON answers (an
``invalid_client`` 401 with a ``WWW-Authenticate: Basic`` challenge).

RFC 7009 §2.2: an unknown, expired or already revoked token, or another site's, is answered 200
(an empty JSON object) and nothing is revoked (FranceConnectValidator.revoke_token). A
``token_type_hint`` other than ``access_token`` or ``refresh_token`` is refused with
``unsupported_token_type`` (server.FranceConnectServer). Another method than POST is a JSON 405
(franceconnect.infrastructure.api_errors).
"""

from django.db import router, transaction
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from oauth2_provider.models import AccessToken
from oauth2_provider.views import RevokeTokenView as OAuthToolkitRevokeTokenView

from franceconnect.federation.provider.token_request import (
    TokenRequestError,
    form_check,
    token_error,
    token_response,
)


@method_decorator(sensitive_post_parameters("client_secret", "token"), name="post")
class RevokeTokenView(OAuthToolkitRevokeTokenView):
    def post(self, request, *args, **kwargs):
        try:
            form_check(request)
        except TokenRequestError as error:
            return token_error(error.error, error.description, status=error.status)
        with transaction.atomic(using=router.db_for_write(AccessToken)):
            _url, headers, body, status = self.create_revocation_response(request)
        # oauthlib answers a revocation with an empty body; an empty JSON object is still JSON.
        return token_response(body or "{}", status=status, headers=headers)
