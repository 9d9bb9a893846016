"""RP-initiated logout: a hint the portal cannot vouch for never ends the single sign-on silently."""

import html
import re
import time
from urllib.parse import parse_qsl

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client

from franceconnect.federation.provider.tokens import issuer, jwt_sign
from franceconnect.federation.services import service_provider_register
from tests.flow_fixtures import POST_LOGOUT_URI, REDIRECT_URI, shows_the_chooser
from tests.provider.helpers import tokens_for

pytestmark = pytest.mark.django_db

END = "/api/v2/session/end"


def still_connected(partner) -> bool:
    """The single sign-on answers the site's next request (no chooser)."""
    return not shows_the_chooser(partner.authorize())


def form_fields(response) -> dict[str, str]:
    page = response.content.decode()
    return {
        html.unescape(name): html.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    }


def assert_asks_the_person(response):
    assert response.status_code == 200, response.content[:300]
    assert "franceconnect/logout_confirm.html" in {template.name for template in response.templates}
    assert "base.html" in {template.name for template in response.templates}  # the portal's DSFR layout
    page = html.unescape(response.content.decode())
    assert "Se déconnecter" in page and "Rester connecté" in page
    assert 'method="post"' in page and "csrfmiddlewaretoken" in form_fields(response)
    assert "no-store" in response["Cache-Control"]


def hint(partner, **claims) -> str:
    now = int(time.time())
    base = {"iss": issuer(), "aud": partner.client_id, "sub": "x", "iat": now, "exp": now + 60}
    return jwt_sign({**base, **claims}, algorithm="ES256")


@pytest.fixture
def connected(partner, citizen):
    """A citizen connected to the partner site: its ID token."""
    return tokens_for(partner, citizen)["id_token"]


def test_the_legitimate_hint_logs_out_at_once(client, partner, connected, fake_provider):
    response = client.get(
        END, {"id_token_hint": connected, "state": "s", "post_logout_redirect_uri": POST_LOGOUT_URI}
    )

    assert response.status_code == 302 and response["Location"].startswith(f"{fake_provider.url}/logout?")
    assert shows_the_chooser(partner.authorize())


def test_a_hint_for_another_person_asks_first(client, partner, connected):
    response = client.get(
        END,
        {
            "id_token_hint": hint(partner, sub="someone-else"),
            "state": "s",
            "post_logout_redirect_uri": POST_LOGOUT_URI,
        },
    )

    assert_asks_the_person(response)
    assert "une autre personne" in html.unescape(response.content.decode())
    assert still_connected(partner)


def test_a_hint_issued_to_another_site_asks_first(client, partner, connected):
    other = service_provider_register(
        name="Autre site", redirect_uris=[REDIRECT_URI], post_logout_redirect_uris=[POST_LOGOUT_URI],
        algorithm="ES256", scopes=["openid"],
    )[0]  # fmt: skip

    response = client.get(END, {"id_token_hint": connected, "client_id": other.client_id})

    assert_asks_the_person(response)
    assert still_connected(partner)


def test_a_hint_whose_signature_does_not_verify_asks_first(client, partner, connected):
    foreign_key = ec.generate_private_key(ec.SECP256R1())
    header = jwt.get_unverified_header(connected)
    claims = jwt.decode(connected, options={"verify_signature": False})
    forged = jwt.encode(claims, foreign_key, algorithm="ES256", headers={"kid": header["kid"]})

    response = client.get(END, {"id_token_hint": forged, "post_logout_redirect_uri": POST_LOGOUT_URI})

    assert_asks_the_person(response)
    assert still_connected(partner)


def test_a_tampered_hint_asks_first(client, partner, connected):
    header, payload, signature = connected.split(".")
    tampered = f"{header}.{payload}.{signature[:-4]}AAAA"

    assert_asks_the_person(client.get(END, {"id_token_hint": tampered}))
    assert still_connected(partner)


