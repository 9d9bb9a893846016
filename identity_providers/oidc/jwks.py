"""Identity providers' public keys: cached, and fetched again once when a token names an unknown key.

A provider that rotates its keys signs with a new ``kid``; the cached set then lacks it, so it is
fetched again (once per token) before the signature is declared bad.

The set lives in the shared cache for ``IDP_JWKS_CACHE_SECONDS`` (fetched by one process, used by
all), and each process keeps what it read for a minute (``LOCAL_SECONDS``), with each key ready to
verify: every login's callback would otherwise read the set from Redis and build the same public
key again (~0.15 ms of CPU per login). A key fetched anew replaces the process's copy at once.
"""

import hashlib
import json
from functools import lru_cache
from time import monotonic

import jwt
from django.conf import settings
from django.core.cache import cache

from identity_providers.oidc.errors import IdentityProviderError
from identity_providers.oidc.http import provider_json, provider_request


def _cache_key(provider) -> str:
    digest = hashlib.sha256(provider.jwks_uri.encode()).hexdigest()[:16]
    return f"identity-providers:jwks:{provider.pk}:{digest}"


LOCAL_SECONDS = 60
_held: dict[str, tuple[float, list[dict]]] = {}  # cache key: (until, keys), in this process


def jwks_fetch(provider) -> list[dict]:
    """Fetch the provider's JWKS now, store it in the cache and return its keys."""
    document = provider_json(provider_request("GET", provider.jwks_uri, provider=provider), what="JWKS")
    keys = document.get("keys")
    if not isinstance(keys, list) or not all(isinstance(key, dict) for key in keys):
        raise IdentityProviderError("invalid_response", "JWKS has no key list")
    cache.set(_cache_key(provider), keys, settings.IDP_JWKS_CACHE_SECONDS)
    _held[_cache_key(provider)] = (monotonic() + LOCAL_SECONDS, keys)
    return keys


def jwks_cached(provider) -> list[dict]:
    key = _cache_key(provider)
    held = _held.get(key)
    if held is not None and held[0] > monotonic():
        return held[1]
    keys = cache.get(key)
    if keys is None:
        return jwks_fetch(provider)
    _held[key] = (monotonic() + LOCAL_SECONDS, keys)
    return keys


@lru_cache(maxsize=64)
def _verifying_key(jwk: str, alg: str) -> jwt.PyJWK:
    return jwt.PyJWK(json.loads(jwk), algorithm=alg)


def _matching(keys: list[dict], kid: str | None, alg: str) -> dict | None:
    for key in keys:
        if kid is not None and key.get("kid") != kid:
            continue
        if key.get("alg", alg) != alg or key.get("use", "sig") != "sig":
            continue
        return key
    return None


def signing_key_for(provider, token: str) -> jwt.PyJWK:
    """The provider's key that signed ``token``, or a named error."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.DecodeError as error:
        raise IdentityProviderError("malformed_token", "unreadable JWT header") from error
    alg = header.get("alg")
    if alg not in provider.signing_algorithms:
        raise IdentityProviderError("bad_signature", f"algorithm {alg!r} not accepted for this provider")
    kid = header.get("kid")
    key = _matching(jwks_cached(provider), kid, alg) or _matching(jwks_fetch(provider), kid, alg)
    if key is None:
        raise IdentityProviderError("bad_signature", "no key of the provider matches the token")
    try:
        return _verifying_key(json.dumps(key, sort_keys=True), alg)
    except jwt.PyJWKError as error:
        raise IdentityProviderError("invalid_response", "unusable key in the JWKS") from error
