"""Accounts keyed on the pivot identity, and pairwise subjects.

The same person has the same pivot hash whichever identity provider vouched for them (names are
compared without case or accents). That hash is computed in memory at each login and never
stored: anyone knowing a person's names and birth data could compute it. What is stored is the
account key, an HMAC of it with ``ACCOUNT_KEY_SECRET``; and each site's sector gets its own
``sub``, an HMAC of it with ``PAIRWISE_SUBJECT_SECRET``, so two sites cannot correlate their users.

The account key is defined on the pivot hash (not on the identity) so that accounts keyed by the
unkeyed hash before could be converted without anyone's identity (migration 0003); the ``sub``
is derived as it always was, so the subjects already issued to sites do not change.
"""

import hashlib
import hmac
import unicodedata

from django.conf import settings


def _normalised(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    without_accents = "".join(character for character in decomposed if not unicodedata.combining(character))
    return " ".join(without_accents.casefold().split())


def pivot_hash(identity: dict) -> str:
    """The unkeyed hash of a pivot identity: in memory only, never stored nor logged."""
    fields = ("given_name", "family_name", "birthdate", "gender", "birthplace", "birthcountry")
    canonical = "\n".join(_normalised(identity.get(field, "")) for field in fields)
    return hashlib.sha256(canonical.encode()).hexdigest()


def account_key(pivot: str) -> str:
    """What a citizen's account is stored under: it cannot be recomputed without the server secret."""
    return hmac.new(settings.ACCOUNT_KEY_SECRET.encode(), pivot.encode(), hashlib.sha256).hexdigest()


def pairwise_subject(pivot: str, sector_identifier: str) -> str:
    digest = hmac.new(
        settings.PAIRWISE_SUBJECT_SECRET.encode(), f"{sector_identifier}\n{pivot}".encode(), hashlib.sha256
    )
    return digest.hexdigest() + "v1"
