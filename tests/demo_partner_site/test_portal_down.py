"""The demo partner site while the portal does not answer: readable pages, never a 500."""

import pytest

from tests.demo_partner_site.browsing import csrf_token, text
from tests.demo_partner_site.partner_site import PartnerSite
from tests.ports import free_port


@pytest.fixture(scope="module")
def orphan_site(tmp_path_factory):
    nobody = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    site = PartnerSite("famille", tmp_path_factory.mktemp("var"), nobody)
    site.register("famille-client", "famille-secret")
    site.start()
    yield site
    site.stop()


def test_home_still_works(orphan_site, browser):
    response = browser.get(f"{orphan_site.url}/")

    assert response.status_code == 200
    assert "Caisse des familles (démo)" in text(response)


def test_login_says_the_portal_does_not_answer(orphan_site, browser):
    home = browser.get(f"{orphan_site.url}/")

    response = browser.post(
        f"{orphan_site.url}/oidc/login/", data={"csrfmiddlewaretoken": csrf_token(home.text)}
    )

    assert response.status_code == 502
    assert "Portail injoignable" in text(response)
    assert "ConnectionError" in orphan_site.log()


def test_unknown_pages_get_a_readable_404(orphan_site, browser):
    response = browser.get(f"{orphan_site.url}/nulle-part/")

    assert response.status_code == 404
    assert "Page introuvable" in text(response)
