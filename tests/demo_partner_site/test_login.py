"""Logging in on the demo partner site through a fake portal, and every refusal on the way."""

import time

import pytest
import requests
from joserfc.jws import extract_compact

from tests.demo_partner_site.browsing import csrf_token, log_in, query_of, start_login, text
from tests.demo_partner_site.fake_portal import SigningKey


def test_home_shows_the_franceconnect_button(partner_site, portal, browser):
    response = browser.get(f"{partner_site.url}/")

    assert response.status_code == 200
    page = text(response)
    assert '<html lang="fr">' in page
    assert "Mon compte retraite (démo)" in page
    assert '<button class="fc-button" type="submit">S\'identifier avec FranceConnect</button>' in page
    assert f'href="{portal.url}/"' in page
    assert "Qu'est-ce que FranceConnect ?" in page
    assert "sp_retraite_csrftoken" in browser.cookies


@pytest.mark.parametrize("alg", ["RS256", "ES256"])
def test_login_shows_the_personal_page(partner_site, portal, browser, alg):
    portal.alg = alg

    response = log_in(browser, partner_site.url)

    assert response.status_code == 200
    assert response.url == f"{partner_site.url}/moi/"
    page = text(response)
    assert "Bonjour Angela Claire Louise DUBOIS" in page
    assert portal.sub in page
    assert "Angela, Claire, Louise" in page  # given_name_array
    assert "1962-08-24" in page
    assert "eidas1" in page  # the ID token's acr
    assert extract_compact(portal.issued[-1]["id_token"].encode()).protected["alg"] == alg
    assert "sp_retraite_sessionid" in browser.cookies


def test_authorization_request_follows_the_contract(partner_site, portal, browser):
    log_in(browser, partner_site.url)

    query = portal.authorizations[-1]
    assert query["response_type"] == "code"
    assert query["client_id"] == portal.client_id
    assert query["redirect_uri"] == f"{partner_site.url}/oidc/callback/"
    assert query["scope"].split() == [
        "openid",
        "given_name",
        "family_name",
        "birthdate",
        "gender",
        "birthplace",
        "birthcountry",
        "email",
        "preferred_username",
    ]
    assert query["acr_values"] == "eidas1"
    assert query["ui_locales"] == "fr"  # the language of the site's own pages
    assert len(query["state"]) >= 32
    assert len(query["nonce"]) >= 32
    assert query["code_challenge_method"] == "S256"
    token_request = portal.token_requests[-1]
    assert token_request["client_secret"] == portal.client_secret  # client_secret_post
    assert token_request["authorization_header"] == ""


def test_access_denied_shows_a_readable_page(partner_site, portal, browser):
    state = query_of(start_login(browser, partner_site.url))["state"]
    callback = f"{partner_site.url}/oidc/callback/"
    params = {"error": "access_denied", "error_description": "L'usager a annulé la connexion", "state": state}

    response = browser.get(callback, params=params)

    assert response.status_code == 200
    page = text(response)
    assert "Connexion interrompue" in page
    assert "access_denied" in page
    assert "L'usager a annulé la connexion" in page
    assert 'href="/"' in page
    # The answer used up the state: it cannot be played again.
    assert browser.get(callback, params=params).status_code == 400


@pytest.mark.parametrize("params", [{"code": "forged", "state": "forged-state"}, {"code": "forged"}])
def test_forged_or_missing_state_gets_400(partner_site, portal, browser, params):
    start_login(browser, partner_site.url)

    response = browser.get(f"{partner_site.url}/oidc/callback/", params=params)

    assert response.status_code == 400
    assert "Réponse inattendue" in text(response)
    assert portal.token_requests == []


def test_an_answer_from_another_issuer_gets_400(partner_site, portal, browser):
    state = query_of(start_login(browser, partner_site.url))["state"]
    params = {"code": "from-elsewhere", "state": state, "iss": "http://127.0.0.1:1/api/v2"}

    response = browser.get(f"{partner_site.url}/oidc/callback/", params=params)

    assert response.status_code == 400
    assert "Réponse d'un autre émetteur" in text(response)
    assert portal.token_requests == []


def test_a_callback_cannot_be_replayed(partner_site, portal, browser):
    log_in(browser, partner_site.url)
    params = {"code": portal.issued[-1]["code"], "state": portal.authorizations[-1]["state"]}

    response = browser.get(f"{partner_site.url}/oidc/callback/", params=params)

    assert response.status_code == 400


