"""The confirmation screen shows the identity as a person reads it; the site still receives the codes."""

import html
import re

import jwt
import pytest

from tests.flow_fixtures import query_of
from tests.identity_providers.fake_provider import VALID_IDENTITY

pytestmark = pytest.mark.django_db

SCOPE = "openid identite_pivot email preferred_username"
FIELDS = re.compile(r"<dt[^>]*>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", re.S)

OLGA = {"birthdate": "1990-11-02", "birthplace": "", "birthcountry": "99123", "preferred_username": ""}
MARIE_ANGE = {"birthdate": "1978-06-30", "birthplace": "2A004"}
BORN_IN_A_COMMUNE_MERGED_SINCE = {"birthdate": "1950-05-12", "birthplace": "74011"}


def shown(page) -> dict[str, str]:
    """The confirmation screen's list of what will be sent: label → value, as rendered."""
    return {
        html.unescape(label).strip(): html.unescape(value).strip()
        for label, value in FIELDS.findall(page.content.decode())
    }


def confirmation(partner, citizen, fake_provider, language: str, **identity):
    fake_provider.identity = {**VALID_IDENTITY, "preferred_username": "MOREAU", **identity}
    page = citizen.log_in_at_provider(partner.authorize(scope=SCOPE, ui_locales=language))
    assert page.status_code == 200
    return shown(page)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            {
                "Date de naissance": "24 août 1962",
                "Lieu de naissance": "Paris 7e Arrondissement (75)",
                "Pays de naissance": "France",
                "Nom d'usage": "MOREAU",
            },
        ),
        (
            "en",
            {
                "Date of birth": "24 August 1962",
                "Place of birth": "Paris 7e Arrondissement (75)",
                "Country of birth": "France",
                "Surname you use": "MOREAU",
            },
        ),
        (
            "ru",
            {
                "Дата рождения": "24 августа 1962 г.",
                "Место рождения": "Paris 7e Arrondissement (75)",
                "Страна рождения": "Франция",
                "Фамилия по браку или другая, которую вы носите": "MOREAU",
            },
        ),
    ],
)
def test_birth_date_place_country_and_usage_name_read_in_each_language(
    partner, citizen, fake_provider, language, expected
):
    fields = confirmation(partner, citizen, fake_provider, language)

    assert {label: fields.get(label) for label in expected} == expected


@pytest.mark.parametrize(("language", "country"), [("fr", "Russie"), ("en", "Russia"), ("ru", "Россия")])
def test_a_person_born_abroad_reads_the_country_by_name(partner, citizen, fake_provider, language, country):
    fields = confirmation(partner, citizen, fake_provider, language, **OLGA)

    assert country in fields.values() and "99123" not in fields.values()


@pytest.mark.parametrize(
    ("identity", "date", "place"),
    [
        (MARIE_ANGE, "30 juin 1978", "Ajaccio (2A)"),
        (BORN_IN_A_COMMUNE_MERGED_SINCE, "12 mai 1950", "Annecy-le-Vieux (74)"),
        ({"birthdate": "1950-01-01", "birthplace": "13055"}, "1er janvier 1950", "Marseille (13)"),
        ({"birthplace": "01033"}, "24 août 1962", "Bellegarde-sur-Valserine, aujourd'hui Valserhône (01)"),
        (
            {"birthplace": "01003"},
            "24 août 1962",
            "ancienne commune, aujourd'hui intégrée à Francheleins (01)",
        ),
    ],
)
def test_corsica_merged_communes_and_the_first_of_a_month(
    partner, citizen, fake_provider, identity, date, place
):
    fields = confirmation(partner, citizen, fake_provider, "fr", **identity)

    assert (fields["Date de naissance"], fields["Lieu de naissance"]) == (date, place)


def test_codes_the_geography_does_not_hold_are_shown_as_they_came(partner, citizen, fake_provider):
    # 00000: a well-formed commune code that names nothing; 99115: Czechoslovakia, a retired code.
    fields = confirmation(partner, citizen, fake_provider, "fr", birthplace="00000")
    assert fields["Lieu de naissance"] == "00000"

    citizen.client.cookies.clear()
    fields = confirmation(partner, citizen, fake_provider, "fr", birthplace="", birthcountry="99115")
    assert (fields["Lieu de naissance"], fields["Pays de naissance"]) == ("né(e) à l'étranger", "99115")


def test_a_person_without_usage_name_sees_no_usage_name_line(partner, citizen, fake_provider):
    fields = confirmation(partner, citizen, fake_provider, "fr", preferred_username="")

    assert "Nom d'usage" not in fields


def test_the_site_still_receives_the_codes(partner, citizen, fake_provider):
    confirmation(partner, citizen, fake_provider, "ru", **MARIE_ANGE)
    token = partner.token(query_of(citizen.confirm()["Location"])["code"]).json()

    info = jwt.decode(partner.userinfo(token["access_token"]).content, options={"verify_signature": False})
    assert (info["birthdate"], info["birthplace"], info["birthcountry"]) == ("1978-06-30", "2A004", "99100")
    assert info["preferred_username"] == "MOREAU"
