"""django-oauth-toolkit, extended (not forked) for the FranceConnect v2 wire format.

- scopes: FranceConnect's, limited per site to its allowed scopes;
- ID token: pairwise ``sub``, ``acr``, ``amr`` and ``auth_time`` of the login at the identity
  provider, a ``kid`` in every header, RS256 or ES256 per site;
- a replayed authorization code revokes the access token it bought;
- a revoked access token (RFC 7009) takes the login kept for userinfo with it;
- at the token endpoint: client authentication by one method, or two that agree (RFC 6749 §2.3),
  the authorize ``redirect_uri`` sent again and equal character for character, and no
  ``code_verifier`` for a code issued without ``code_challenge`` (a PKCE downgrade);
- userinfo accepts access tokens only: an ID token (or any JWT) used as bearer is refused;
- authorization codes only: no refresh tokens, no other grant, no resource indicators;
- each row is read once per request (django-oauth-toolkit re-reads the grant for every check:
  seven queries per token request), the site's client type from the site already loaded;
- the partner site itself comes from the configuration memo (franceconnect.federation.selectors), as
  in the rest of the flow, instead of one query per authorize, token and userinfo request.

Three private methods of django-oauth-toolkit are overridden, each because it saves at least 2 % of
the portal's CPU per login (~0.5 ms of 25-30 ms), measured with ``python -m bench.validator_overrides``
(README, "Private-API overrides") and checked against django-oauth-toolkit 3.4.1:
``tests/provider/test_validator_overrides.py`` fails if the library code they replace or rely on
changes. Everything else goes through the library's public hooks.
"""

import hashlib
import json

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.utils import timezone
from oauth2_provider.models import AccessToken, Grant, get_id_token_model, set_token_value
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.scopes import BaseScopes
from oauthlib.oauth2.rfc6749 import errors

from franceconnect.federation import state
from franceconnect.federation.provider.client_credentials import basic_credentials
from franceconnect.federation.provider.scopes import SCOPE_DESCRIPTIONS, SUPPORTED_SCOPES, scopes_covered_by
from franceconnect.federation.provider.subjects import pairwise_subject
from franceconnect.federation.provider.tokens import jwt_sign
from franceconnect.federation.selectors import service_provider_active, service_provider_active_by_pk


class FranceConnectScopes(BaseScopes):
    def get_all_scopes(self):
        return dict(SCOPE_DESCRIPTIONS)

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        if application is None:
            return list(SUPPORTED_SCOPES)
        # A site allowed a group scope (identite_pivot, profile, birth) may also ask for the claims
        # it covers one by one, as FranceConnect v2 partners do (openid given_name family_name...).
        available = scopes_covered_by(application.allowed_scope_set)
        return [scope for scope in SUPPORTED_SCOPES if scope in available]

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return ["openid"]


def _grant(code: str, request) -> Grant | None:
    """The authorization code's row alone (its code is unique), read once per token request.

    django-oauth-toolkit reads it (and the citizen's row) in each of validate_code,
    get_code_challenge, confirm_redirect_uri, get_authorization_code_scopes and
    get_authorization_code_nonce: 2.5 ms of CPU per login saved (bench.validator_overrides)."""
    cached = getattr(request, "fc_grant", None)
    if cached is None or cached[0] != code:
        grant = next(iter(Grant.objects.filter(code=code)[:1]), None)
        request.fc_grant = cached = (code, grant)
    return cached[1]


def _client_grant(code: str, request, client=None) -> Grant | None:
    grant = _grant(code, request)
    client = client or request.client
    return grant if grant is not None and client is not None and grant.application_id == client.pk else None