def test_a_refusal_at_the_token_endpoint_shows_a_readable_page(partner_site, portal, browser):
    portal.accepted_secret = "a-new-secret"  # the site was registered again, client.json is stale

    response = log_in(browser, partner_site.url)

    assert response.status_code == 502
    page = text(response)
    assert "Connexion refusée par le portail" in page
    assert "invalid_client" in page


@pytest.mark.parametrize(
    "override",
    [
        {"nonce": "n" * 43},
        {"aud": "another-partner-site"},
        {"iss": "http://127.0.0.1:1/api/v2"},
        {"exp": int(time.time()) - 3600},
    ],
    ids=["nonce", "aud", "iss", "exp"],
)
def test_an_id_token_that_fails_a_check_is_refused(partner_site, portal, browser, override):
    portal.id_token_overrides = override

    response = log_in(browser, partner_site.url)

    assert response.status_code == 502
    assert "Jeton d'identité refusé" in text(response)
    assert browser.get(f"{partner_site.url}/moi/", allow_redirects=False).status_code == 302


def test_userinfo_about_someone_else_is_refused(partner_site, portal, browser):
    portal.userinfo_overrides = {"sub": "someone-else"}

    response = log_in(browser, partner_site.url)

    assert response.status_code == 502
    page = text(response)
    assert "Informations d'identité refusées" in page
    assert "userinfo_invalid" in page
    assert browser.get(f"{partner_site.url}/moi/", allow_redirects=False).headers["Location"] == "/"


@pytest.mark.parametrize(
    ("content_type", "override", "code"),
    [
        ("application/json", {}, "userinfo_not_signed"),
        ("application/jwt", {"aud": "another-partner-site"}, "userinfo_invalid"),
        ("application/jwt", {"iss": "http://127.0.0.1:1/api/v2"}, "userinfo_invalid"),
        ("application/jwt", {"exp": int(time.time()) - 3600}, "userinfo_invalid"),
    ],
    ids=["unsigned", "aud", "iss", "exp"],
)
def test_userinfo_that_fails_a_check_is_refused(partner_site, portal, browser, content_type, override, code):
    portal.userinfo_content_type = content_type
    portal.userinfo_overrides = override

    response = log_in(browser, partner_site.url)

    assert response.status_code == 502
    assert code in text(response)


def test_userinfo_signed_with_an_unpublished_key_is_refused(partner_site, portal, browser):
    portal.userinfo_key = SigningKey("ES256")

    response = log_in(browser, partner_site.url)

    assert response.status_code == 502
    assert "userinfo_unknown_key" in text(response)


@pytest.mark.parametrize("alg", ["RS256", "ES256"])
def test_new_portal_keys_are_fetched(partner_site, portal, browser, alg):
    with requests.Session() as first_browser:
        log_in(first_browser, partner_site.url)  # now the site has the JWKS in its cache
    portal.rotate_keys()
    portal.alg = alg

    response = log_in(browser, partner_site.url)

    assert response.status_code == 200
    assert "Bonjour Angela Claire Louise DUBOIS" in text(response)


def test_the_logs_hold_no_token(partner_site, portal, browser):
    portal.userinfo_overrides = {"sub": "someone-else"}  # a refusal, so that something is logged
    log_in(browser, partner_site.url)

    log = partner_site.log()
    assert "login refused: userinfo_invalid" in log
    secrets = [portal.issued[-1]["access_token"], portal.issued[-1]["id_token"], portal.issued[-1]["code"]]
    secrets += [portal.token_requests[-1]["code_verifier"], portal.authorizations[-1]["nonce"]]
    assert not [secret for secret in secrets if secret in log]


def test_the_login_button_needs_the_csrf_token(partner_site, portal, browser):
    browser.get(f"{partner_site.url}/")

    response = browser.post(f"{partner_site.url}/oidc/login/", allow_redirects=False)

    assert response.status_code == 403
    assert portal.authorizations == []


def test_personal_page_needs_a_login(partner_site, browser):
    response = browser.get(f"{partner_site.url}/moi/", allow_redirects=False)

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert csrf_token(browser.get(f"{partner_site.url}/").text)
