import re

import jwt
import pytest

from tests.flow_fixtures import REDIRECT_URI, interaction_in, query_of, shows_the_chooser

pytestmark = pytest.mark.django_db


def test_the_whole_journey(partner, citizen):
    confirmation = citizen.log_in_at_provider(partner.authorize())

    assert confirmation.status_code == 200
    html = confirmation.content.decode()
    assert "Bienvenue Angela Claire Louise DUBOIS" in html
    assert "Continuer sur Site partenaire" in html

    back = citizen.confirm()
    assert back.status_code == 302 and back["Location"].startswith(REDIRECT_URI + "?")
    answer = query_of(back["Location"])
    assert answer["state"] == partner.state
    assert answer["iss"] == "http://127.0.0.1:8000/api/v2"

    token = partner.token(answer["code"])
    assert token.status_code == 200, token.content
    body = token.json()
    assert set(body) >= {"access_token", "token_type", "expires_in", "id_token", "scope"}
    assert "refresh_token" not in body  # FranceConnect issues none: a new login instead
    header = jwt.get_unverified_header(body["id_token"])
    assert header["alg"] == "ES256" and header["kid"]
    claims = jwt.decode(body["id_token"], options={"verify_signature": False})
    assert claims["nonce"] == partner.nonce and claims["acr"] == "eidas1"

    userinfo = partner.userinfo(body["access_token"])
    assert userinfo.status_code == 200 and userinfo["Content-Type"] == "application/jwt"
    info = jwt.decode(userinfo.content, options={"verify_signature": False})
    assert info["sub"] == claims["sub"]
    assert info["given_name"] == "Angela Claire Louise" and info["given_name_array"] == [
        "Angela",
        "Claire",
        "Louise",
    ]
    assert info["email"] == "angela.dubois@example.org"


import html as html_module  # noqa: E402

from demo.identity_register import DemoIdentityRegister  # noqa: E402
from franceconnect.federation.identity_register import NOT_FOUND, RegisterUnavailable  # noqa: E402
from franceconnect.federation.models import Connection  # noqa: E402
from franceconnect.federation.services import service_provider_register  # noqa: E402
from tests.flow_fixtures import POST_LOGOUT_URI, Partner  # noqa: E402


def _sub_at(partner, back) -> str:
    token = partner.token(query_of(back["Location"])["code"]).json()
    return jwt.decode(token["id_token"], options={"verify_signature": False})["sub"]


def test_the_connection_is_recorded_with_claim_names_only(partner, citizen):
    citizen.log_in_at_provider(partner.authorize())
    citizen.confirm()

    connection = Connection.objects.get()
    assert connection.reference.startswith("CX-") and len(connection.reference) == 13
    assert connection.service_provider == partner.service_provider
    assert connection.identity_provider.slug == "fake" and connection.acr == "eidas1"
    assert "given_name" in connection.claims and "Angela" not in str(connection.claims)


def test_the_tokens_are_the_citizens_who_logged_in(partner, citizen):
    from oauth2_provider.models import AccessToken, IDToken

    citizen.log_in_at_provider(partner.authorize())
    assert partner.token(query_of(citizen.confirm()["Location"])["code"]).status_code == 200

    account = Connection.objects.get().citizen
    assert AccessToken.objects.get().user == account and IDToken.objects.get().user == account


def _other_site(client, **options) -> Partner:
    service, secret = service_provider_register(
        name="Autre site",
        redirect_uris=[REDIRECT_URI],
        post_logout_redirect_uris=[],
        algorithm="RS256",
        scopes=["openid", "identite_pivot", "email"],
        **options,
    )
    return Partner(client, service, secret)


def test_single_sign_on_skips_chooser_and_provider_but_not_the_confirmation(
    client, partner, citizen, fake_provider
):
    citizen.log_in_at_provider(partner.authorize())
    citizen.confirm()
    other = _other_site(client)

    response = other.authorize()  # the confirmation screen at once

    html = response.content.decode()
    assert response.status_code == 200 and "Continuer sur Autre site" in html
    assert f'<form method="post" action="/connexion/{interaction_in(response)}/confirmation/"' in html
    assert len(fake_provider.token_requests) == 1  # no second login at the identity provider
    posted = client.post("/api/v2/authorize", other.authorize_params())
    assert re.fullmatch(r"/connexion/\w{32}/confirmation/", posted["Location"])
    citizen.read_confirmation(response)
    assert citizen.confirm()["Location"].startswith(REDIRECT_URI + "?code=")


