"""django-oauth-toolkit, extended (not forked) for the FranceConnect v2 wire format.

- scopes: FranceConnect's, limited per site to its allowed scopes;
- ID token: pairwise ``sub``, ``acr``, ``amr`` and ``auth_time`` of the login at the identity
  provider, a ``kid`` in every header, RS256 or ES256 per site;
- a replayed authorization code revokes the access token it bought.
"""

import json

from django.db import router, transaction
from oauth2_provider.models import AccessToken, IDToken
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.scopes import BaseScopes

from franceconnect.oidc import claims_store
from franceconnect.oidc.scopes import SCOPE_DESCRIPTIONS, SUPPORTED_SCOPES
from franceconnect.oidc.subjects import pairwise_subject
from franceconnect.oidc.tokens import jwt_sign


class FranceConnectScopes(BaseScopes):
    def get_all_scopes(self):
        return dict(SCOPE_DESCRIPTIONS)

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        if application is None:
            return list(SUPPORTED_SCOPES)
        return [scope for scope in SUPPORTED_SCOPES if scope in application.allowed_scope_set]

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return ["openid"]


class FranceConnectValidator(OAuth2Validator):
    def validate_code(self, client_id, code, client, request, *args, **kwargs):
        if not super().validate_code(client_id, code, client, request, *args, **kwargs):
            replayed_token_id = claims_store.code_use(code)
            if replayed_token_id is not None:
                # RFC 6749 §4.1.2: a code used twice revokes what it was exchanged for.
                AccessToken.objects.filter(pk=replayed_token_id).delete()
            return False
        request.fc_login = claims_store.login_for_code(code)
        return request.fc_login is not None

    def get_oidc_claims(self, token, token_handler, request):
        login = request.fc_login
        return {
            "sub": pairwise_subject(login["pivot_hash"], request.client.subject_sector),
            "acr": login["acr"],
            "amr": login["amr"],
        }

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        claims["auth_time"] = request.fc_login["auth_time"]  # the login at the identity provider
        return claims, expiration_time

    def finalize_id_token(self, id_token, token, token_handler, request):
        claims, expiration_time = self.get_id_token_dictionary(token, token_handler, request)
        id_token.update(**claims)
        if "nonce" not in id_token and request.nonce:  # oauthlib issue #746
            id_token["nonce"] = request.nonce
        signed = jwt_sign(id_token, algorithm=request.client.algorithm)
        with transaction.atomic(using=router.db_for_write(IDToken)):
            saved = self._save_id_token(id_token["jti"], request, expiration_time)
        request.access_token = saved
        request.id_token = saved
        claims_store.login_for_token_store(token["access_token"], request.fc_login)
        return signed

    def save_bearer_token(self, token, request, *args, **kwargs):
        super().save_bearer_token(token, request, *args, **kwargs)
        if getattr(request, "code", None):
            saved = AccessToken.objects.filter(id_token=request.id_token).values_list("pk", flat=True).first()
            if saved is not None:
                claims_store.code_use_record(request.code, saved)

    def validate_bearer_token(self, token, scopes, request):
        request.access_token_value = token  # the userinfo view finds the login under it
        return super().validate_bearer_token(token, scopes, request)

    def validate_silent_login(self, request):
        return False  # prompt=none is answered by the authorize view itself

    def get_userinfo_claims(self, request):
        raise NotImplementedError("userinfo is served by franceconnect.oidc.views.userinfo")


def claims_parameter(value: str) -> dict | None:
    """The `claims` request parameter (OpenID Connect §5.5): a JSON object, or None if malformed."""
    try:
        parsed = json.loads(value)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None
