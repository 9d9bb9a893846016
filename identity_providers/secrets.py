"""Encryption at rest of identity-provider client secrets (Fernet, from ``cryptography``).

Keys come from the environment (``IDP_SECRET_KEYS``, comma-separated Fernet keys). The first key
encrypts; every key decrypts, so a key is rotated by putting the new one first and re-saving.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def _fernet() -> MultiFernet:
    keys = settings.IDP_SECRET_KEYS
    if not keys:
        raise ImproperlyConfigured("IDP_SECRET_KEYS is empty: identity-provider secrets cannot be encrypted.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            "IDP_SECRET_KEYS must be Fernet keys (32 url-safe base64 bytes)."
        ) from error


def secret_encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def secret_decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "An identity-provider secret cannot be decrypted with IDP_SECRET_KEYS (was a key removed?)."
        ) from error