def _released_nothing_by_its_address(client, chooser) -> None:
    """The confirmation screen of this interaction, reached by its address, sends back to the
    chooser and issues no code."""
    chooser_path = f"/connexion/{interaction_in(chooser)}/"
    assert client.get(f"{chooser_path}confirmation/")["Location"] == chooser_path
    posted = client.post(f"{chooser_path}confirmation/", {"continue": "", "single_sign_on": "any"})
    assert posted["Location"] == chooser_path
    assert Connection.objects.count() == 1  # the first site's connection only


def test_a_single_sign_on_below_the_level_a_site_asks_releases_nothing(client, partner, citizen):
    citizen.log_in_at_provider(partner.authorize())  # eidas1 at the fake provider
    citizen.confirm()
    demanding = _other_site(client, eidas_level="eidas2")

    chooser = demanding.authorize(acr_values="eidas2")
    assert shows_the_chooser(chooser)
    _released_nothing_by_its_address(client, chooser)


def test_prompt_login_is_not_answered_by_the_earlier_single_sign_on(partner, citizen):
    citizen.log_in_at_provider(partner.authorize())
    citizen.confirm()

    chooser = partner.authorize(prompt="login")
    assert shows_the_chooser(chooser)
    _released_nothing_by_its_address(partner.client, chooser)
    # A new login at the provider answers it.
    assert "Bienvenue" in citizen.log_in_at_provider(partner.authorize(prompt="login")).content.decode()
    assert citizen.confirm()["Location"].startswith(REDIRECT_URI + "?code=")


def test_prompt_login_is_not_answered_by_a_login_made_in_another_tab(partner, citizen):
    """Two tabs: a prompt=login request waits on its chooser while the person logs in for another
    request; that login opened the single sign-on for the other interaction, not for this one."""
    waiting = partner.authorize(prompt="login")
    assert shows_the_chooser(waiting)
    citizen.log_in_at_provider(partner.authorize())  # the other tab: its own interaction
    citizen.confirm()

    _released_nothing_by_its_address(partner.client, waiting)


def test_a_single_sign_on_at_a_provider_the_site_excludes_releases_nothing(
    client, partner, citizen, registered_fake
):
    citizen.log_in_at_provider(partner.authorize())
    citizen.confirm()
    other = _other_site(client)
    other.service_provider.excluded_identity_providers.add(registered_fake)

    chooser = other.authorize()  # the chooser, without the excluded provider
    _released_nothing_by_its_address(client, chooser)


def test_same_person_same_sub_at_a_site_different_sub_at_another(client, partner, citizen):
    first = _sub_at(partner, (citizen.log_in_at_provider(partner.authorize()), citizen.confirm())[1])
    client.logout()
    again = _sub_at(partner, (citizen.log_in_at_provider(partner.authorize()), citizen.confirm())[1])
    other = _other_site(client)
    elsewhere = _sub_at(other, (citizen.read_confirmation(other.authorize()), citizen.confirm())[1])

    assert first == again
    assert first != elsewhere
    assert len(first) == 66 and first.endswith("v1")


def test_consent_checkbox_when_the_site_requires_it(partner, citizen):
    partner.service_provider.consent_required = True
    partner.service_provider.save()
    citizen.log_in_at_provider(partner.authorize())

    refused = citizen.confirm()
    assert refused.status_code == 200
    assert "Cochez la case pour continuer." in refused.content.decode()

    assert citizen.confirm(consent="on").status_code == 302


def test_cancel_on_the_confirmation_screen_sends_access_denied(partner, citizen):
    citizen.log_in_at_provider(partner.authorize())

    response = partner.client.post(citizen.confirmation_path, {"cancel": ""})

    answer = query_of(response["Location"])
    assert answer["error"] == "access_denied" and answer["state"] == partner.state
    assert not Connection.objects.exists()


def test_an_account_deactivated_during_the_login_gets_no_code(partner, citizen):
    from franceconnect.federation.models import User

    confirmation = citizen.log_in_at_provider(partner.authorize())
    assert confirmation.status_code == 200  # shown from the session alone
    User.objects.filter(account_key__isnull=False).update(is_active=False)

    response = citizen.confirm()

    assert response.status_code == 403 and "code=" not in response.get("Location", "")
    assert "account_disabled" in response.content.decode()
    assert not Connection.objects.exists()


def test_confirmation_is_protected_against_cross_site_posts(partner, citizen):
    from django.test import Client

    citizen.log_in_at_provider(partner.authorize())
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = partner.client.cookies

    posted = strict.post(
        citizen.confirmation_path, {"continue": "", "single_sign_on": citizen.single_sign_on}
    )
    assert posted.status_code == 403


