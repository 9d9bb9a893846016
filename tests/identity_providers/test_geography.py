"""INSEE codes to names: the birthplace and birth country behind the pivot identity's codes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from identity_providers.geography import CommuneKind, commune_by_code, country_by_code

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("code", "name", "department", "kind"),
    [
        ("75107", "Paris 7e Arrondissement", "75", CommuneKind.MUNICIPAL_ARRONDISSEMENT),
        ("69381", "Lyon 1er Arrondissement", "69", CommuneKind.MUNICIPAL_ARRONDISSEMENT),
        ("13201", "Marseille 1er Arrondissement", "13", CommuneKind.MUNICIPAL_ARRONDISSEMENT),
        ("13055", "Marseille", "13", CommuneKind.COMMUNE),
        ("2A004", "Ajaccio", "2A", CommuneKind.COMMUNE),
        ("2B033", "Bastia", "2B", CommuneKind.COMMUNE),
        ("97411", "Saint-Denis", "974", CommuneKind.COMMUNE),
        # Merged into Annecy in 2017: born there in 1950, a person keeps the code and the name.
        ("74011", "Annecy-le-Vieux", "74", CommuneKind.DELEGATED),
    ],
)
def test_communes_arrondissements_corsica_overseas_and_merged_communes(code, name, department, kind):
    commune = commune_by_code(code)

    assert (commune.code, commune.name, commune.department, commune.kind) == (code, name, department, kind)
    assert commune.current_name == ""


def test_a_merged_commune_sharing_the_code_of_the_commune_it_formed_keeps_both_names():
    commune = commune_by_code("01033")

    assert (commune.name, commune.current_name) == ("Bellegarde-sur-Valserine", "Valserhône")


def test_a_former_code_says_where_its_territory_is_today():
    commune = commune_by_code("01003")

    assert commune.kind == CommuneKind.FORMER
    assert (commune.name, commune.department, commune.current_name) == ("", "01", "Francheleins")


@pytest.mark.parametrize(
    ("code", "fr", "en", "ru"),
    [
        ("99100", "France", "France", "Франция"),
        ("99123", "Russie", "Russia", "Россия"),
        ("99109", "Allemagne", "Germany", "Германия"),
        ("99157", "Kosovo", "Kosovo", "Косово"),  # no ISO code at INSEE: matched under CLDR's XK
        # A territory filed under its country's ISO code keeps INSEE's name rather than « Spain ».
        ("99313", *["Territoires espagnols en Afrique du Nord"] * 3),
    ],
)
def test_countries_are_named_in_each_language(code, fr, en, ru):
    country = country_by_code(code)

    assert (country.name("fr"), country.name("en"), country.name("ru")) == (fr, en, ru)
    assert country.name("en-gb") == en and country.name("de") == fr and country.name(None) == fr


@pytest.mark.parametrize("code", ["99999", "00000", "75100", "2C004", "99115"])  # 99115: retired code
def test_unknown_codes_are_not_found(code):
    assert commune_by_code(code) is None and country_by_code(code) is None


@pytest.mark.parametrize(
    "value", ["", " 75107", "75107 ", "2a004", "7510", "751077", "75107\t", None, 75107, ["75107"]]
)
def test_malformed_input_is_not_found_and_raises_nothing(value):
    assert commune_by_code(value) is None and country_by_code(value) is None


def test_the_commune_table_is_not_loaded_when_the_portal_starts():
    """Loaded on the first birthplace shown, not in every process that imports the pages."""
    probe = (
        "import django; django.setup();"
        "import franceconnect.project.urls, franceconnect.federation.flow.journey, notifications.rendering;"
        "from identity_providers.geography import communes;"
        "assert communes._communes.cache_info().currsize == 0"
    )
    environment = {
        **os.environ,
        "PORTAL_ENV": "test",
        "DJANGO_SETTINGS_MODULE": "franceconnect.project.settings_test",
    }

    subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=environment, check=True, timeout=60)
