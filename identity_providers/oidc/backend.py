"""mozilla-django-oidc's backend, with each provider's settings taken from its database row.

What the library leaves out and the portal adds: ``iss``, ``aud``, ``exp`` and ``iat`` checks
on the ID token, several accepted algorithms per provider, a cached JWKS, userinfo as JSON or
signed JWT whose ``sub`` must equal the ID token's, timeouts on every call, and a named error
for every failure. Instead of a Django user, a login yields the provider's verified answer:
its ``acr`` capped at the levels the provider is accredited for, and its ``auth_time`` and
``amr`` when they are well formed (the flow compares them with what it asked: prompt, max_age).
"""

import math
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import jwt
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from identity_providers.models import EIDAS_LEVELS, IdentityProvider
from identity_providers.oidc.errors import IdentityProviderError
from identity_providers.oidc.http import provider_json, provider_request
from identity_providers.oidc.jwks import signing_key_for
from identity_providers.pivot import PivotIdentity, pivot_identity_from_claims

CLOCK_SKEW_SECONDS = 30
AMR_MAX_VALUES = 10
AMR_VALUE_MAX_LENGTH = 32

# PyJWT's exceptions, from the most to the least specific, and the error each one means.
_JWT_ERRORS = [
    (jwt.InvalidSignatureError, "bad_signature"),
    (jwt.ExpiredSignatureError, "expired_token"),
    (jwt.InvalidAudienceError, "wrong_audience"),
    (jwt.InvalidIssuerError, "wrong_issuer"),
    (jwt.ImmatureSignatureError, "invalid_issued_at"),
    (jwt.InvalidIssuedAtError, "invalid_issued_at"),
    (jwt.MissingRequiredClaimError, "malformed_token"),
    (jwt.InvalidTokenError, "malformed_token"),
]


@dataclass(frozen=True)
class ProviderLogin:
    """A completed, verified login at an identity provider."""

    provider_slug: str
    sub: str
    identity: PivotIdentity
    acr: str  # an eIDAS level, capped at the provider's accreditation (acr_capped)
    amr: tuple[str, ...] | None  # the ID token's methods, None when absent or malformed
    id_token: str
    auth_time: int | None = None  # when the citizen authenticated at the provider, if it says

    def authenticated_since(self, moment: float) -> bool:
        """Whether the provider says the citizen authenticated at ``moment`` or later (clock skew
        allowed): ``moment`` is when a new login was asked for (prompt=login), or now - max_age."""
        return self.auth_time is not None and self.auth_time >= moment - CLOCK_SKEW_SECONDS


def acr_capped(asserted, accredited: list[str]) -> str:
    """The highest level the provider is accredited for that is not above the one it asserted.

    A provider accredited eidas1 that asserts eidas3 yields eidas1: its word is worth no more
    than its accreditation. An unknown level, or one below all its accredited levels, is an error.
    """
    if asserted not in EIDAS_LEVELS:
        raise IdentityProviderError("invalid_acr", "acr missing or not an eIDAS level")
    rank = EIDAS_LEVELS.index(asserted)
    allowed = [level for level in EIDAS_LEVELS[: rank + 1] if level in accredited]
    if not allowed:
        raise IdentityProviderError("invalid_acr", f"acr {asserted} below every accredited level")
    return allowed[-1]


def auth_time_from(payload: dict) -> int | None:
    """The ID token's ``auth_time`` when it is a plausible past moment, else None."""
    value = payload.get("auth_time")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    value = int(value)
    if value <= 0 or value > time.time() + CLOCK_SKEW_SECONDS:
        return None
    return value


def amr_from(payload: dict) -> tuple[str, ...] | None:
    """The ID token's ``amr`` when it is a short list of short strings, else None."""
    value = payload.get("amr")
    if not isinstance(value, list) or not value or len(value) > AMR_MAX_VALUES:
        return None
    if not all(isinstance(method, str) and 0 < len(method) <= AMR_VALUE_MAX_LENGTH for method in value):
        return None
    return tuple(value)


