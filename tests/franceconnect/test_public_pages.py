"""The pages a French public service publishes: in three languages, linked from every page's
footer, stating the retention settings in force, and a site map that forgets no public page."""

import re
from html import unescape as html_unescape

import pytest
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

from franceconnect.public_pages.durations import days_text, seconds_text
from franceconnect.public_pages.site_map import NAMESPACES_NOT_IN_SITE_MAP, NOT_IN_SITE_MAP, SITE_MAP

pytestmark = pytest.mark.django_db

PAGES = {  # address in French, then its title in fr, en, ru
    "/accessibilite/": ("Déclaration d'accessibilité", "Accessibility statement", "Заявление о доступности"),
    "/mentions-legales/": ("Mentions légales", "Legal notice", "Правовая информация"),
    "/donnees-personnelles/": ("Données personnelles", "Personal data", "Персональные данные"),
    "/plan-du-site/": ("Plan du site", "Site map", "Карта сайта"),
}
LANGUAGES = {"fr": "", "en": "/en", "ru": "/ru"}


def _h1(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_page_is_published_in_each_language(client, path, language):
    response = client.get(LANGUAGES[language] + path)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert html_unescape(_h1(html)) == PAGES[path][list(LANGUAGES).index(language)]


def _footer_links(html: str) -> dict[str, str]:
    footer = html[html.index('<ul class="fr-footer__bottom-list">') :]
    return {
        text.strip(): href
        for href, text in re.findall(r'class="fr-footer__bottom-link" href="([^"]+)">([^<]+)</a>', footer)
    }


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        (
            "",
            {
                "Plan du site": "/plan-du-site/",
                "Accessibilité\u00a0: non conforme": "/accessibilite/",
                "Mentions légales": "/mentions-legales/",
                "Données personnelles": "/donnees-personnelles/",
            },
        ),
        (
            "/en",
            {
                "Site map": "/en/plan-du-site/",
                "Accessibility: not compliant": "/en/accessibilite/",
                "Legal notice": "/en/mentions-legales/",
                "Personal data": "/en/donnees-personnelles/",
            },
        ),
        (
            "/ru",
            {
                "Карта сайта": "/ru/plan-du-site/",
                "Доступность: не соответствует": "/ru/accessibilite/",
                "Правовая информация": "/ru/mentions-legales/",
                "Персональные данные": "/ru/donnees-personnelles/",
            },
        ),
    ],
)
def test_every_kind_of_page_links_the_four_pages_from_its_footer(client, partner, prefix, expected):
    pages = {
        "home": client.get(f"{prefix}/"),
        "catalogue": client.get(f"{prefix}/nos-services/"),
        "contact form": client.get(f"{prefix}/contact/"),
        "error page": client.get(f"{prefix}/nulle-part/"),
        "site map": client.get(f"{prefix}/plan-du-site/"),
        "chooser": partner.authorize(ui_locales=prefix.strip("/") or "fr"),
    }
    for name, response in pages.items():
        assert _footer_links(response.content.decode()) == expected, name


def test_the_personal_data_page_states_the_retention_settings_in_force(client):
    html = client.get("/donnees-personnelles/").content.decode()
    assert "1\u00a0095\u00a0jours (environ 36\u00a0mois) après votre dernière connexion" in html
    assert "90\u00a0jours (environ 3\u00a0mois)" in html

    with override_settings(
        CITIZEN_ACCOUNT_RETENTION_DAYS=730,
        CONNECTION_RECORD_RETENTION_DAYS=400,
        NOTIFICATION_RETENTION_DAYS=30,
        SUPPORT_TICKET_RETENTION_DAYS=200,
        REFUSED_LOGIN_RETENTION_DAYS=100,
        SSO_LIFETIME_SECONDS=1200,
        PARTNER_UNVERIFIED_ACCOUNT_DAYS=3,
        PARTNER_ACCOUNT_INACTIVE_DAYS=500,
        PARTNER_INVITATION_RETENTION_DAYS=20,
    ):
        html = client.get("/donnees-personnelles/").content.decode()

    assert "730\u00a0jours (environ 24\u00a0mois) après votre dernière connexion" in html
    assert "<td>400\u00a0jours (environ 13\u00a0mois)</td>" in html
    assert "<td>30\u00a0jours</td>" in html
    assert "<td>100\u00a0jours" in html  # refused logins
    # Partner people and invitations (the msgids are translated once the catalogue is compiled).
    assert "3\u00a0jours" in html and "500\u00a0jours" in html and "20\u00a0jours" in html
    assert "1\u00a0095" not in html and "90\u00a0jours" not in html
    assert "20\u00a0minutes au plus" in html
    assert (
        "une fois la réponse apportée, 200\u00a0jours (environ 7\u00a0mois) après leur dernière modification"
        in html
    )


