"""The pivot identity: the claims that identify a person, validated as the portal requires them.

Formats (FranceConnect's): ``birthdate`` YYYY-MM-DD, ``gender`` male/female, ``birthcountry`` an
INSEE country code (99100 = France), ``birthplace`` an INSEE commune code when born in France
and empty when born abroad.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from identity_providers.oidc.errors import IdentityProviderError

FRANCE = "99100"
INSEE_COUNTRY = re.compile(r"^99\d{3}$")
INSEE_COMMUNE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
NAME_MAX_LENGTH = 256


@dataclass(frozen=True)
class PivotIdentity:
    given_name: str
    family_name: str
    birthdate: str
    gender: str
    birthplace: str
    birthcountry: str
    email: str = ""
    preferred_username: str = ""

    def as_dict(self) -> dict[str, str]:
        return dict(vars(self))  # its fields are strings: no deep copy needed (asdict makes one)

    @property
    def given_name_array(self) -> list[str]:
        return self.given_name.split(" ")


def _name(claims: dict, claim: str) -> str:
    value = claims.get(claim)
    if not isinstance(value, str) or not value.strip():
        raise IdentityProviderError("invalid_identity", f"{claim} missing")
    value = " ".join(value.split())
    if len(value) > NAME_MAX_LENGTH or any(character.isdigit() for character in value):
        raise IdentityProviderError("invalid_identity", f"{claim} malformed")
    return value


def _birthdate(claims: dict) -> str:
    value = claims.get("birthdate")
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise IdentityProviderError("invalid_identity", "birthdate missing or not YYYY-MM-DD")
    try:
        born = date.fromisoformat(value)
    except ValueError as error:
        raise IdentityProviderError("invalid_identity", "birthdate is not a date") from error
    if born > date.today():
        raise IdentityProviderError("invalid_identity", "birthdate in the future")
    return value


def _birth_country_and_place(claims: dict) -> tuple[str, str]:
    country = claims.get("birthcountry")
    if not isinstance(country, str) or not INSEE_COUNTRY.fullmatch(country):
        raise IdentityProviderError("invalid_identity", "birthcountry missing or not an INSEE code")
    place = claims.get("birthplace") or ""
    if not isinstance(place, str):
        raise IdentityProviderError("invalid_identity", "birthplace malformed")
    if country == FRANCE and not INSEE_COMMUNE.fullmatch(place):
        raise IdentityProviderError("invalid_identity", "birthplace missing or not an INSEE commune code")
    if country != FRANCE and place:
        raise IdentityProviderError("invalid_identity", "birthplace given for a birth abroad")
    return country, place


def _optional_email(claims: dict) -> str:
    value = claims.get("email") or ""
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError as error:
        raise IdentityProviderError("invalid_identity", "email malformed") from error
    return value


def pivot_identity_from_claims(claims: dict) -> PivotIdentity:
    """Validate the identity claims of a provider's answer; IdentityProviderError when unusable."""
    gender = claims.get("gender")
    if gender not in ("male", "female"):
        raise IdentityProviderError("invalid_identity", "gender missing or not male/female")
    country, place = _birth_country_and_place(claims)
    preferred_username = claims.get("preferred_username") or ""
    if not isinstance(preferred_username, str) or len(preferred_username) > NAME_MAX_LENGTH:
        raise IdentityProviderError("invalid_identity", "preferred_username malformed")
    return PivotIdentity(
        given_name=_name(claims, "given_name"),
        family_name=_name(claims, "family_name"),
        birthdate=_birthdate(claims),
        gender=gender,
        birthplace=place,
        birthcountry=country,
        email=_optional_email(claims),
        preferred_username=preferred_username.strip(),
    )
