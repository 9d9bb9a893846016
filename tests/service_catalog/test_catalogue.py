import html
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils.text import slugify

from service_catalog.models import Category, Service, ServiceTerritory
from service_catalog.search import services_search

pytestmark = pytest.mark.django_db


def _service(
    name,
    *,
    description="Une démarche en ligne.",
    category="impots",
    keywords="",
    national=True,
    codes=(),
    pro=False,
):
    service = Service.objects.create(
        name=name,
        slug=slugify(name)[:200],
        description=description,
        organisation="Administration",
        url="https://www.service-public.fr/",
        category=Category.objects.get(slug=category),
        keywords=keywords,
        is_national=national,
        for_professionals=pro,
    )
    for code in codes:
        ServiceTerritory.objects.create(service=service, code=code)
    return service


@pytest.fixture
def catalogue():
    return {
        "impots": _service("Payer ses impôts en ligne", keywords="prélèvement"),
        "allocation": _service("Demander une allocation logement", category="logement"),
        "carte_name": _service("Commander une carte Vitale", category="sante"),
        "carte_desc": _service(
            "Signaler un changement", description="Mettre à jour sa carte d'électeur.", category="citoyennete"
        ),
        "lyon": _service(
            "Aide au transport scolaire du Rhône", category="transport", national=False, codes=["D69"]
        ),
        "region": _service(
            "Pass région Auvergne-Rhône-Alpes", category="transport", national=False, codes=["R84"]
        ),
        "paris": _service("Carte Navigo Paris", category="transport", national=False, codes=["D75"]),
        "pro": _service("Déclarer la TVA de son entreprise", category="entreprise", pro=True),
    }


@pytest.mark.parametrize("full_text", [True, False], ids=["postgresql-full-text", "fallback"])
class TestSearch:
    def test_without_accent_finds_with_accent(self, catalogue, full_text):
        assert catalogue["impots"] in services_search(Service.objects.all(), "impot", full_text=full_text)

    def test_plural_finds_singular(self, catalogue, full_text):
        assert catalogue["allocation"] in services_search(
            Service.objects.all(), "allocations", full_text=full_text
        )

    def test_a_name_match_ranks_above_a_description_match(self, catalogue, full_text):
        found = list(services_search(Service.objects.all(), "carte", full_text=full_text))

        assert found.index(catalogue["carte_name"]) < found.index(catalogue["carte_desc"])


def test_the_page_finds_and_counts(client, catalogue):
    response = client.get("/nos-services/", {"q": "impot"})

    assert response.status_code == 200
    assert "1 service trouvé" in response.content.decode()
    assert "Payer ses impôts en ligne" in response.content.decode()