def test_the_legal_notice_names_the_configured_operator(client):
    html = client.get("/en/mentions-legales/").content.decode()
    assert "This site is a demonstration of FranceConnect" in html

    with override_settings(
        SITE_OPERATOR_NAME="Agence de démonstration",
        SITE_OPERATOR_ADDRESS="1 rue de l'Exemple\n75007 Paris",
        SITE_PUBLICATION_DIRECTOR="Camille Martin",
        SITE_HOSTING_PROVIDER="Hébergeur Exemple, 2 rue du Serveur, 59000 Lille",
    ):
        html = client.get("/en/mentions-legales/").content.decode()
        data = client.get("/en/donnees-personnelles/").content.decode()

    assert "FranceConnect is published by Agence de démonstration." in html
    assert "1 rue de l&#x27;Exemple<br>75007 Paris" in html
    assert "Camille Martin" in html and "Hébergeur Exemple, 2 rue du Serveur, 59000 Lille" in html
    assert "This site is a demonstration" not in html
    assert "The data controller is Agence de démonstration" in data


def test_the_accessibility_statement_says_what_was_tested_and_where_to_turn(client):
    html = client.get("/accessibilite/").content.decode()

    assert "<strong>non conforme</strong>" in html and "RGAA), version 4.1.2" in html
    for name in ("home", "catalogue_list", "support_contact", "legal_notice", "personal_data", "site_map"):
        assert f'<a href="{reverse(name)}">' in html
    assert "axe-core" in html and "clavier" in html
    assert 'href="/contact/"' in html
    assert "Défenseur des droits" in html and "https://formulaire.defenseurdesdroits.fr/" in html
    assert "expire au bout de 30\u00a0minutes" in html  # INTERACTION_LIFETIME_SECONDS


def _page_url_names(patterns, prefix=""):
    """The named pages of the language-prefixed URL configuration that take no parameter."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in NAMESPACES_NOT_IN_SITE_MAP:
                continue
            yield from _page_url_names(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and not entry.pattern.converters:
            assert entry.name, f"the page /{prefix}{entry.pattern} has no URL name"
            yield entry.name


def test_the_site_map_lists_every_public_page_of_the_url_configuration(client):
    localized = next(
        entry
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and isinstance(entry.pattern, LocalePrefixPattern)
    )
    in_urlconf = set(_page_url_names(localized.url_patterns))
    listed = [page.url_name for section in SITE_MAP for page in section.pages]

    assert len(listed) == len(set(listed))
    assert in_urlconf - set(NOT_IN_SITE_MAP) == set(listed), "add the new page to site_map.SITE_MAP"
    assert set(NOT_IN_SITE_MAP) <= in_urlconf  # nothing excluded that no longer exists

    html = client.get("/ru/plan-du-site/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    for name in listed:
        with translation.override("ru"):
            assert f'href="{reverse(name)}"' in main


def test_the_pages_run_no_database_query(client, django_assert_num_queries):
    client.get("/")  # the information banners are read once per process, then from memory
    with django_assert_num_queries(0):
        for path in PAGES:
            client.get(path)


@pytest.mark.parametrize(
    ("days", "french"),
    [
        (1, "1\u00a0jour"),
        (59, "59\u00a0jours"),
        (60, "60\u00a0jours (environ 2\u00a0mois)"),
        (31, "31\u00a0jours"),
    ],
)
def test_periods_in_days_read_as_a_person_says_them(days, french):
    with translation.override("fr"):
        assert days_text(days) == french


def test_periods_in_seconds_use_minutes_when_whole():
    with translation.override("en"):
        assert [seconds_text(s) for s in (1, 30, 60, 90, 1800)] == [
            "1 second",
            "30 seconds",
            "1 minute",
            "90 seconds",
            "30 minutes",
        ]
    with translation.override("ru"):
        assert [seconds_text(s) for s in (60, 120, 300)] == ["1 минута", "2 минуты", "5 минут"]
