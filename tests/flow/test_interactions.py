"""Every authorization request is its own interaction: several in one browser, each page acting on its
own, a gone interaction answered with a way back, an anonymous one cheap and short-lived."""

import html
import json
import re
import time
from urllib.parse import unquote

import jwt
import pytest
import redis
from django.core.cache import cache
from django.test import Client

from franceconnect.federation import state
from franceconnect.federation.models import Connection
from franceconnect.federation.services import service_provider_register
from support.prefill import prefill_from
from tests.flow_fixtures import REDIRECT_URI, Partner, interaction_in, query_of, shows_the_chooser

pytestmark = pytest.mark.django_db

OTHER_REDIRECT_URI = "https://other-partner.example/callback"


@pytest.fixture
def other_site(client):
    service, secret = service_provider_register(
        name="Autre site",
        redirect_uris=[OTHER_REDIRECT_URI],
        post_logout_redirect_uris=[],
        algorithm="RS256",
        scopes=["openid", "identite_pivot", "email", "birth"],
    )
    other = Partner(client, service, secret)
    other.authorize_params = _with_redirect(other.authorize_params, OTHER_REDIRECT_URI)
    return other


def _with_redirect(authorize_params, redirect_uri):
    def params(**overrides):
        return authorize_params(**{"redirect_uri": redirect_uri, **overrides})

    return params


def _code_of(response, redirect_uri: str) -> str:
    assert response.status_code == 302 and response["Location"].startswith(redirect_uri + "?"), response
    return query_of(response["Location"])["code"]


def test_two_interactions_in_one_browser_each_confirmed_to_its_own_site(client, partner, other_site, citizen):
    # Site A's confirmation screen is open in one tab…
    citizen.log_in_at_provider(partner.authorize(scope="openid given_name"))
    confirmation_of_a, shown_of_a = citizen.confirmation_path, citizen.single_sign_on
    # … then, in another tab, site B asks for more: its own confirmation screen (single sign-on).
    page_of_b = other_site.client.get("/api/v2/authorize", other_site.authorize_params(scope="openid birth"))
    assert "Continuer sur Autre site" in page_of_b.content.decode()

    # « Continuer sur Site partenaire » in the first tab: A, and only A, gets a code, for A's request.
    back_to_a = client.post(confirmation_of_a, {"continue": "", "single_sign_on": shown_of_a})

    code_of_a = _code_of(back_to_a, REDIRECT_URI)
    assert query_of(back_to_a["Location"])["state"] == partner.state
    token = partner.token(code_of_a).json()
    assert token["scope"] == "openid given_name"
    info = jwt.decode(partner.userinfo(token["access_token"]).content, options={"verify_signature": False})
    assert "birthplace" not in info and info["given_name"] == "Angela Claire Louise"
    # B's screen still releases B's request to B.
    citizen.read_confirmation(page_of_b)
    code_of_b = _code_of(citizen.confirm(), OTHER_REDIRECT_URI)
    assert other_site.token(code_of_b, redirect_uri=OTHER_REDIRECT_URI).json()["scope"] == "openid birth"
    assert Connection.objects.count() == 2


def test_a_confirmation_is_released_once(client, partner, citizen):
    citizen.log_in_at_provider(partner.authorize())
    assert citizen.confirm().status_code == 302

    again = citizen.confirm()

    assert again.status_code == 400 and "interaction_finished" in again.content.decode()
    assert Connection.objects.count() == 1


def test_a_confirmation_shown_for_one_person_releases_nothing_once_another_logged_in(
    client, partner, citizen, fake_provider
):
    citizen.log_in_at_provider(partner.authorize())
    displayed = citizen.single_sign_on
    # Someone else logs in on the same computer, in another tab (« Ce n'est pas vous ? » then a login).
    client.post(citizen.confirmation_path.replace("confirmation/", "changer-de-compte/"))
    fake_provider.userinfo_overrides = {"given_name": "Bernard", "family_name": "MARTIN"}
    other_page = citizen.log_in_at_provider(partner.authorize())
    assert "Bienvenue Bernard MARTIN" in other_page.content.decode()

    stale = client.post(citizen.confirmation_path, {"continue": "", "single_sign_on": displayed})

    assert stale.status_code == 302 and stale["Location"] == citizen.confirmation_path
    assert not Connection.objects.exists()


def test_an_anonymous_authorization_request_opens_no_session_and_a_small_short_lived_interaction(
    partner, settings
):
    response = partner.authorize(claims=json.dumps({"id_token": {"given_name": None}}))

    assert shows_the_chooser(response)
    assert "fc_sessionid" not in response.cookies
    key = f"franceconnect:interaction:{interaction_in(response)}"
    assert len(cache.get(key)) < 1500  # bytes
    if settings.REDIS_URL:  # the store forgets it: no purge needed
        ttl = redis.Redis.from_url(settings.REDIS_URL).ttl(cache.make_key(key))
        assert (
            settings.INTERACTION_LIFETIME_SECONDS
            < ttl
            <= (settings.INTERACTION_LIFETIME_SECONDS + state.INTERACTION_TRACE_SECONDS)
        )


def test_a_cross_site_post_to_authorize_leaves_the_single_sign_on_alone(client, partner, citizen):
    citizen.log_in_at_provider(partner.authorize())
    citizen.confirm()
    session_cookie = client.cookies["fc_sessionid"].value

    # A page elsewhere auto-posts an authorization request: SameSite=Lax keeps the session cookie out.
    without_cookies = Client()
    posted = without_cookies.post("/api/v2/authorize", partner.authorize_params())

    assert posted.status_code == 302 and "fc_sessionid" not in posted.cookies
    assert client.cookies["fc_sessionid"].value == session_cookie
    assert "Bienvenue Angela" in client.get(posted["Location"], follow=True).content.decode()  # SSO intact