def test_every_filter_is_respected(client, catalogue):
    def names(**params):
        return {
            service["name"] for service in client.get("/api/catalogue/v1/services", params).json()["results"]
        }

    assert names(category="transport") == {
        "Aide au transport scolaire du Rhône",
        "Pass région Auvergne-Rhône-Alpes",
        "Carte Navigo Paris",
    }
    assert names(audience="professionnels") == {"Déclarer la TVA de son entreprise"}
    in_lyon = names(territory="D69")
    assert {
        "Aide au transport scolaire du Rhône",
        "Pass région Auvergne-Rhône-Alpes",
        "Payer ses impôts en ligne",
    } <= in_lyon
    assert "Carte Navigo Paris" not in in_lyon
    assert names(territory="D69", category="transport", q="aide") == {"Aide au transport scolaire du Rhône"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"category": "nope"}, "category"),
        ({"audience": "aliens"}, "audience"),
        ({"territory": "D999"}, "territory"),
        ({"page": "zero"}, "page"),
        ({"page": "0"}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_a_bad_filter_or_page_gets_a_clear_answer(client, catalogue, params, field):
    api = client.get("/api/catalogue/v1/services", params)
    page = client.get("/nos-services/", params)

    assert api.status_code == 400 and field in api.json()["errors"]
    assert (
        page.status_code == 400 and "fr-input-group--error" in page.content.decode()
    ) or "alert" in page.content.decode()


def test_a_page_past_the_end_is_a_clear_404(client, catalogue):
    assert client.get("/api/catalogue/v1/services", {"page": 99}).status_code == 404
    response = client.get("/nos-services/", {"page": 99})
    assert (
        response.status_code == 404
        and "Cette page de résultats n'existe pas" in response.content.decode().replace("&#x27;", "'")
    )


@pytest.mark.parametrize("page_size", [2, 8])
def test_list_and_api_run_a_bounded_number_of_queries_whatever_the_page_size(
    client, catalogue, page_size, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        assert (
            client.get("/api/catalogue/v1/services", {"page_size": page_size, "territory": "D69"}).status_code
            == 200
        )
    with django_assert_max_num_queries(5):
        assert client.get("/nos-services/", {"page_size": page_size, "q": "carte"}).status_code == 200


def test_the_detail_page_leads_to_the_service(client, catalogue):
    response = client.get(f"/nos-services/{catalogue['impots'].slug}/")

    assert 'href="https://www.service-public.fr/"' in response.content.decode()
    assert "Accéder au service" in response.content.decode()
    assert client.get("/nos-services/nothing-here/").status_code == 404


def test_the_interface_speaks_english_and_russian_while_services_stay_in_french(client, catalogue):
    english = client.get("/en/nos-services/").content.decode()
    russian = client.get("/ru/nos-services/").content.decode()

    assert "Services available with FranceConnect" in english and "Payer ses impôts en ligne" in english
    assert "Payer ses impôts en ligne" in russian and 'lang="fr"' in russian


@pytest.mark.parametrize(
    ("prefix", "category", "audience", "region", "department"),
    [
        ("", "Logement", "Professionnels", "Bretagne (région)", "75 — Paris"),
        ("/en", "Housing", "Professionals", "Brittany (region)", "75 — Paris"),
        ("/ru", "Жильё", "Предпринимателям и организациям", "Бретань (регион)", "75 — Париж"),
    ],
)
def test_categories_audiences_and_territories_are_named_in_the_page_s_language(
    client, catalogue, prefix, category, audience, region, department
):
    page = html.unescape(client.get(f"{prefix}/nos-services/").content.decode())

    for option in (category, audience, region, department):
        assert f">{option}</option>" in page
    assert f"{category} — <span" in page  # on the results, beside the organisation's name in French


def test_a_renamed_category_keeps_its_french_name_and_its_translations(client, catalogue):
    Category.objects.filter(slug="logement").update(name="Logement et hébergement")

    assert ">Logement et hébergement</option>" in client.get("/nos-services/").content.decode()
    assert ">Housing</option>" in client.get("/en/nos-services/").content.decode()


def test_the_detail_page_names_its_territories(client, catalogue):
    russian = html.unescape(client.get(f"/ru/nos-services/{catalogue['lyon'].slug}/").content.decode())

    assert "69 — Рона" in russian and "Транспорт и водительские права" in russian


def test_the_api_documents_itself_and_its_answers_follow_the_document(client, catalogue):
    import jsonschema
    from openapi_spec_validator import validate

    document = client.get("/api/catalogue/v1/openapi.json").json()
    validate(document)
    schemas = document["components"]["schemas"]

    def check(answer, schema_name):
        jsonschema.validate(
            answer,
            {**schemas[schema_name], "components": {"schemas": schemas}},
            cls=jsonschema.Draft202012Validator,
        )

    page = client.get("/api/catalogue/v1/services", {"page_size": 3}).json()
    check(page, "ServicePage")
    assert page["count"] == 8 and page["pages"] == 3 and page["next"].endswith("page=2")
    check(client.get(f"/api/catalogue/v1/services/{catalogue['lyon'].slug}").json(), "Service")
    check(client.get("/api/catalogue/v1/services/nope").json(), "Errors")
    assert len(client.get("/api/catalogue/v1/categories").json()["results"]) == 13


def test_cors_is_open_for_reading_the_api_only(client, catalogue):
    api = client.get("/api/catalogue/v1/services", headers={"origin": "https://autre-site.gouv.fr"})
    partner_api = client.get("/api/v2/jwks", headers={"origin": "https://autre-site.gouv.fr"})

    assert api["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in partner_api
    assert client.post("/api/catalogue/v1/services").status_code == 405


CSV_HEADER = "name,description,organisation,url,category,audience,territory,eidas_level,keywords\n"


def test_a_csv_import_with_one_bad_row_writes_nothing_and_names_the_row(tmp_path):
    path = Path(tmp_path) / "services.csv"
    path.write_text(
        CSV_HEADER
        + '"Bon service","Une démarche.","Org","https://example.gouv.fr/","impots","particuliers","national","eidas1","mot"\n'
        + '"Mauvais service","Une démarche.","Org","pas une url","impots","particuliers","D999","eidas1",""\n',
        encoding="utf-8",
    )

    with pytest.raises(CommandError) as raised:
        call_command("catalogue_import", str(path))

    assert "row 2" in str(raised.value)
    assert not Service.objects.exists()


def test_a_valid_csv_import_creates_and_then_updates(tmp_path):
    path = Path(tmp_path) / "services.csv"
    row = '"Payer ses amendes","Régler une amende.","ANTAI","https://www.amendes.gouv.fr/","justice","particuliers,professionnels","R11,D75","eidas1","amende"\n'
    path.write_text(CSV_HEADER + row, encoding="utf-8")

    call_command("catalogue_import", str(path), stdout=StringIO())
    call_command("catalogue_import", str(path), stdout=StringIO())

    service = Service.objects.get()
    assert service.for_professionals and not service.is_national
    assert sorted(service.territory_codes) == ["D75", "R11"]
    assert services_search(Service.objects.all(), "amendes").get() == service


def test_the_admin_import_shows_row_errors_before_writing_anything(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = (
        CSV_HEADER
        + '"Bon service","Une démarche.","Org","https://example.gouv.fr/","impots","particuliers","national","eidas1",""\n'
        + '"Service","Une démarche.","Org","https://example.gouv.fr/","nope","particuliers","national","eidas1",""\n'
    )
    response = admin_client.post(
        "/admin/service_catalog/service/import/",
        {
            "format": "0",
            "import_file": SimpleUploadedFile("services.csv", content.encode(), content_type="text/csv"),
            "resource": "0",
        },
    )

    text = " ".join(re.sub(r"<[^>]+>", " ", html.unescape(response.content.decode())).split())
    assert response.status_code == 200
    assert "Numéro de ligne: 2" in text  # the bad row is named…
    assert 'name="import_file_name"' not in response.content.decode()  # …no confirmation is offered…
    assert not Service.objects.exists()  # …and nothing was written, not even the good row


def test_the_admin_exports_csv(admin_client, catalogue):
    response = admin_client.post(
        "/admin/service_catalog/service/export/",
        {"format": "0", "resource": "0", "export_items": [], "serviceresource_name": True},
    )

    assert response.status_code in (200, 302)


def test_the_generator_makes_a_large_searchable_catalogue():
    call_command("catalogue_generate", "--count", "300", stdout=StringIO())

    assert Service.objects.count() == 300
    assert services_search(Service.objects.all(), "permis").exists()
    call_command("catalogue_generate", "--delete", stdout=StringIO())
    assert not Service.objects.exists()


def test_openapi_lists_every_territory_code(client):
    codes = json.dumps(client.get("/api/catalogue/v1/openapi.json").json())
    assert '"D2A"' in codes and '"R84"' in codes


def test_the_bundled_real_procedures_import_cleanly_and_cover_every_category():
    from django.conf import settings

    count = call_command_count(settings.BASE_DIR / "service_catalog" / "data" / "procedures.csv")

    assert count >= 100
    assert set(Service.objects.values_list("category__slug", flat=True).distinct()) == set(
        Category.objects.values_list("slug", flat=True)
    )
    assert services_search(Service.objects.all(), "impot revenu").exists()
    assert Service.objects.filter(is_national=False).count() >= 5


def call_command_count(path) -> int:
    out = StringIO()
    call_command("catalogue_import", str(path), stdout=out)
    return int(out.getvalue().split()[0])


def test_the_cached_filter_fields_show_each_requests_choice_and_errors(client, catalogue):
    def selected(params) -> tuple[list[str], bool]:
        page = client.get("/nos-services/", params).content.decode()
        territory = page[
            page.index('name="territory"') : page.index("</select>", page.index('name="territory"'))
        ]
        return re.findall(
            r'<option value="([^"]*)"[^>]*selected', territory
        ), "fr-select-group--error" in page

    assert selected({"territory": "D69"}) == (["D69"], False)
    assert selected({"territory": "R84"}) == (["R84"], False)
    assert selected({"territory": "D999"})[1] is True  # an unknown code: the field says so
    assert selected({"territory": "D69"}) == (["D69"], False)  # and the next visitor sees no error
    assert "D69" not in selected({})[0]


def test_a_wrong_method_and_an_outage_are_documented_and_answered_in_that_shape(client):
    import jsonschema
    from openapi_spec_validator import validate

    document = client.get("/api/catalogue/v1/openapi.json").json()
    validate(document)
    answer = client.post("/api/catalogue/v1/services")

    for operation in document["paths"].values():
        assert {"405", "503"} <= set(operation["get"]["responses"])
    assert answer.status_code == 405 and answer["Content-Type"] == "application/json"
    jsonschema.validate(answer.json(), document["components"]["schemas"]["Errors"])


def _results_heading(content: str) -> str:
    start = content.index('id="results"')
    return content[content.rindex("<", 0, start) : content.index("</h2>", start)]


def test_after_a_search_the_count_takes_the_focus_to_be_read_and_seen(client, catalogue):
    searched = client.get("/nos-services/", {"q": "carte"}).content.decode()
    browsed = client.get("/nos-services/").content.decode()

    heading = _results_heading(searched)
    assert 'tabindex="-1" autofocus data-focus-on-load' in heading and "3 services trouvés" in heading
    assert "/static/portal/focus-on-load.js" in searched  # where autofocus is honoured on fields only
    assert "autofocus" not in _results_heading(browsed)  # a first visit starts at the top


def test_no_result_says_so_and_helps_in_french(client, catalogue):
    response = client.get("/nos-services/", {"q": "xylophone", "category": "sante", "territory": "D69"})

    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    heading = _results_heading(content)
    assert "Aucun service ne correspond à votre recherche" in heading and "autofocus" in heading
    help_text = content[content.index('id="no-results-help"') :]
    assert "vérifier l'orthographe des mots recherchés" in help_text
    assert "moins nombreux ou plus généraux" in help_text
    assert '<a href="?q=xylophone">chercher les mêmes mots sans les filtres</a>' in help_text
    assert '<a href="/contact/">signalez-le-nous avec le formulaire de contact</a>' in help_text
    assert "mots en français" not in help_text  # said only to people reading another language


def test_no_result_in_english_suggests_french_words(client, catalogue):
    content = html.unescape(client.get("/en/nos-services/", {"q": "taxes"}).content.decode())

    assert "No services match your search" in content
    assert "search in French" in content
    assert 'href="/en/contact/"' in content


def test_filters_without_words_offer_every_service(client, catalogue):
    content = html.unescape(
        client.get(
            "/nos-services/", {"category": "sante", "territory": "D69", "audience": "professionnels"}
        ).content.decode()
    )

    assert '<a href="/nos-services/">retirer les filtres et voir tous les services</a>' in content


def _region_options(content: str, suffix: str) -> list[str]:
    select = content[
        content.index('name="territory"') : content.index("</select>", content.index('name="territory"'))
    ]
    return [html.unescape(label) for label in re.findall(rf">([^<]*) \({suffix}\)</option>", select)]


@pytest.mark.parametrize(
    ("prefix", "suffix", "around_ile_de_france", "first", "last"),
    [
        (
            "",
            "région",
            ("Hauts-de-France", "La Réunion"),
            "Auvergne-Rhône-Alpes",
            "Provence-Alpes-Côte d'Azur",
        ),
        ("/en", "region", ("Hauts-de-France", "Martinique"), "Auvergne-Rhône-Alpes", "Réunion"),
        ("/ru", "регион", ("Земли Луары", "Корсика"), "Бретань", "Центр — Долина Луары"),
    ],
)
def test_regions_are_in_alphabetical_order_ile_de_france_among_the_is(
    client, prefix, suffix, around_ile_de_france, first, last
):
    regions = _region_options(client.get(f"{prefix}/nos-services/").content.decode(), suffix)

    assert len(regions) == 18
    position = regions.index({"": "Île-de-France", "/en": "Île-de-France", "/ru": "Иль-де-Франс"}[prefix])
    assert (regions[position - 1], regions[position + 1]) == around_ile_de_france
    assert regions[0] == first and regions[-1] == last


@pytest.mark.parametrize(
    ("language", "names", "expected"),
    [
        (
            "fr",
            ["Zèbre", "Île-de-France", "île", "Étretat", "Ecole", "Hauts"],
            ["Ecole", "Étretat", "Hauts", "île", "Île-de-France", "Zèbre"],
        ),
        (
            "en",
            ["Zebra", "Île-de-France", "Éclair", "Iowa", "Eagle"],
            ["Eagle", "Éclair", "Île-de-France", "Iowa", "Zebra"],
        ),
        # Russian: yo sorted with ye, short i after i, and Cyrillic before Latin.
        (
            "ru",
            ["Paris", "Жуковский", "Ёлкино", "Иль-де-Франс", "Йошкар-Ола", "Елец"],
            ["Елец", "Ёлкино", "Жуковский", "Иль-де-Франс", "Йошкар-Ола", "Paris"],
        ),
    ],
)
def test_the_collation_is_each_languages_own(language, names, expected):
    from franceconnect.infrastructure.collation import sorted_by_name

    assert sorted_by_name(names, str, language) == expected