class ProviderBackend(OIDCAuthenticationBackend):
    def __init__(self, provider: IdentityProvider):
        self.provider = provider
        # Built once: the library asks for its settings about ten times per login, and the
        # client secret is decrypted (Fernet) for each read.
        self.per_provider = {
            "OIDC_OP_TOKEN_ENDPOINT": provider.token_endpoint,
            "OIDC_OP_USER_ENDPOINT": provider.userinfo_endpoint,
            "OIDC_OP_JWKS_ENDPOINT": provider.jwks_uri,
            "OIDC_RP_CLIENT_ID": provider.client_id,
            "OIDC_RP_CLIENT_SECRET": provider.client_secret,
            "OIDC_RP_SIGN_ALGO": (provider.signing_algorithms or ["RS256"])[0],
            "OIDC_TIMEOUT": provider.timeout,
            "OIDC_USE_NONCE": True,
            "OIDC_VERIFY_SSL": True,
            "OIDC_ALLOW_UNSECURED_JWT": False,
            "OIDC_STORE_ACCESS_TOKEN": False,
            "OIDC_STORE_ID_TOKEN": False,
        }
        super().__init__()

    def get_settings(self, attr, *args):
        if attr in self.per_provider:
            return self.per_provider[attr]
        return import_from_settings(attr, *args)

    # --- Token and userinfo requests -----------------------------------------------------------

    def get_token(self, payload):
        response = provider_request(
            "POST", self.provider.token_endpoint, provider=self.provider, data=payload
        )
        if response.status_code != 200:
            raise IdentityProviderError(
                "token_exchange_failed", f"token endpoint answered HTTP {response.status_code}"
            )
        answer = provider_json(response, what="token answer")
        if not isinstance(answer.get("id_token"), str) or not isinstance(answer.get("access_token"), str):
            raise IdentityProviderError("invalid_response", "token answer without id_token or access_token")
        return answer

    def get_userinfo(self, access_token, id_token, payload):
        response = provider_request(
            "GET",
            self.provider.userinfo_endpoint,
            provider=self.provider,
            headers={"Authorization": f"Bearer {access_token}"},
        )
        is_jwt = response.headers.get("content-type", "").lower().startswith("application/jwt")
        if is_jwt or self.provider.userinfo_format == IdentityProvider.UserinfoFormat.SIGNED_JWT:
            if response.status_code != 200:
                raise IdentityProviderError(
                    "provider_error", f"userinfo answered HTTP {response.status_code}"
                )
            if not is_jwt:
                raise IdentityProviderError("invalid_response", "userinfo is not the expected signed JWT")
            claims = self._verified_claims(
                response.text, signing_key_for(self.provider, response.text), id_token=False
            )
        else:
            claims = provider_json(response, what="userinfo")
        if claims.get("sub") != payload["sub"]:
            raise IdentityProviderError("subject_mismatch", "userinfo sub differs from the ID token's")
        return claims

    # --- Verification ----------------------------------------------------------------------------

    def retrieve_matching_jwk(self, token):
        return signing_key_for(self.provider, token)

    def _verified_claims(self, payload, key, *, id_token=True):
        """A JWT of this provider, verified with PyJWT (iss, aud, exp, the algorithms it is
        registered with); mozilla-django-oidc's own verification (its private _verify_jws) is not
        used: verify_token below replaces it."""
        required = ["iss", "aud", "exp", "iat", "sub"] if id_token else ["iss", "aud", "sub"]
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=self.provider.signing_algorithms,
                audience=self.provider.client_id,
                issuer=self.provider.issuer,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": required},
            )
        except jwt.InvalidTokenError as error:
            code = next(code for kind, code in _JWT_ERRORS if isinstance(error, kind))
            raise IdentityProviderError(code, str(error)) from error

    def verify_token(self, token, **kwargs):
        if not isinstance(token, str):
            raise IdentityProviderError("invalid_response", "no ID token")
        payload = self._verified_claims(token, self.retrieve_matching_jwk(token))
        if payload.get("nonce") != kwargs.get("nonce"):
            raise IdentityProviderError("nonce_mismatch", "ID token nonce differs from the request's")
        return payload

    # --- The result: a verified pivot identity, not a Django user ------------------------------

    def get_or_create_user(self, access_token, id_token, payload):
        acr = acr_capped(payload.get("acr"), self.provider.eidas_levels)  # before asking for userinfo
        claims = self.get_userinfo(access_token, id_token, payload)
        return ProviderLogin(
            provider_slug=self.provider.slug,
            sub=payload["sub"],
            identity=pivot_identity_from_claims(claims),
            acr=acr,
            amr=amr_from(payload),
            id_token=id_token,
            auth_time=auth_time_from(payload),
        )


def provider_logout_url(
    provider: IdentityProvider, *, id_token_hint: str, post_logout_redirect_uri: str = "", state: str = ""
) -> str | None:
    """The provider's end-session URL for this login, or None when it offers none."""
    if not provider.end_session_endpoint:
        return None
    params = {"id_token_hint": id_token_hint, "client_id": provider.client_id}
    if post_logout_redirect_uri:
        params["post_logout_redirect_uri"] = post_logout_redirect_uri
    if state:
        params["state"] = state
    separator = "&" if "?" in provider.end_session_endpoint else "?"
    return f"{provider.end_session_endpoint}{separator}{urlencode(params)}"
