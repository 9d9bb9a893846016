"""Scopes a site may ask for, and its registered addresses compared character for character."""

import jwt
import pytest

from franceconnect.federation.models import ServiceProvider
from franceconnect.federation.services import service_provider_register
from tests.flow_fixtures import POST_LOGOUT_URI, REDIRECT_URI, Partner, query_of, shows_the_chooser
from tests.provider.helpers import code_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_site_partner(client):
    """A site registered with the default scopes (openid identite_pivot email)."""
    service_provider, secret = service_provider_register(
        name="Site par défaut", redirect_uris=[REDIRECT_URI], post_logout_redirect_uris=[POST_LOGOUT_URI],
        algorithm="ES256", scopes=["openid", "identite_pivot", "email"],
    )  # fmt: skip
    return Partner(client, service_provider, secret)


def test_claim_scopes_covered_by_a_group_scope_are_granted(default_site_partner, citizen):
    partner = default_site_partner
    code = code_for(partner, citizen, scope="openid given_name family_name birthdate")
    access_token = partner.token(code).json()["access_token"]

    claims = jwt.decode(partner.userinfo(access_token).content, options={"verify_signature": False})

    assert {"given_name", "family_name", "birthdate"} <= set(claims)
    assert not {"gender", "birthplace", "birthcountry", "email"} & set(claims)


@pytest.mark.parametrize("scope", ["openid preferred_username", "openid given_name preferred_username"])
def test_a_claim_scope_no_allowed_scope_covers_is_refused(default_site_partner, scope):
    response = default_site_partner.authorize(scope=scope)

    assert response.status_code == 302
    assert query_of(response["Location"])["error"] == "invalid_scope"


def test_a_site_allowed_birth_may_ask_for_birthplace_alone(client, citizen):
    service_provider, secret = service_provider_register(
        name="Site naissance", redirect_uris=[REDIRECT_URI], post_logout_redirect_uris=[],
        algorithm="ES256", scopes=["openid", "birth"],
    )  # fmt: skip
    partner = Partner(client, service_provider, secret)

    assert shows_the_chooser(partner.authorize(scope="openid birthplace"))
    assert query_of(partner.authorize(scope="openid given_name")["Location"])["error"] == "invalid_scope"


# --- redirect URIs ------------------------------------------------------------------------------

LOOPBACK = "http://127.0.0.1:8011/callback"


@pytest.mark.parametrize(
    "candidate",
    [
        "http://127.0.0.1:9999/callback",  # another loopback port (RFC 8252 leniency)
        "http://127.0.0.1/callback",
        "http://localhost:8011/callback",
        "HTTP://127.0.0.1:8011/callback",
        "http://127.0.0.1:8011/Callback",
        "http://127.0.0.1:8011/callback/",
        "http://127.0.0.1:8011/callback?x=1",
        "http://127.0.0.1:8011/callback#f",
        "http://127.0.0.1:8011/callback ",
        "http://127.0.0.1:8011/%63allback",
    ],
)
def test_redirect_uris_are_compared_exactly(candidate):
    site = ServiceProvider(redirect_uris=f"{LOOPBACK} {REDIRECT_URI}", post_logout_redirect_uris=LOOPBACK)

    assert site.redirect_uri_allowed(LOOPBACK) and site.redirect_uri_allowed(REDIRECT_URI)
    assert not site.redirect_uri_allowed(candidate)
    assert site.post_logout_redirect_uri_allowed(LOOPBACK)
    assert not site.post_logout_redirect_uri_allowed(candidate)


@pytest.mark.parametrize(
    "candidate",
    ["http://127.0.0.1:9999/callback", "http://127.0.0.1:8011/CALLBACK", "HTTP://127.0.0.1:8011/callback"],
)
def test_authorize_refuses_a_loopback_address_differing_from_the_registered_one(client, candidate):
    service_provider, secret = service_provider_register(
        name="Site local", redirect_uris=[LOOPBACK], post_logout_redirect_uris=[],
        algorithm="ES256", scopes=["openid", "identite_pivot", "email"],
    )  # fmt: skip
    partner = Partner(client, service_provider, secret)
    assert shows_the_chooser(partner.authorize(redirect_uri=LOOPBACK))

    response = partner.authorize(redirect_uri=candidate)

    assert response.status_code == 400 and "Location" not in response