def test_the_person_may_log_out_after_all(client, partner, connected, fake_provider):
    question = client.get(END, {"id_token_hint": hint(partner, sub="someone-else"), "state": "s",
                                "post_logout_redirect_uri": POST_LOGOUT_URI})  # fmt: skip

    response = client.post(END, {**form_fields(question), "decision": "logout"})

    assert response.status_code == 302 and response["Location"].startswith(f"{fake_provider.url}/logout?")
    assert shows_the_chooser(partner.authorize())


def test_the_person_may_stay_logged_in(client, partner, connected):
    question = client.get(END, {"id_token_hint": hint(partner, sub="someone-else"), "state": "s",
                                "post_logout_redirect_uri": POST_LOGOUT_URI})  # fmt: skip

    response = client.post(END, {**form_fields(question), "decision": "stay"})

    assert response.status_code == 302 and response["Location"] == f"{POST_LOGOUT_URI}?state=s"
    assert still_connected(partner)


def test_staying_after_an_unverifiable_hint_goes_to_the_portal(client, partner, connected):
    question = client.get(
        END, {"id_token_hint": connected[:-4] + "AAAA", "post_logout_redirect_uri": POST_LOGOUT_URI}
    )

    response = client.post(END, {**form_fields(question), "decision": "stay"})

    assert response["Location"] == "/"  # never to an address the hint cannot vouch for
    assert still_connected(partner)


def test_the_answer_needs_its_csrf_token(partner, citizen):
    browser = Client(enforce_csrf_checks=True)
    browser.cookies = citizen.client.cookies
    tokens_for(partner, citizen)
    question = browser.get(END, {"id_token_hint": hint(partner, sub="someone-else")})
    fields = form_fields(question)
    del fields["csrfmiddlewaretoken"]

    response = browser.post(END, {**fields, "decision": "logout"})

    assert response.status_code == 403
    assert still_connected(partner)


@pytest.mark.parametrize(
    "raw_hint",
    [
        "not-a-jwt",
        "a.b.c",
        "eyJ.eyJ.",
        "W10.e30.",  # a header that is a JSON array
        "eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.",  # a payload that is not JSON
        "e30.W10.",  # a payload that is a JSON array
        "%FF%FE.%FF.x",  # not UTF-8
        "\x00.\x00.\x00",
        "a" * 20_000,
    ],
)
def test_a_malformed_hint_gets_a_readable_error_page(client, partner, connected, raw_hint):
    query = f"id_token_hint={raw_hint}" if raw_hint.startswith("%") else {"id_token_hint": raw_hint}
    response = client.get(END + "?" + query) if isinstance(query, str) else client.get(END, query)

    assert response.status_code == 400
    assert "Location" not in response
    assert "La demande de déconnexion n'est pas valide" in html.unescape(response.content.decode())
    assert still_connected(partner)


def test_an_unverifiable_hint_without_a_single_sign_on_gets_the_error_page(client, partner, connected):
    assert client.get(END, {"id_token_hint": connected[:-4] + "AAAA"}).status_code == 200  # asks
    fresh = Client()

    assert fresh.get(END, {"id_token_hint": connected[:-4] + "AAAA"}).status_code == 400


def test_a_site_may_post_its_logout_request_it_becomes_the_same_get(partner, citizen, connected):
    """RP-Initiated Logout §2: the site's own POST (no CSRF token, and cross-site so without the
    portal's SameSite=Lax cookie) is turned into the same request as a GET, which carries it."""
    site_form = Client(enforce_csrf_checks=True)  # the site's page posting to the portal
    request = {"id_token_hint": connected, "state": "s", "post_logout_redirect_uri": POST_LOGOUT_URI}

    response = site_form.post(END, request)

    assert response.status_code == 303
    path, _, query = response["Location"].partition("?")
    assert path == END and dict(parse_qsl(query)) == request
    assert still_connected(partner)  # nothing ended before the browser comes back with its cookie


def test_a_posted_answer_without_a_question_still_needs_its_csrf_token(partner, citizen, connected):
    browser = Client(enforce_csrf_checks=True)
    browser.cookies = citizen.client.cookies

    response = browser.post(END, {"id_token_hint": connected, "decision": "logout"})

    assert response.status_code == 403
    assert still_connected(partner)
