"""The demo citizens, as the demo identity providers release them."""

from types import SimpleNamespace

from demo.citizens import CITIZENS
from demo.identity_provider.oidc import PivotIdentityValidator
from identity_providers.geography import commune_by_code, country_by_code

BY_USERNAME = {person["username"]: person for person in CITIZENS}


def claims_of(username: str) -> dict:
    """What the demo identity provider's validator releases for this demo citizen."""
    person = BY_USERNAME[username]
    citizen = SimpleNamespace(**{**person, "birthdate": None})
    return PivotIdentityValidator().get_additional_claims(SimpleNamespace(user=citizen))


def test_preferred_username_is_the_usage_name_of_those_who_have_one():
    assert claims_of("angela.dubois")["preferred_username"] == "MOREAU"


def test_a_person_without_usage_name_gets_no_preferred_username_and_never_the_login_name():
    claims = claims_of("jean-pierre.lefevre-martin")

    assert "preferred_username" not in claims
    assert "jean-pierre.lefevre-martin" not in claims.values()


def test_the_demo_shows_corsica_a_merged_commune_and_a_birth_abroad():
    born_in = {username: person["birthplace"] for username, person in BY_USERNAME.items()}

    assert commune_by_code(born_in["marie-ange.santoni"]).department == "2A"
    merged = commune_by_code(born_in["bernard.mugnier"])
    assert merged.name == "Annecy-le-Vieux" and merged.kind == "deleguee"
    assert BY_USERNAME["bernard.mugnier"]["birthdate"] < "2017-01-01"  # born before the merger
    assert country_by_code(BY_USERNAME["olga.petrova"]["birthcountry"]).name("fr") == "Russie"


def test_every_demo_birthplace_and_country_has_a_name():
    for person in CITIZENS:
        assert country_by_code(person["birthcountry"]) is not None, person["username"]
        assert not person["birthplace"] or commune_by_code(person["birthplace"]), person["username"]
