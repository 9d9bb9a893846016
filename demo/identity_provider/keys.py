"""Signing keys of a demo identity provider: one PEM file per key, named by creation time."""

import time
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def signing_key_create(keys_dir: Path) -> Path:
    keys_dir.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path = keys_dir / f"{time.time_ns()}.pem"
    path.write_bytes(pem)
    path.chmod(0o600)
    return path


def signing_key_ensure(keys_dir: Path) -> None:
    if not any(keys_dir.glob("*.pem")):
        signing_key_create(keys_dir)
