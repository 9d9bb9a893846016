import pytest

from identity_providers.oidc.errors import IdentityProviderError
from identity_providers.pivot import pivot_identity_from_claims
from tests.identity_providers.fake_provider import VALID_IDENTITY


def test_a_complete_identity_born_in_france():
    identity = pivot_identity_from_claims(VALID_IDENTITY)

    assert identity.as_dict() == VALID_IDENTITY
    assert identity.given_name_array == ["Angela", "Claire", "Louise"]


def test_born_abroad_has_no_birthplace():
    identity = pivot_identity_from_claims({**VALID_IDENTITY, "birthcountry": "99123", "birthplace": ""})

    assert identity.birthplace == "" and identity.birthcountry == "99123"


def test_corsican_commune_codes_are_valid():
    assert pivot_identity_from_claims({**VALID_IDENTITY, "birthplace": "2A004"}).birthplace == "2A004"


def test_accents_hyphens_and_spacing():
    identity = pivot_identity_from_claims(
        {**VALID_IDENTITY, "given_name": "  Jean-Pierre   Éric ", "family_name": "LEFÈVRE-MARTIN"}
    )

    assert identity.given_name == "Jean-Pierre Éric"
    assert identity.family_name == "LEFÈVRE-MARTIN"


def test_email_and_preferred_username_are_optional():
    claims = {
        key: value for key, value in VALID_IDENTITY.items() if key not in {"email", "preferred_username"}
    }

    identity = pivot_identity_from_claims(claims)

    assert identity.email == "" and identity.preferred_username == ""


@pytest.mark.parametrize(
    ("changes", "detail"),
    [
        ({"given_name": None}, "given_name missing"),
        ({"family_name": "   "}, "family_name missing"),
        ({"family_name": "DUBOIS2"}, "family_name malformed"),
        ({"birthdate": None}, "birthdate missing"),
        ({"birthdate": "24/08/1962"}, "birthdate missing or not YYYY-MM-DD"),
        ({"birthdate": "1962-02-30"}, "birthdate is not a date"),
        ({"birthdate": "2999-01-01"}, "birthdate in the future"),
        ({"gender": "F"}, "gender"),
        ({"gender": None}, "gender"),
        ({"birthcountry": "France"}, "birthcountry"),
        ({"birthcountry": None}, "birthcountry"),
        ({"birthplace": ""}, "birthplace missing"),
        ({"birthplace": "Paris"}, "birthplace missing"),
        ({"birthcountry": "99123", "birthplace": "75107"}, "birthplace given for a birth abroad"),
        ({"email": "not-an-address"}, "email malformed"),
        ({"preferred_username": ["a"]}, "preferred_username malformed"),
    ],
)
def test_each_malformed_or_missing_claim_is_named(changes, detail):
    with pytest.raises(IdentityProviderError) as raised:
        pivot_identity_from_claims({**VALID_IDENTITY, **changes})

    assert raised.value.code == "invalid_identity"
    assert detail in raised.value.detail