def test_the_chooser_answered_by_authorize_links_to_itself_in_other_languages(partner, citizen):
    page = partner.authorize(ui_locales="en")

    html = page.content.decode()
    interaction = interaction_in(page)
    assert shows_the_chooser(page) and "Choose an account to log in with" in html
    assert f'href="/langue/fr/?next=/connexion/{interaction}/"' in html
    assert f'href="/langue/ru/?next=/ru/connexion/{interaction}/"' in html
    assert "/api/v2/authorize" not in html  # no link repeats the site's request
    reloaded = partner.client.get(f"/ru/connexion/{interaction}/")
    assert (
        reloaded.status_code == 200 and f"/ru/connexion/{interaction}/fi/fake/" in reloaded.content.decode()
    )


def test_the_confirmation_answered_at_the_callback_posts_to_and_links_to_its_own_page(partner, citizen):
    page = citizen.log_in_at_provider(partner.authorize(ui_locales="en"))

    html = page.content.decode()
    confirmation = f"connexion/{interaction_in(page)}/confirmation/"
    assert page.status_code == 200 and "Welcome Angela Claire Louise DUBOIS" in html
    assert f'<form method="post" action="/en/{confirmation}"' in html
    assert f'href="/langue/fr/?next=/{confirmation}"' in html
    assert f'href="/langue/ru/?next=/ru/{confirmation}"' in html
    assert "/fi/retour" not in html and "code=" not in html  # no link repeats the provider's answer
    assert citizen.confirm()["Location"].startswith(REDIRECT_URI + "?code=")


def test_reloading_the_confirmation_answered_at_the_callback_shows_it_again(partner, citizen, fake_provider):
    chooser = partner.authorize()
    url = next(choice["url"] for choice in chooser.context["choices"] if choice["provider"].slug == "fake")
    to_provider = partner.client.get(url)
    answer = {
        "code": fake_provider.authorize(to_provider["Location"]),
        "state": query_of(to_provider["Location"])["state"],
    }
    assert "Bienvenue" in partner.client.get("/fi/retour", answer).content.decode()

    reloaded = partner.client.get("/fi/retour", answer, follow=True)

    assert [hop for hop, _status in reloaded.redirect_chain] == [
        f"/connexion/{interaction_in(chooser)}/confirmation/"
    ]
    assert (
        reloaded.status_code == 200 and "Bienvenue Angela Claire Louise DUBOIS" in reloaded.content.decode()
    )
    forged = partner.client.get("/fi/retour", {**answer, "code": "another-code"})
    assert forged.status_code == 400  # the same state with another code is still refused
    citizen.read_confirmation(reloaded)
    assert citizen.confirm()["Location"].startswith(REDIRECT_URI + "?code=")


def test_a_posted_authorization_request_is_redirected_to_the_chooser(partner, citizen):
    response = partner.client.post("/api/v2/authorize", partner.authorize_params())

    assert response.status_code == 302 and re.fullmatch(r"/connexion/\w{32}/", response["Location"])


def test_idp_hint_skips_the_chooser(partner, citizen, fake_provider):
    response = partner.authorize(idp_hint="fake")

    assert response["Location"].startswith(f"{fake_provider.url}/authorize?")


def test_unavailable_provider_is_greyed_out_with_its_message(partner, citizen, registered_fake):
    registered_fake.availability = registered_fake.Availability.UNAVAILABLE
    registered_fake.unavailable_message = "En maintenance jusqu'à 14 h."
    registered_fake.save()

    chooser = partner.authorize(idp_hint="fake")  # an unavailable hinted provider: the chooser

    assert shows_the_chooser(chooser)
    page = html_module.unescape(chooser.content.decode())
    assert 'aria-disabled="true">Fournisseur factice' in page
    assert "En maintenance jusqu'à 14 h." in page
    assert f"/connexion/{interaction_in(chooser)}/fi/fake/" not in page


def test_excluded_provider_is_not_offered(partner, citizen, registered_fake):
    partner.service_provider.excluded_identity_providers.add(registered_fake)

    chooser = partner.authorize()

    assert shows_the_chooser(chooser) and "Fournisseur factice" not in chooser.content.decode()


def test_identity_unknown_to_the_register(partner, citizen, monkeypatch):
    monkeypatch.setattr(DemoIdentityRegister, "check", lambda self, identity: NOT_FOUND)

    page = citizen.log_in_at_provider(partner.authorize())

    assert page.status_code == 403
    assert "Identité non vérifiée" in page.content.decode()
    assert not Connection.objects.exists()
    assert (
        "Bienvenue Angela"
        not in citizen.client.get(citizen.confirmation_path or "/", follow=True).content.decode()
    )


