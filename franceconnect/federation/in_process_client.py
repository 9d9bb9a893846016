"""The portal as a client of its own partner-facing API, in-process.

Two features log a citizen in through the portal's own flow as a partner site would, and then
read the answer without calling the portal over HTTP (a server calling itself can wait on itself):

- « Mon espace » (citizen_space/sign_in.py), a partner site of the portal itself, which needs the
  login behind the code (``code_redeem``);
- « Essayer » in the partner space (partner_space/try_login.py), which acts as a partner's sandbox
  site and needs what that site would receive: the ID token and userinfo (``tokens_redeem``).

Both send the browser to /api/v2/authorize with a ``state`` and a ``nonce`` of their own
(``authorization_start``), through the same chooser, identity provider, checks, confirmation
screen, connection record and security e-mail as any site. Neither holds the site's secret: the
code comes back to the portal's own redirect URI, bound to the browser's state, and is redeemed
with the token endpoint's checks (issued to this site, for this redirect URI, unexpired,
single-use).
"""

import json
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import router, transaction
from django.urls import reverse
from django.utils.crypto import get_random_string
from oauth2_provider.models import AccessToken, get_grant_model
from oauth2_provider.settings import oauth2_settings

from franceconnect.federation import state
from franceconnect.federation.identity import ReleasedLogin
from franceconnect.federation.models import Connection, ServiceProvider
from franceconnect.federation.provider.server import FranceConnectServer
from franceconnect.federation.provider.tokens import userinfo_signed
from franceconnect.federation.provider.validator import FranceConnectValidator

TOKEN_VALUE_MAX_LENGTH = 255


class InProcessError(Exception):
    """The answer cannot be redeemed (no code, another site's, expired, used, forged)."""


@dataclass(frozen=True)
class AuthorizationStart:
    state: str
    nonce: str
    authorize_url: str


def authorization_start(
    site: ServiceProvider, *, redirect_uri: str, scopes, acr: str, language: str
) -> AuthorizationStart:
    """An authorization request for this site, as a partner site sends it."""
    state_value, nonce = get_random_string(43), get_random_string(43)
    params = {
        "client_id": site.client_id,
        "redirect_uri": redirect_uri,
        "response_type": "code",
        "scope": " ".join(scopes),
        "state": state_value,
        "nonce": nonce,
        "acr_values": acr,
        "ui_locales": language,
    }
    return AuthorizationStart(state_value, nonce, f"{reverse('oidc_authorize')}?{urlencode(params)}")


def code_redeem(
    site: ServiceProvider, code: str, *, redirect_uri: str, nonce: str
) -> tuple[ReleasedLogin, Connection]:
    """The login the portal released under this code, and its connection record (the code is
    used up)."""
    if not code or len(code) > TOKEN_VALUE_MAX_LENGTH:
        raise InProcessError("no code")
    with transaction.atomic():
        grant = (
            get_grant_model()
            .objects.select_for_update()
            .filter(code=code, application=site, redirect_uri=redirect_uri)
            .first()
        )
        if grant is None or grant.is_expired() or grant.nonce != nonce:
            raise InProcessError("the code is not valid for this client")
        grant.delete()
    login = state.released_login_for_code(code)
    state.released_login_for_code_forget(code)
    connection = (
        Connection.objects.select_related("identity_provider").filter(reference=login.connection).first()
        if login is not None
        else None
    )
    if login is None or connection is None:
        raise InProcessError("the login behind the code is gone")
    return login, connection


class _InProcessValidator(FranceConnectValidator):
    """The token endpoint's validator, for the one site the portal acts for: its client is that
    site without a secret; every other check (the code, its site, redirect URI, expiry, single
    use, PKCE) is the endpoint's own."""

    def __init__(self, site: ServiceProvider):
        super().__init__()
        self._site = site

    def client_authentication_required(self, request, *args, **kwargs):
        return True

    def authenticate_client(self, request, *args, **kwargs):
        if request.client_id != self._site.client_id:
            return False
        request.client = self._site
        return True


@dataclass(frozen=True)
class IssuedTokens:
    id_token: str
    access_token: str


def tokens_redeem(site: ServiceProvider, code: str, *, redirect_uri: str) -> IssuedTokens:
    """The token endpoint's answer to this code, as the site would receive it: its ID token (signed
    with the site's algorithm) and access token."""
    if not code or len(code) > TOKEN_VALUE_MAX_LENGTH:
        raise InProcessError("no code")
    server = FranceConnectServer(_InProcessValidator(site), **oauth2_settings.server_kwargs)
    body = urlencode(
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "client_id": site.client_id,
        }
    )
    # One transaction, as the token endpoint (provider/views.py TokenView).
    with transaction.atomic(using=router.db_for_write(AccessToken)):
        _headers, answer, status = server.create_token_response(
            reverse("oidc_token"),
            http_method="POST",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    parsed = json.loads(answer)
    if status != 200 or "id_token" not in parsed:
        raise InProcessError(f"token endpoint: {parsed.get('error', status)}")
    return IssuedTokens(id_token=parsed["id_token"], access_token=parsed["access_token"])


def userinfo_redeem(access_token_value: str) -> str:
    """The userinfo endpoint's answer (a signed JWT) to this access token, as the site would
    receive it."""
    access_token = FranceConnectValidator.access_token_of(access_token_value)
    login = state.released_login_for_token(access_token_value) if access_token is not None else None
    if access_token is None or not access_token.is_valid(["openid"]) or login is None:
        raise InProcessError("the access token is invalid, expired or revoked")
    return userinfo_signed(service_provider=access_token.application, scope=access_token.scope, login=login)
