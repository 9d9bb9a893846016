"""Over real HTTP with the demo identity providers and the demo partner sites running.

The partner sites are Authlib clients (a library the portal does not use): a completed login
means they verified the ID token and the userinfo JWT against /api/v2/jwks — RS256 for
« Mon compte retraite », ES256 for « Caisse des familles ».
"""

import re
from urllib.parse import urljoin

import pytest
import requests

from franceconnect.federation.models import Connection
from tests.demo_partner_site.browsing import csrf_token, start_login, text

PASSWORD = "demo-password"


def _hidden_fields(page: str) -> dict[str, str]:
    import html

    return {
        name: html.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    }


class Browser:
    """A citizen's browser, with requests: cookies per host, redirects followed."""

    def __init__(self, federation):
        self.session = requests.Session()
        self.federation = federation

    def start_on(self, site: str) -> requests.Response:
        return self.session.get(start_login(self.session, self.federation.partner_sites[site].url))

    def choose(self, chooser: requests.Response, provider_name: str) -> requests.Response:
        link = re.search(rf'<a href="([^"]+)">{re.escape(provider_name)}</a>', text(chooser))
        assert link, text(chooser)[:3000]
        return self.session.get(self.federation.portal_url + link.group(1).replace("&amp;", "&"))

    def log_in_at_provider(self, login_page: requests.Response, username: str) -> requests.Response:
        assert "Connexion à votre espace" in login_page.text, login_page.text[:2000]
        return self.session.post(
            login_page.url.split("?")[0],
            data={
                **_hidden_fields(login_page.text),
                "csrfmiddlewaretoken": csrf_token(login_page.text),
                "username": username,
                "password": PASSWORD,
            },
            headers={"Referer": login_page.url},
        )

    def continue_to_site(self, confirmation: requests.Response) -> requests.Response:
        assert "Continuer sur" in text(confirmation), text(confirmation)[:3000]
        action = re.search(r'<form method="post" action="([^"]+/confirmation/)"', confirmation.text).group(1)
        shown = re.search(r'name="single_sign_on" value="([^"]+)"', confirmation.text).group(1)
        return self.session.post(
            urljoin(confirmation.url, action),  # as a browser: the form's action, not the page's address
            data={
                "csrfmiddlewaretoken": csrf_token(confirmation.text),
                "continue": "",
                "single_sign_on": shown,
            },
            headers={"Referer": confirmation.url},
        )

    def full_login(self, site: str, provider_name: str, username: str) -> requests.Response:
        chooser = self.start_on(site)
        return self.continue_to_site(self.log_in_at_provider(self.choose(chooser, provider_name), username))


def sub_on_personal_page(page: requests.Response) -> str:
    match = re.search(r"<th[^>]*>\s*sub\s*</th>\s*<td[^>]*>\s*([0-9a-f]{64}v1)\s*</td>", page.text)
    assert match, page.text[:4000]
    return match.group(1)


@pytest.mark.parametrize("site", ["retraite", "famille"])  # RS256, ES256
def test_the_whole_journey_with_the_demo_processes(federation, site):
    browser = Browser(federation)

    chooser = browser.start_on(site)
    assert chooser.url.startswith(f"{federation.portal_url}/api/v2/authorize?")  # answered in place
    assert "Connexion en cours sur" in text(chooser)
    confirmation = browser.log_in_at_provider(
        browser.choose(chooser, "impots.gouv.fr (démo)"), "angela.dubois"
    )
    assert "Bienvenue Angela Claire Louise DUBOIS" in text(confirmation)
    personal_page = browser.continue_to_site(confirmation)

    assert personal_page.url == f"{federation.partner_sites[site].url}/moi/"
    assert "Bonjour Angela Claire Louise DUBOIS" in text(personal_page)
    assert "75107" in personal_page.text and "1962-08-24" in personal_page.text
    assert Connection.objects.get().service_provider.name.startswith(("Mon compte", "Caisse"))


def test_same_sub_whichever_provider_and_different_subs_at_the_two_sites(federation):
    through_impots = Browser(federation).full_login(
        "retraite", "impots.gouv.fr (démo)", "jean-pierre.lefevre-martin"
    )
    through_ameli = Browser(federation).full_login(
        "retraite", "ameli.fr (démo)", "jean-pierre.lefevre-martin"
    )
    at_the_other_site = Browser(federation).full_login(
        "famille", "ameli.fr (démo)", "jean-pierre.lefevre-martin"
    )

    assert sub_on_personal_page(through_impots) == sub_on_personal_page(through_ameli)
    assert sub_on_personal_page(through_impots) != sub_on_personal_page(at_the_other_site)


def test_single_sign_on_across_the_two_sites(federation):
    browser = Browser(federation)
    browser.full_login("retraite", "impots.gouv.fr (démo)", "pierre.paul")

    confirmation = browser.start_on("famille")  # no chooser, no identity provider

    assert confirmation.url.startswith(f"{federation.portal_url}/api/v2/authorize?")  # answered there
    assert "Bienvenue Pierre PAUL" in text(confirmation)
    assert "Bonjour Pierre PAUL" in text(browser.continue_to_site(confirmation))


def test_logout_returns_to_the_site_and_the_next_login_goes_through_the_chooser(federation):
    browser = Browser(federation)
    site = federation.partner_sites["retraite"]
    personal_page = browser.full_login("retraite", "impots.gouv.fr (démo)", "angela.dubois")

    after_logout = browser.session.post(
        f"{site.url}/deconnexion/",
        data={"csrfmiddlewaretoken": csrf_token(personal_page.text)},
        headers={"Referer": personal_page.url},
    )

    assert after_logout.url == f"{site.url}/"
    assert "Vous êtes déconnecté" in text(after_logout)
    urls = [response.url for response in after_logout.history]
    assert any(url.startswith(f"{federation.portal_url}/api/v2/session/end?") for url in urls)
    assert any("/o/logout/" in url for url in urls)  # the identity provider's session ended too
    assert any(url.startswith(f"{site.url}/deconnexion/retour?state=") for url in urls)
    assert browser.start_on("retraite").url.startswith(f"{federation.portal_url}/api/v2/authorize?")


def test_a_person_unknown_to_the_register(federation):
    browser = Browser(federation)
    chooser = browser.start_on("retraite")

    page = browser.log_in_at_provider(browser.choose(chooser, "impots.gouv.fr (démo)"), "lucas.inconnu")

    assert page.status_code == 403 and "Identité non vérifiée" in text(page)
    assert not Connection.objects.exists()
