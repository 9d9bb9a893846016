"""Signing the portal's JWTs: every header names its key (``kid``), RS256 and ES256 alike.

PyJWT signs with the key's ``cryptography`` object, loaded once per process (jwcrypto, which
reads and publishes the keys, takes three times as long per ES256 signature).
"""

import json
import time

import jwt
from django.conf import settings

from franceconnect.federation.provider.signing_keys import active_key


class _ClaimsEncoder(json.JSONEncoder):
    def default(self, value):
        return str(value)


def issuer() -> str:
    return f"{settings.PUBLIC_BASE_URL}/api/v2"


def jwt_sign(claims: dict, *, algorithm: str) -> str:
    key = active_key(algorithm)
    return jwt.encode(
        claims,
        key.signer,
        algorithm=algorithm,
        headers={"kid": key.kid, "typ": "JWT"},
        json_encoder=_ClaimsEncoder,
    )


def userinfo_jwt(*, claims: dict, client_id: str, algorithm: str, lifetime: int) -> str:
    now = int(time.time())
    return jwt_sign(
        {**claims, "iss": issuer(), "aud": client_id, "iat": now, "exp": now + lifetime}, algorithm=algorithm
    )


def userinfo_signed(*, service_provider, scope: str, login) -> str:
    """The userinfo answer: the same ``sub`` as the ID token and the claims the granted scopes
    release, signed with the site's algorithm (the endpoint, and the portal's in-process client)."""
    from oauth2_provider.settings import oauth2_settings

    from franceconnect.federation.provider.scopes import released_claims
    from franceconnect.federation.provider.subjects import pairwise_subject

    claims = {
        "sub": pairwise_subject(login.pivot_hash, service_provider.subject_sector),
        **released_claims(login.identity.as_dict(), scope.split()),
    }
    return userinfo_jwt(
        claims=claims,
        client_id=service_provider.client_id,
        algorithm=service_provider.algorithm,
        lifetime=oauth2_settings.ACCESS_TOKEN_EXPIRE_SECONDS,
    )
