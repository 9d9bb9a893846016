"""The demo partner site before the portal's demo setup has registered it (no client.json)."""

import pytest

from tests.demo_partner_site.browsing import text


@pytest.fixture
def unregistered(partner_site):
    saved = partner_site.client_file.read_text()
    partner_site.client_file.unlink()
    yield partner_site
    partner_site.client_file.write_text(saved)


def test_home_says_the_site_is_not_registered(unregistered, browser):
    response = browser.get(f"{unregistered.url}/")

    assert response.status_code == 200
    page = text(response)
    assert "Ce site n'est pas inscrit auprès du portail." in page
    assert "S'identifier avec FranceConnect" not in page


def test_an_unreadable_client_file_counts_as_not_registered(unregistered, browser):
    unregistered.client_file.write_text('{"client_id": "only-half"}')

    page = text(browser.get(f"{unregistered.url}/"))

    assert "Ce site n'est pas inscrit auprès du portail." in page


def test_the_callback_says_the_site_is_not_registered(unregistered, browser):
    response = browser.get(f"{unregistered.url}/oidc/callback/", params={"code": "c", "state": "s"})

    assert response.status_code == 503
    assert "Site non inscrit auprès du portail" in text(response)


def test_the_registration_is_read_without_a_restart(unregistered, portal, browser):
    """The portal's demo setup may register the site while it already runs."""
    assert "S'identifier avec FranceConnect" not in text(browser.get(f"{unregistered.url}/"))

    unregistered.register(portal.client_id, portal.client_secret)

    assert "S'identifier avec FranceConnect" in text(browser.get(f"{unregistered.url}/"))
