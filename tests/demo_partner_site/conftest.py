import pytest
import requests

from tests.demo_partner_site.fake_portal import FakePortal
from tests.demo_partner_site.partner_site import PartnerSite


@pytest.fixture(scope="module")
def fake_portal():
    portal = FakePortal().start()
    yield portal
    portal.stop()


@pytest.fixture(scope="module")
def partner_site(fake_portal, tmp_path_factory):
    site = PartnerSite("retraite", tmp_path_factory.mktemp("var"), fake_portal.url)
    site.register(fake_portal.client_id, fake_portal.client_secret)
    site.start()
    yield site
    site.stop()


@pytest.fixture
def portal(fake_portal):
    fake_portal.reset()
    yield fake_portal
    fake_portal.reset()


@pytest.fixture
def browser():
    with requests.Session() as session:
        yield session
