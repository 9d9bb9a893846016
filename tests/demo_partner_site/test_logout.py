"""Logging out of the demo partner site: through the portal's session end, and back home."""

import requests

from tests.demo_partner_site.browsing import csrf_token, log_in, query_of, text

SESSION_COOKIE = "sp_retraite_sessionid"


def press_logout(browser: requests.Session, site_url: str) -> requests.Response:
    personal_page = browser.get(f"{site_url}/moi/")
    data = {"csrfmiddlewaretoken": csrf_token(personal_page.text)}
    return browser.post(f"{site_url}/deconnexion/", data=data, allow_redirects=False)


def test_logout_goes_through_the_portal_and_returns_home(partner_site, portal, browser):
    log_in(browser, partner_site.url)
    logged_in_cookie = browser.cookies[SESSION_COOKIE]

    response = press_logout(browser, partner_site.url)

    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(f"{portal.issuer}/session/end?")
    query = query_of(location)
    assert query["id_token_hint"] == portal.issued[-1]["id_token"]
    assert query["post_logout_redirect_uri"] == f"{partner_site.url}/deconnexion/retour"
    assert len(query["state"]) >= 32
    assert query["ui_locales"] == "fr"

    home = browser.get(location)  # the portal sends the browser back, then the site goes home

    assert home.status_code == 200
    assert home.url == f"{partner_site.url}/"
    assert portal.logouts[-1]["state"] == query["state"]
    page = text(home)
    assert "Vous êtes déconnecté" in page
    assert "S'identifier avec FranceConnect" in page
    assert "Vous êtes déconnecté" not in text(browser.get(f"{partner_site.url}/"))  # shown once
    assert browser.get(f"{partner_site.url}/moi/", allow_redirects=False).status_code == 302
    # The session is over on the server: the cookie the browser had while logged in is worthless.
    with requests.Session() as thief:
        thief.cookies.set(SESSION_COOKIE, logged_in_cookie)
        assert thief.get(f"{partner_site.url}/moi/", allow_redirects=False).status_code == 302


def test_the_identity_is_forgotten_as_the_logout_starts(partner_site, portal, browser):
    log_in(browser, partner_site.url)

    press_logout(browser, partner_site.url)  # the portal never sends the browser back

    assert browser.get(f"{partner_site.url}/moi/", allow_redirects=False).status_code == 302


def test_a_logout_return_with_a_forged_state_gets_400(partner_site, portal, browser):
    log_in(browser, partner_site.url)
    press_logout(browser, partner_site.url)

    response = browser.get(f"{partner_site.url}/deconnexion/retour", params={"state": "forged-state"})

    assert response.status_code == 400
    assert "Retour de déconnexion inattendu" in text(response)
    assert browser.get(f"{partner_site.url}/deconnexion/retour").status_code == 400


def test_logout_without_a_login_just_goes_home(partner_site, portal, browser):
    home = browser.get(f"{partner_site.url}/")

    response = browser.post(
        f"{partner_site.url}/deconnexion/",
        data={"csrfmiddlewaretoken": csrf_token(home.text)},
        allow_redirects=False,
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert portal.logouts == []