class FranceConnectValidator(OAuth2Validator):
    def _load_application(self, client_id, request):
        # Private (django-oauth-toolkit 3.4.1), kept: every client check of oauthlib goes through it
        # (validate_client_id, authenticate_client, client_authentication_required), and no public
        # hook lets the site come from the configuration memo. The library's query costs 0.41 ms
        # of CPU more per call, three calls per login (authorize, confirmation, token): 1.2 ms.
        if isinstance(client_id, str) and "\x00" in client_id:
            # No client has that id, and PostgreSQL refuses NUL in text: psycopg 3 raises DataError
            # where django-oauth-toolkit expects psycopg 2's ValueError (a 500 at authorize).
            return None
        if not request.client and isinstance(client_id, str):
            # An active site from memory; anything else (unknown, inactive) takes
            # django-oauth-toolkit's own path and answers as before.
            request.client = service_provider_active(client_id)
        return super()._load_application(client_id, request)

    def authenticate_client(self, request, *args, **kwargs):
        """django-oauth-toolkit tries the Basic header, then the body. Two methods in one request
        must name the same client with the same secret, or the request is refused (invalid_client,
        where oauthlib would answer server_error for different ids); a malformed Basic header is a
        failed authentication, never a fallback to the body."""
        basic = basic_credentials(request.headers.get("Authorization", ""))
        if basic is not None:
            if not basic.well_formed:
                return False
            body_client_id = request.client_id or ""
            body_secret = getattr(request, "client_secret", None) or ""
            if (body_client_id and body_client_id != basic.client_id) or (
                body_secret and body_secret != basic.client_secret
            ):
                return False
        if not super().authenticate_client(request, *args, **kwargs) and not self._previous_secret_accepted(
            request, basic
        ):
            return False
        # The body's client_id names the client that authenticated, or nobody.
        return not request.client_id or request.client_id == request.client.client_id

    def _previous_secret_accepted(self, request, basic) -> bool:
        """The secret a renewal replaced, while its grace period lasts (CLIENT_SECRET_GRACE_HOURS):
        a site deploys its new secret without downtime. The same method and client as the
        library's failed check (the site from the memo: no query); anything else stays
        invalid_client."""
        if basic is not None:
            client_id, secret = basic.client_id, basic.client_secret
        else:
            client_id, secret = request.client_id or "", getattr(request, "client_secret", None) or ""
        if not client_id or not secret:
            return False
        # The library's body check, after a failed Basic one, forgot the client: found again.
        client = self._load_application(client_id, request)
        if client is None or not client.previous_secret_valid_at(timezone.now()):
            return False
        return check_password(secret, client.previous_client_secret)

    def validate_grant_type(self, client_id, grant_type, client, request, *args, **kwargs):
        return grant_type == "authorization_code"  # FranceConnect issues no refresh tokens

    def is_pkce_required(self, client_id, request):
        client = request.client
        if client is not None and client.client_id == client_id:
            return client.client_type != client.CLIENT_CONFIDENTIAL  # pkce_policy, without a query
        return super().is_pkce_required(client_id, request)

    def get_authorization_code_scopes(self, client_id, code, redirect_uri, request):
        grant = _grant(code, request)
        return grant.scope.split() if grant is not None else []

    def get_authorization_code_nonce(self, client_id, code, redirect_uri, request):
        grant = _grant(code, request)
        return (grant.nonce or None) if grant is not None else None

    def get_code_challenge(self, code, request):
        grant = _client_grant(code, request)
        return (grant.code_challenge or None) if grant is not None else None

    def get_code_challenge_method(self, code, request):
        grant = _client_grant(code, request)
        return (grant.code_challenge_method or None) if grant is not None else None

    def confirm_redirect_uri(self, client_id, code, redirect_uri, client, request, *args, **kwargs):
        # oauthlib falls back to the site's first registered address when redirect_uri is absent;
        # every code here was issued for an explicit redirect_uri (authorize requires one), so
        # RFC 6749 §4.1.3 requires it again, identical.
        if getattr(request, "using_default_redirect_uri", False):
            raise errors.InvalidRequestError(
                description="The redirect_uri parameter is required.", request=request
            )
        grant = _client_grant(code, request, client)
        return grant is not None and grant.redirect_uri == redirect_uri

    def validate_code(self, client_id, code, client, request, *args, **kwargs):
        grant = _client_grant(code, request, client)
        if grant is None or grant.is_expired():
            replayed_token_id = state.code_use(code)
            if replayed_token_id is not None:
                # RFC 6749 §4.1.2: a code used twice revokes what it was exchanged for.
                AccessToken.objects.filter(pk=replayed_token_id).delete()
            return False
        if getattr(request, "code_verifier", None) and not grant.code_challenge:
            # A verifier for a code bought without a challenge: someone is replaying a code that
            # was not theirs with a PKCE downgrade, or the client is confused; either way, refused.
            raise errors.InvalidGrantError(
                description="code_verifier sent for a code issued without code_challenge.", request=request
            )
        request.scopes = grant.scope.split(" ")
        # The citizen's key alone: the tokens' rows refer to it, and every claim comes from the
        # login stored with the code (the account was checked where the code was issued). Joining
        # the account's row cost a quarter of the grant's read.
        request.user = get_user_model()(pk=grant.user_id)
        if grant.nonce:
            request.nonce = grant.nonce
        if grant.claims:
            request.claims = json.loads(grant.claims)
        request.fc_login = state.released_login_for_code(code)
        return request.fc_login is not None

    def _check_and_set_request_resource(self, request):
        # Private (django-oauth-toolkit 3.4.1), kept: the library reads the grant again to inherit
        # the resources stored with it; the portal issues no resource-restricted token (a
        # ``resource`` parameter is refused before oauthlib runs, token_request.py). 0.7 ms of CPU
        # per login (one call, in the token request).
        request.resource = []

    def _create_access_token(self, expires, request, token, source_refresh_token=None):
        # Private (django-oauth-toolkit 3.4.1), kept: the library decodes and verifies the ID token
        # it was just given, reading its site and its row back from the database; the row saved
        # by finalize_id_token is on the request. 1.7 ms of CPU per login (one call). It also
        # hands the new token to save_bearer_token, which records it against the code's replay.
        access_token = AccessToken(
            user=request.user,
            scope=token["scope"],
            expires=expires,
            id_token=request.id_token,
            application=request.client,
            resource=[],
        )
        set_token_value(access_token, token["access_token"])
        access_token.save()
        request.fc_access_token = access_token
        return access_token

    def get_oidc_claims(self, token, token_handler, request):
        login = request.fc_login
        claims = {"sub": pairwise_subject(login.pivot_hash, request.client.subject_sector), "acr": login.acr}
        if login.amr:  # as the identity provider asserted it; absent when it said nothing
            claims["amr"] = list(login.amr)
        return claims

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        claims["auth_time"] = request.fc_login.auth_time  # the login at the identity provider
        return claims, expiration_time

    def finalize_id_token(self, id_token, token, token_handler, request):
        claims, expiration_time = self.get_id_token_dictionary(token, token_handler, request)
        id_token.update(**claims)
        if "nonce" not in id_token and request.nonce:  # oauthlib issue #746
            id_token["nonce"] = request.nonce
        # Signed here rather than by django-oauth-toolkit, which puts a kid in RS256 headers only
        # and signs with jwcrypto; its row written as the library writes it.
        signed = jwt_sign(id_token, algorithm=request.client.algorithm)
        saved = get_id_token_model().objects.create(
            user=request.user,
            scope=request.scope or " ".join(request.scopes),
            expires=expiration_time,
            jti=id_token["jti"],
            application=request.client,
        )
        request.access_token = saved
        request.id_token = saved
        state.released_login_for_token_store(token["access_token"], request.fc_login)
        return signed

    def invalidate_authorization_code(self, client_id, code, request, *args, **kwargs):
        try:
            super().invalidate_authorization_code(client_id, code, request, *args, **kwargs)
        except errors.InvalidGrantError:
            # Another request redeemed this code meanwhile (it held the code's row until it
            # committed): the tokens written by this one go with the token endpoint's transaction.
            transaction.set_rollback(True)
            raise

    def save_bearer_token(self, token, request, *args, **kwargs):
        # django-oauth-toolkit's own atomic block adds a savepoint inside the token endpoint's
        # transaction (views.TokenView): 65 µs of CPU per login, not worth its private method.
        super().save_bearer_token(token, request, *args, **kwargs)
        saved = getattr(request, "fc_access_token", None)
        if getattr(request, "code", None) and saved is not None:
            state.code_use_record(request.code, saved.pk)

    def revoke_token(self, token, token_type_hint, request, *args, **kwargs):
        """RFC 7009 (/api/v2/token/revoke): django-oauth-toolkit deletes the token only if it was
        issued to the site that authenticated (another site's token is left alone, answered 200
        like an unknown one). The login kept for userinfo under that token goes with it, so that
        nothing about the person outlives the revocation in the cache."""
        client = request.client
        checksum = hashlib.sha256(token.encode("utf-8")).hexdigest()
        owned = (
            client is not None
            and AccessToken.objects.filter(token_checksum=checksum, application_id=client.pk).exists()
        )
        super().revoke_token(token, token_type_hint, request, *args, **kwargs)
        if owned:
            state.released_login_for_token_forget(token)

    def validate_bearer_token(self, token, scopes, request):
        """The access token's row alone, its site from the memo.

        django-oauth-toolkit joins the site and the user to the token (some sixty columns of ORM
        work, half of a userinfo request) and may ask a remote introspection endpoint; the portal
        is its own resource server, issues no resource-restricted tokens, and userinfo answers
        from the login stored with the token, so neither row is needed. A token of a site that is
        no longer active is refused. A public hook: 0.6 ms of CPU per login saved (one call,
        bench.validator_overrides). Nothing reads the library's ``oauth2_error`` (the userinfo
        view answers invalid_token itself).
        """
        request.access_token_value = token  # the userinfo view finds the login under it
        access_token = self.access_token_of(token) if token else None
        if access_token is None or not access_token.is_valid(scopes):
            return False
        request.client = access_token.application
        request.scopes = list(access_token.scopes)
        request.access_token = access_token
        return True

    def validate_jwt_bearer_token(self, token, scopes, request):
        # oauthlib hands a bearer that looks like a JWT here, and django-oauth-toolkit would accept
        # an ID token as if it were an access token. The portal's access tokens are opaque: a JWT
        # is checked like any other bearer, and no access token has its value.
        return self.validate_bearer_token(token, scopes, request)

    @staticmethod
    def access_token_of(token: str) -> AccessToken | None:
        """The access token's row (its site from the memo), or None; also for the portal's own
        in-process client (franceconnect/federation/in_process_client.py)."""
        checksum = hashlib.sha256(token.encode("utf-8")).hexdigest()
        access_token = next(iter(AccessToken.objects.filter(token_checksum=checksum)[:1]), None)
        if access_token is None:
            return None
        site = service_provider_active_by_pk(access_token.application_id)
        if site is None:
            return None
        access_token.application = site
        return access_token

    def validate_silent_login(self, request):
        return False  # prompt=none is answered by the authorize view itself

    def get_userinfo_claims(self, request):
        raise NotImplementedError("userinfo is served by franceconnect.federation.provider.views.userinfo")
