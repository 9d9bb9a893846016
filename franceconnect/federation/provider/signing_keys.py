"""The portal's signing keys: one PEM file per key in OIDC_SIGNING_KEYS_DIR, named ``<time>-<alg>.pem``.

The newest key of each algorithm signs; every key in the folder is published in the JWKS, so a
rotation (a new file, then a restart) never breaks tokens already issued. A key is retired by
deleting its file once the tokens it signed have expired.
"""

import time
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from jwcrypto import jwk

from franceconnect.infrastructure.vocabulary import SIGNING_ALGORITHMS

ALGORITHMS = SIGNING_ALGORITHMS  # the portal signs with each of them


@dataclass(frozen=True)
class SigningKey:
    alg: str
    kid: str
    private: jwk.JWK

    @cached_property
    def signer(self):
        """The private key as ``cryptography`` holds it, for signing (loaded once)."""
        return self.private.get_op_key("sign")

    @property
    def public_jwk(self) -> dict:
        return {**self.private.export_public(as_dict=True), "kid": self.kid, "alg": self.alg, "use": "sig"}


def _generate_pem(alg: str) -> bytes:
    private = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if alg == "RS256"
        else ec.generate_private_key(ec.SECP256R1())
    )
    return private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def signing_key_create(alg: str, keys_dir: Path | None = None) -> Path:
    if alg not in ALGORITHMS:
        raise ValueError(f"unsupported signing algorithm {alg!r}")
    keys_dir = keys_dir or settings.OIDC_SIGNING_KEYS_DIR
    keys_dir.mkdir(parents=True, exist_ok=True)
    path = keys_dir / f"{time.time_ns()}-{alg}.pem"
    path.write_bytes(_generate_pem(alg))
    path.chmod(0o600)
    return path


def _load(path: Path) -> SigningKey:
    alg = path.stem.rsplit("-", 1)[1]
    private = jwk.JWK.from_pem(path.read_bytes())
    return SigningKey(alg=alg, kid=private.thumbprint(), private=private)


@cache
def signing_keys() -> tuple[SigningKey, ...]:
    """Every key, newest first. Loaded once per process: parsing PEM on each request is costly."""
    keys_dir: Path = settings.OIDC_SIGNING_KEYS_DIR
    if settings.PORTAL_ENV != "production":
        for alg in ALGORITHMS:  # the demo and the tests make their own keys on first use
            if not any(keys_dir.glob(f"*-{alg}.pem")):
                signing_key_create(alg, keys_dir)
    paths = sorted(keys_dir.glob("*-*.pem"), key=lambda path: path.name, reverse=True)
    keys = tuple(_load(path) for path in paths if path.stem.rsplit("-", 1)[1] in ALGORITHMS)
    missing = [alg for alg in ALGORITHMS if not any(key.alg == alg for key in keys)]
    if missing:
        raise ImproperlyConfigured(
            f"No {', '.join(missing)} signing key in {keys_dir}: run `manage.py signing_keys_rotate`."
        )
    return keys


def active_key(alg: str) -> SigningKey:
    return next(key for key in signing_keys() if key.alg == alg)


def active_rsa_pem() -> str:
    """django-oauth-toolkit's OIDC_RSA_PRIVATE_KEY: the portal's active RS256 key, as PEM."""
    return active_key("RS256").private.export_to_pem(private_key=True, password=None).decode()


def key_by_kid(kid: str) -> SigningKey | None:
    return next((key for key in signing_keys() if key.kid == kid), None)
