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