@pytest.mark.parametrize("step", ["", "confirmation/", "fi/fake/"])
def test_a_step_of_an_unknown_interaction_says_so(client, step):
    response = client.get(f"/connexion/{'x' * 32}/{step}")

    assert response.status_code == 400
    assert "unknown_interaction" in response.content.decode()
    assert "Aucune connexion en cours" in html.unescape(response.content.decode())


def test_an_expired_interaction_offers_the_way_back_to_its_site(client, partner, citizen, monkeypatch):
    chooser = partner.authorize()
    interaction = interaction_in(chooser)
    later = time.time() + 1801
    monkeypatch.setattr("franceconnect.federation.state.time.time", lambda: later)

    page = client.get(f"/connexion/{interaction}/")

    assert page.status_code == 400 and "interaction_expired" in page.content.decode()
    assert "Revenir sur Site partenaire" in html.unescape(page.content.decode())
    way_back = re.search(rf'href="(/connexion/{interaction}/annuler/[^"]*)"', page.content.decode()).group(1)
    back = client.get(html.unescape(way_back))
    answer = query_of(back["Location"])
    assert back["Location"].startswith(REDIRECT_URI + "?")
    assert (answer["error"], answer["state"]) == ("access_denied", partner.state)


def test_cancel_on_the_chooser_sends_access_denied_and_ends_the_interaction(client, partner, citizen):
    chooser = partner.authorize()
    interaction = interaction_in(chooser)
    cancel = re.search(r'href="([^"]+/annuler/)"', chooser.content.decode()).group(1)

    back = client.get(cancel)

    assert query_of(back["Location"])["error"] == "access_denied"
    assert "interaction_finished" in client.get(f"/connexion/{interaction}/").content.decode()


def test_a_provider_the_site_does_not_offer_cannot_be_chosen_by_its_address(
    client, partner, citizen, registered_fake
):
    chooser = partner.authorize()
    partner.service_provider.excluded_identity_providers.add(registered_fake)

    response = client.get(f"/connexion/{interaction_in(chooser)}/fi/fake/")

    assert response.status_code == 400 and "provider_not_offered" in response.content.decode()


def test_a_provider_failure_brings_the_citizen_back_to_the_chooser_with_a_message(client, partner, citizen):
    chooser = partner.authorize()
    to_provider = client.get(f"/connexion/{interaction_in(chooser)}/fi/fake/")
    provider_state = query_of(to_provider["Location"])["state"]

    back = client.get("/fi/retour", {"error": "access_denied", "state": provider_state}, follow=True)

    assert back.redirect_chain == [(f"/connexion/{interaction_in(chooser)}/", 302)]
    page = html.unescape(back.content.decode())
    assert shows_the_chooser(back)
    assert "La connexion à Fournisseur factice n'a pas été possible." in page and "cancelled" in page
    assert f'href="/connexion/{interaction_in(chooser)}/annuler/"' in page  # and the way back to the site


def test_a_provider_answer_for_an_unknown_state_is_an_error_page(client):
    response = client.get("/fi/retour", {"code": "x", "state": "never-sent"})

    page = html.unescape(response.content.decode())
    assert response.status_code == 400 and "state_mismatch" in page
    assert 'class="fr-alert fr-alert--error' in page
    contact = re.search(r'href="/contact/\?p=([^"]+)"', page).group(1)
    assert prefill_from(unquote(contact)) == {"category": "identity_provider", "error": "state_mismatch"}


def test_not_you_ends_the_single_sign_on_and_shows_the_chooser_again(client, partner, citizen):
    page = citizen.log_in_at_provider(partner.authorize())
    assert "Ce n'est pas vous" in html.unescape(page.content.decode())
    switch = citizen.confirmation_path.replace("confirmation/", "changer-de-compte/")

    response = client.post(switch)

    assert response["Location"] == citizen.confirmation_path.replace("confirmation/", "")
    assert shows_the_chooser(client.get(response["Location"]))
    assert client.get(citizen.confirmation_path)["Location"] == response["Location"]  # nothing to confirm


def test_the_portal_offers_to_log_out_and_it_ends_the_single_sign_on(client, partner, citizen, fake_provider):
    assert "Se déconnecter" not in client.get("/").content.decode()
    citizen.log_in_at_provider(partner.authorize())
    citizen.confirm()

    home = client.get("/").content.decode()
    assert 'action="/se-deconnecter/"' in home and "Se déconnecter" in home
    to_provider = client.post("/se-deconnecter/")

    # The identity provider's session ends too, then the portal says so.
    assert to_provider["Location"].startswith(f"{fake_provider.url}/logout?")
    back = query_of(to_provider["Location"])
    logged_out = client.get("/api/v2/session/end/retour", {"state": back["state"]}, follow=True)
    assert logged_out.redirect_chain == [("/deconnexion/", 302)]
    assert "Se déconnecter" not in logged_out.content.decode()
    assert shows_the_chooser(partner.authorize())  # no single sign-on any more


def test_logging_out_needs_the_portals_own_form(partner, citizen):
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = partner.client.cookies

    assert strict.post("/se-deconnecter/").status_code == 403


def test_each_interactions_page_links_to_itself_in_other_languages_with_one_cached_header(
    client, partner, citizen
):
    first, second = partner.authorize(), partner.authorize()

    for page in (first, second):
        interaction = interaction_in(page)
        html_page = page.content.decode()
        assert f'href="/langue/en/?next=/en/connexion/{interaction}/"' in html_page
        assert f'href="/langue/ru/?next=/ru/connexion/{interaction}/"' in html_page
    assert interaction_in(first) not in second.content.decode()
    assert "portal-page-token" not in second.content.decode()
