import re
from html import unescape
from urllib.parse import parse_qs

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

EXPECTED = {
    "/": ("fr", "Comment se passe une connexion\u00a0?", "immatriculation permanente à la sécurité sociale"),
    "/en/": ("en", "How logging in works", "permanent French social security registration"),
    "/ru/": ("ru", "Как выполняется вход", "постоянным номером во французской системе"),
}


@pytest.mark.parametrize("path", EXPECTED)
def test_home_page_explains_the_portal_in_each_language(client, path):
    language, how_heading, who_text = EXPECTED[path]

    response = client.get(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert how_heading in html
    assert who_text in html
    assert 'class="fr-header"' in html and 'id="footer"' in html
    assert 'class="fr-skiplinks"' in html


@pytest.mark.parametrize(
    ("path", "greeting", "button", "skip_links"),
    [
        (
            "/",
            "«\u00a0Bienvenue…\u00a0»",
            "«\u00a0Continuer sur …\u00a0»",
            ["Contenu", "Menu", "Pied de page"],
        ),
        (
            "/en/",
            "“Welcome …”",
            "“Continue to …”",
            ["Skip to main content", "Skip to main menu", "Skip to footer"],
        ),
        (
            "/ru/",
            "«Добро пожаловать, …»",
            "«Продолжить на сайте …»",
            ["Перейти к основному содержанию", "Перейти к меню", "Перейти к подвалу сайта"],
        ),
    ],
)
def test_the_home_page_quotes_the_screens_in_their_own_words(client, path, greeting, button, skip_links):
    from django.utils import translation

    html = client.get(path).content.decode()

    assert greeting in html and button in html
    # The very translations of the confirmation screen's heading and button.
    with translation.override(path.strip("/") or "fr"):
        assert translation.gettext("Welcome") in greeting
        assert translation.gettext("Continue to %(site)s") % {"site": "…"} in button
    if path != "/":
        assert "Bienvenue" not in html
    assert re.findall(r'<a class="fr-link" href="#[\w-]+">([^<]+)</a>', html) == skip_links


def _language_links(html: str) -> dict:
    """Each switcher link's destination (it goes through /langue/<code>/, which remembers the choice)."""
    links = {}
    for match in re.finditer(
        r'hreflang="(?P<code>\w+)"\s+lang="\w+"\s+href="(?P<href>[^"]*)"\s*(?P<current>aria-current="true")?',
        html,
    ):
        switcher, _, query = unescape(match["href"]).partition("?")
        assert switcher == f"/langue/{match['code']}/"
        links[match["code"]] = (parse_qs(query)["next"][0], bool(match["current"]))
    return links


def test_language_switcher_links_to_the_same_page_in_every_language(client):
    html = client.get("/en/").content.decode()

    assert _language_links(html) == {"fr": ("/", False), "en": ("/en/", True), "ru": ("/ru/", False)}


def test_language_switcher_keeps_the_query_string_of_each_request(client):
    first = _language_links(client.get("/ru/nos-services/", {"q": "impot"}).content.decode())
    second = _language_links(client.get("/ru/nos-services/", {"q": "retraite"}).content.decode())

    assert first["fr"] == ("/nos-services/?q=impot", False) and first["ru"] == (
        "/ru/nos-services/?q=impot",
        True,
    )
    assert second["en"] == ("/en/nos-services/?q=retraite", False)


def test_pages_carry_the_security_headers(client):
    response = client.get("/")

    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_page_rendering_runs_no_database_query(client, django_assert_num_queries):
    client.get("/en/")  # the information banners are read once per process, then from memory
    with django_assert_num_queries(0):
        client.get("/en/")


@pytest.mark.parametrize(
    ("path", "language", "title"),
    [("/nulle-part", "fr", "Page non trouvée"), ("/ru/nowhere", "ru", "Страница не найдена")],
)
def test_unknown_page_gets_a_readable_error_page(client, path, language, title):
    response = client.get(path)

    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert f"<h1>{title}</h1>" in html


def test_unsupported_method_on_the_home_page_is_refused(client):
    assert client.post("/").status_code == 405


@override_settings(DEBUG=False)
def test_server_error_page_is_the_portal_page(rf):
    from franceconnect.infrastructure.pages import server_error

    request = rf.get("/")
    response = server_error(request)

    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()


def test_admin_is_in_french_with_the_portal_header(admin_client):
    html = admin_client.get("/admin/").content.decode()

    assert "Administration de FranceConnect" in html
    assert "Fournisseurs de service" in html
    assert "Utilisateurs" in html


def test_admin_login_page_is_in_french(client):
    html = client.get("/admin/login/").content.decode()

    assert '<html lang="fr"' in html
    assert "Mot de passe" in html
