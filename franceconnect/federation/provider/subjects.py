"""Accounts keyed on the pivot identity, and pairwise subjects.

The same person has the same pivot hash whichever identity provider vouched for them (names are
compared without case or accents); each site's sector gets its own ``sub`` derived from it with
a server secret, so two sites cannot correlate their users.
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
    fields = ("given_name", "family_name", "birthdate", "gender", "birthplace", "birthcountry")
    canonical = "\n".join(_normalised(identity.get(field, "")) for field in fields)
    return hashlib.sha256(canonical.encode()).hexdigest()


def pairwise_subject(pivot: str, sector_identifier: str) -> str:
    digest = hmac.new(
        settings.PAIRWISE_SUBJECT_SECRET.encode(), f"{sector_identifier}\n{pivot}".encode(), hashlib.sha256
    )
    return digest.hexdigest() + "v1"
