"""The space's e-mail links: signed, dated, and single-use.

Each link names a row (a person, an invitation) and a fingerprint of the state it may act on: the
address not verified yet, the password not changed yet, the invitation not accepted yet. Acting
changes that state, so the same link then names a state that no longer exists: it is refused,
like a tampered link (bad signature) or an old one (past its age). The fingerprint is a keyed
hash: the link reveals nothing of the state (a password hash, for one).
"""

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

MAX_TOKEN_LENGTH = 300

VERIFY_EMAIL = "verify_email"
RESET_PASSWORD = "reset_password"  # noqa: S105 — a purpose, not a password
INVITATION = "invitation"


def _salt(purpose: str) -> str:
    return f"partner_space.{purpose}"


def _fingerprint(purpose: str, state: str) -> str:
    return salted_hmac(_salt(purpose), state, algorithm="sha256").hexdigest()[:32]


def link_token(purpose: str, pk: int, state: str) -> str:
    return signing.TimestampSigner(salt=_salt(purpose)).sign(f"{pk}:{_fingerprint(purpose, state)}")


def link_read(purpose: str, token: str, *, max_age_seconds: int) -> tuple[int, str] | None:
    """(the row's id, the fingerprint) a link names, or None if altered or too old."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        value = signing.TimestampSigner(salt=_salt(purpose)).unsign(token, max_age=max_age_seconds)
    except (signing.BadSignature, ValueError):  # SignatureExpired is a BadSignature
        return None
    pk, _, fingerprint = value.partition(":")
    if not pk.isdigit():
        return None
    return int(pk), fingerprint


def link_state_matches(purpose: str, fingerprint: str, state: str) -> bool:
    """Whether the link was made for this state (otherwise it was used already)."""
    return constant_time_compare(fingerprint, _fingerprint(purpose, state))