def test_register_not_answering(partner, citizen, monkeypatch):
    def down(self, identity):
        raise RegisterUnavailable

    monkeypatch.setattr(DemoIdentityRegister, "check", down)

    page = citizen.log_in_at_provider(partner.authorize())

    assert page.status_code == 503
    assert "register_unavailable" in page.content.decode()
    from franceconnect.federation.models import User

    assert not User.objects.filter(account_key__isnull=False).exists()


def test_userinfo_holds_only_the_granted_claims(partner, citizen):
    citizen.log_in_at_provider(partner.authorize(scope="openid given_name"))
    token = partner.token(query_of(citizen.confirm()["Location"])["code"]).json()

    info = jwt.decode(partner.userinfo(token["access_token"]).content, options={"verify_signature": False})

    assert set(info) == {"sub", "given_name", "given_name_array", "iss", "aud", "exp", "iat"}
    assert info["aud"] == partner.client_id


def test_userinfo_is_a_jwt_even_when_json_is_asked_and_by_post(partner, citizen):
    citizen.log_in_at_provider(partner.authorize())
    access_token = partner.token(query_of(citizen.confirm()["Location"])["code"]).json()["access_token"]

    by_post = partner.client.post(
        "/api/v2/userinfo", headers={"authorization": f"Bearer {access_token}", "accept": "application/json"}
    )

    assert by_post.status_code == 200 and by_post["Content-Type"] == "application/jwt"
    assert "no-store" in by_post["Cache-Control"]


def test_logout_ends_both_sessions_and_returns_with_the_state(client, partner, citizen, fake_provider):
    citizen.log_in_at_provider(partner.authorize())
    id_token = partner.token(query_of(citizen.confirm()["Location"])["code"]).json()["id_token"]

    to_provider = client.get(
        "/api/v2/session/end",
        {"id_token_hint": id_token, "state": "logout-state-123", "post_logout_redirect_uri": POST_LOGOUT_URI},
    )

    assert to_provider.status_code == 302
    assert to_provider["Location"].startswith(f"{fake_provider.url}/logout?")
    at_provider = query_of(to_provider["Location"])
    assert at_provider["post_logout_redirect_uri"] == "http://127.0.0.1:8000/api/v2/session/end/retour"
    back = client.get("/api/v2/session/end/retour", {"state": at_provider["state"]})
    assert back["Location"] == f"{POST_LOGOUT_URI}?state=logout-state-123"
    assert shows_the_chooser(partner.authorize())  # no SSO any more


def test_logout_refuses_an_unregistered_return_address(client, partner, citizen):
    citizen.log_in_at_provider(partner.authorize())
    id_token = partner.token(query_of(citizen.confirm()["Location"])["code"]).json()["id_token"]

    response = client.get(
        "/api/v2/session/end",
        {"id_token_hint": id_token, "post_logout_redirect_uri": "https://attacker.example/"},
    )

    assert response.status_code == 400 and "Location" not in response


def test_logout_refuses_a_forged_id_token_hint(client):
    response = client.get(
        "/api/v2/session/end", {"id_token_hint": "a.b.c", "post_logout_redirect_uri": POST_LOGOUT_URI}
    )

    assert response.status_code == 400


def test_discovery_advertises_what_is_implemented(client):
    document = client.get("/api/v2/.well-known/openid-configuration").json()

    assert document["issuer"] == "http://127.0.0.1:8000/api/v2"
    assert document["subject_types_supported"] == ["pairwise"]
    assert document["response_types_supported"] == ["code"]
    assert document["grant_types_supported"] == ["authorization_code"]
    assert document["acr_values_supported"] == ["eidas1", "eidas2", "eidas3"]
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert document["authorization_response_iss_parameter_supported"] is True
    for endpoint in (
        "authorization_endpoint",
        "token_endpoint",
        "userinfo_endpoint",
        "jwks_uri",
        "end_session_endpoint",
    ):
        path = document[endpoint].removeprefix("http://127.0.0.1:8000")
        assert client.get(path).status_code != 404, endpoint


def test_jwks_publishes_rs256_and_es256_keys_with_kid_alg_and_use(client):
    keys = client.get("/api/v2/jwks").json()["keys"]

    assert {key["alg"] for key in keys} == {"RS256", "ES256"}
    for key in keys:
        assert key["kid"] and key["use"] == "sig"
        assert "d" not in key  # never the private part
    assert next(key for key in keys if key["alg"] == "ES256")["crv"] == "P-256"
