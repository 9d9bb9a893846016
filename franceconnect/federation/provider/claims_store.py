"""Where a login's identity waits between the confirmation screen and the site's userinfo call.

Nothing about the person is written to the database for the protocol: the identity goes into
the cache under the authorization code (seconds), then under the access token (its lifetime),
keyed by a hash so that a cache dump reveals no usable code or token.
"""

import hashlib

from django.core.cache import cache
from oauth2_provider.settings import oauth2_settings

MARGIN_SECONDS = 30


def _key(kind: str, secret: str) -> str:
    return f"franceconnect:{kind}:{hashlib.sha256(secret.encode()).hexdigest()}"


def login_for_code_store(code: str, login: dict) -> None:
    cache.set(_key("code", code), login, oauth2_settings.AUTHORIZATION_CODE_EXPIRE_SECONDS + MARGIN_SECONDS)


def login_for_code(code: str) -> dict | None:
    return cache.get(_key("code", code))


def login_for_token_store(access_token: str, login: dict) -> None:
    cache.set(
        _key("token", access_token), login, oauth2_settings.ACCESS_TOKEN_EXPIRE_SECONDS + MARGIN_SECONDS
    )


def login_for_token(access_token: str) -> dict | None:
    return cache.get(_key("token", access_token))


def code_use_record(code: str, access_token_id: int) -> None:
    """Remember which access token a code bought, so that a replayed code can revoke it."""
    cache.set(
        _key("used-code", code), access_token_id, oauth2_settings.AUTHORIZATION_CODE_EXPIRE_SECONDS * 10
    )


def code_use(code: str) -> int | None:
    return cache.get(_key("used-code", code))
