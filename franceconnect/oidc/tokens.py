"""Signing the portal's JWTs: every header names its key (``kid``), RS256 and ES256 alike."""

import json
import time

from django.conf import settings
from jwcrypto import jwt

from franceconnect.oidc.signing_keys import active_key


def issuer() -> str:
    return f"{settings.PUBLIC_BASE_URL}/api/v2"


def jwt_sign(claims: dict, *, algorithm: str) -> str:
    key = active_key(algorithm)
    token = jwt.JWT(
        header=json.dumps({"typ": "JWT", "alg": algorithm, "kid": key.kid}),
        claims=json.dumps(claims, default=str),
    )
    token.make_signed_token(key.private)
    return token.serialize()


def userinfo_jwt(*, claims: dict, client_id: str, algorithm: str, lifetime: int) -> str:
    now = int(time.time())
    return jwt_sign(
        {**claims, "iss": issuer(), "aud": client_id, "iat": now, "exp": now + lifetime}, algorithm=algorithm
    )
