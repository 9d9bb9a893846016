"""idp_hint: a provider the site is offered and, when the site has a list of allowed values
(ServiceProvider.allowed_idp_hints), one of them; anything else is an OpenID error for the site,
never silently ignored."""

import pytest

from franceconnect.federation.models import ServiceProvider
from tests.flow_fixtures import REDIRECT_URI, query_of, shows_the_chooser
from tests.identity_provider_fixtures import fake_registered

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/franceconnect/serviceprovider/"


def _error_of(response) -> dict:
    assert response.status_code == 302 and response["Location"].startswith(REDIRECT_URI + "?"), response
    return query_of(response["Location"])


def _allow(partner, hints: str) -> None:
    partner.service_provider.allowed_idp_hints = hints
    partner.service_provider.save()


def test_without_a_list_any_offered_provider_may_be_hinted(partner, citizen, fake_provider):
    assert partner.authorize(idp_hint="fake")["Location"].startswith(f"{fake_provider.url}/authorize?")


def test_a_hint_naming_no_provider_is_refused(partner, citizen):
    answer = _error_of(partner.authorize(idp_hint="nobody"))

    assert answer["error"] == "invalid_request"
    assert "idp_hint" in answer["error_description"]
    assert answer["state"] == partner.state


def test_a_hint_naming_a_provider_the_site_is_not_offered_is_refused(partner, citizen, registered_fake):
    partner.service_provider.excluded_identity_providers.add(registered_fake)

    answer = _error_of(partner.authorize(idp_hint="fake"))

    assert answer["error"] == "invalid_request"
    assert "offered" in answer["error_description"]


def test_a_hint_in_the_sites_list_is_followed(partner, citizen, fake_provider):
    _allow(partner, "fake other")

    assert partner.authorize(idp_hint="fake")["Location"].startswith(f"{fake_provider.url}/authorize?")


def test_a_hint_outside_the_sites_list_is_refused_even_if_offered(partner, citizen, fake_provider):
    fake_registered(fake_provider, slug="second", name="Deuxième fournisseur")
    _allow(partner, "second")

    answer = _error_of(partner.authorize(idp_hint="fake"))

    assert answer["error"] == "invalid_request"
    assert "not allowed" in answer["error_description"]


def test_a_listed_hint_no_longer_offered_is_refused(partner, citizen, registered_fake):
    _allow(partner, "fake")
    partner.service_provider.excluded_identity_providers.add(registered_fake)

    assert _error_of(partner.authorize(idp_hint="fake"))["error"] == "invalid_request"


def test_with_a_list_a_request_without_hint_still_shows_the_chooser(partner, citizen):
    _allow(partner, "fake")

    assert shows_the_chooser(partner.authorize())


def test_an_offered_but_unavailable_provider_is_no_error(partner, citizen, registered_fake):
    registered_fake.availability = registered_fake.Availability.UNAVAILABLE
    registered_fake.save()

    assert shows_the_chooser(partner.authorize(idp_hint="fake"))


def _change(admin_client, site, **overrides):
    data = {
        "name": site.name,
        "site_url": "",
        "is_active": "on",
        "contact_email": "",
        "sector": "public",
        "environment": "production",
        "redirect_uris": REDIRECT_URI,
        "post_logout_redirect_uris": "",
        "allowed_scopes": site.allowed_scopes,
        "eidas_level": site.eidas_level,
        "algorithm": site.algorithm,
        "sector_identifier": "",
        **overrides,
    }
    return admin_client.post(f"{CHANGELIST}{site.pk}/change/", data)


def test_the_admin_edits_the_list_with_known_identifiers_only(admin_client, site, registered_fake):
    service_provider, _secret = site

    refused = _change(admin_client, service_provider, allowed_idp_hints="fake nobody")
    accepted = _change(admin_client, service_provider, allowed_idp_hints="  fake fake ")

    assert refused.status_code == 200 and "nobody" in refused.content.decode()
    assert accepted.status_code == 302, accepted.content.decode()[:3000]
    assert ServiceProvider.objects.get(pk=service_provider.pk).allowed_idp_hints == "fake"
