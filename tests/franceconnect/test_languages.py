"""The language a person reads: the browser's, then a partner site's ui_locales for its login, then
the switcher's remembered choice, which outranks both (franceconnect/infrastructure/languages.py)."""

import pytest
from django.conf import settings

from tests.flow_fixtures import interaction_in, shows_the_chooser

pytestmark = pytest.mark.django_db

RUSSIAN_BROWSER = {"accept-language": "ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7"}


def _lang(response) -> str:
    html = response.content.decode()
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


# --- The browser's language on a first visit ---------------------------------------------------


def test_a_first_visit_from_a_russian_browser_lands_on_the_russian_home_page(client):
    response = client.get("/", headers=RUSSIAN_BROWSER)

    assert response.status_code == 302 and response["Location"] == "/ru/"
    assert {"Accept-Language", "Cookie"} <= {value.strip() for value in response["Vary"].split(",")}
    assert _lang(client.get(response["Location"], headers=RUSSIAN_BROWSER)) == "ru"


@pytest.mark.parametrize(
    ("accept_language", "destination"),
    [
        ("de-DE,de;q=0.9,en;q=0.8", "/en/nos-services/?q=imp%C3%B4t"),  # the first language spoken here
        ("en;q=0.3,ru;q=0.8", "/ru/nos-services/?q=imp%C3%B4t"),  # by quality, not by order
    ],
)
def test_the_browser_s_preferred_spoken_language_keeps_the_page_and_its_query(
    client, accept_language, destination
):
    response = client.get("/nos-services/?q=imp%C3%B4t", headers={"accept-language": accept_language})

    assert response.status_code == 302 and response["Location"] == destination


@pytest.mark.parametrize("accept_language", ["fr-CA,ru;q=0.5", "de,es;q=0.5", None])
def test_french_and_unknown_languages_stay_on_the_french_page(client, accept_language):
    headers = {"accept-language": accept_language} if accept_language else {}

    response = client.get("/", headers=headers)

    assert response.status_code == 200 and _lang(response) == "fr"
    assert "Cookie" in response["Vary"]  # the same address answers differently with the switcher's cookie


def test_an_address_with_a_language_keeps_its_language(client):
    assert _lang(client.get("/en/contact/", headers=RUSSIAN_BROWSER)) == "en"


def test_a_posted_form_is_never_redirected(client):
    response = client.post("/contact/", {}, headers=RUSSIAN_BROWSER)

    assert response.status_code != 302


def test_the_administration_keeps_its_address(client):
    response = client.get("/admin/login/", headers=RUSSIAN_BROWSER)

    assert response.status_code == 200


def test_negotiating_runs_no_database_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/", headers=RUSSIAN_BROWSER).status_code == 302


# --- The switcher remembers a choice ------------------------------------------------------------


def test_choosing_french_with_the_switcher_sticks_in_a_russian_browser(client):
    chosen = client.get("/langue/fr/", {"next": "/contact/"}, headers=RUSSIAN_BROWSER)

    assert chosen.status_code == 302 and chosen["Location"] == "/contact/"
    cookie = chosen.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "fr" and cookie["max-age"] == 365 * 24 * 3600
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert "no-store" in chosen["Cache-Control"]
    for path in ("/contact/", "/"):
        response = client.get(path, headers=RUSSIAN_BROWSER)
        assert response.status_code == 200 and _lang(response) == "fr"


def test_a_language_chosen_with_the_switcher_outranks_the_browser_s(client):
    client.get("/langue/ru/", {"next": "/ru/"}, headers={"accept-language": "en"})

    assert client.get("/", headers={"accept-language": "en"})["Location"] == "/ru/"


@pytest.mark.parametrize(
    "destination", ["https://evil.example/", "//evil.example/", "", "javascript:alert(1)"]
)
def test_the_switcher_only_leads_to_the_portal_s_own_pages(client, destination):
    response = client.get("/langue/en/", {"next": destination})

    assert response.status_code == 302 and response["Location"] == "/en/"


def test_the_switcher_ignores_a_language_the_portal_does_not_speak(client):
    response = client.get("/langue/de/", {"next": "/"})

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"


# --- A login: the site's ui_locales, between the browser and the switcher ----------------------


def test_a_login_from_a_russian_browser_without_ui_locales_is_in_russian(partner, citizen):
    page = partner.client.get("/api/v2/authorize", partner.authorize_params(), headers=RUSSIAN_BROWSER)

    assert shows_the_chooser(page) and _lang(page) == "ru" and page["Content-Language"] == "ru"
    assert f"/ru/connexion/{interaction_in(page)}/fi/fake/" in page.content.decode()


def test_the_site_s_ui_locales_outranks_the_browser_for_its_login(partner, citizen):
    partner.client.defaults["HTTP_ACCEPT_LANGUAGE"] = RUSSIAN_BROWSER["accept-language"]

    page = partner.authorize(ui_locales="fr-FR en")
    chooser = f"/connexion/{interaction_in(page)}/"

    assert _lang(page) == "fr"
    # Its pages keep the login's language at their unprefixed addresses: they are not negotiated.
    assert _lang(partner.client.get(chooser)) == "fr"
    assert "Bienvenue" in citizen.log_in_at_provider(page).content.decode()
    # The next visit of a page that is not the login's follows the browser again.
    assert partner.client.get("/")["Location"] == "/ru/"


def test_the_switcher_s_choice_outranks_the_site_s_ui_locales(partner, citizen):
    partner.client.get("/langue/en/", {"next": "/en/"})

    page = partner.authorize(ui_locales="ru")

    assert _lang(page) == "en"


def test_a_language_chosen_on_the_chooser_follows_the_login_to_the_confirmation_screen(partner, citizen):
    page = partner.authorize(ui_locales="en")
    chooser = f"/connexion/{interaction_in(page)}/"

    switched = partner.client.get("/langue/ru/", {"next": f"/ru{chooser}"})
    confirmation = citizen.log_in_at_provider(partner.client.get(switched["Location"]))

    assert _lang(confirmation) == "ru" and "/ru/connexion/" in citizen.confirmation_path


def test_an_invalid_authorization_request_is_explained_in_the_person_s_language(client, db):
    response = client.get("/api/v2/authorize", {"client_id": "unknown"}, headers=RUSSIAN_BROWSER)

    assert response.status_code == 400 and _lang(response) == "ru"


def test_a_logout_request_is_answered_in_the_site_s_language(client, db):
    response = client.get(
        "/api/v2/session/end", {"id_token_hint": "not-a-jwt", "ui_locales": "en"}, headers=RUSSIAN_BROWSER
    )

    assert response.status_code == 400 and _lang(response) == "en"
