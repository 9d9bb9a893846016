"""The whole federation over real HTTP: the portal (live server), the two demo identity
providers and the two demo partner sites (gunicorn subprocesses), as `make demo` runs them."""

import pytest
from django.core.cache import cache

from demo.citizens import IDENTITY_PROVIDERS
from demo.partner_site.instances import PARTNER_SITES, SCOPE
from franceconnect.federation.services import service_provider_register
from tests.demo_partner_site.partner_site import PartnerSite
from tests.identity_providers.demo_idp import DemoIdentityProvider


class Federation:
    def __init__(self, portal_url: str, identity_providers: dict, partner_sites: dict):
        self.portal_url = portal_url
        self.identity_providers = identity_providers
        self.partner_sites = partner_sites

    def register_everything(self) -> None:
        """The portal's rows (a test's database starts empty): what demo.setup does."""
        for instance, idp in self.identity_providers.items():
            idp.register_in_portal(name=IDENTITY_PROVIDERS[instance]["name"])
        for instance, site in self.partner_sites.items():
            service_provider, secret = service_provider_register(
                name=PARTNER_SITES[instance]["name"],
                redirect_uris=[f"{site.url}/oidc/callback/"],
                post_logout_redirect_uris=[f"{site.url}/deconnexion/retour"],
                algorithm=PARTNER_SITES[instance]["id_token_signed_response_alg"],
                scopes=SCOPE.split(),
            )
            site.register(service_provider.client_id, secret)


@pytest.fixture(scope="session")
def federation_processes(live_server, tmp_path_factory):
    """Started once for every journey module (each start costs ~11 s): tests share no state
    through them, as each opens a new browser context and registers the portal's rows anew."""
    var_dir = tmp_path_factory.mktemp("federation")
    portal = live_server.url
    idps = {instance: DemoIdentityProvider(instance, var_dir) for instance in IDENTITY_PROVIDERS}
    sites = {instance: PartnerSite(instance, var_dir, portal) for instance in PARTNER_SITES}
    for idp in idps.values():
        idp.prepare(f"{portal}/fi/retour", post_logout_redirect_uri=f"{portal}/api/v2/session/end/retour")
    started = []
    try:
        for process in [*idps.values(), *sites.values()]:
            started.append(process.start())
        yield Federation(portal, idps, sites)
    finally:
        for process in started:
            process.stop()


@pytest.fixture
def federation(federation_processes, settings, transactional_db):
    """The portal answers as the public address its partners know (the live server's)."""
    portal = federation_processes.portal_url
    settings.PUBLIC_BASE_URL = portal
    settings.OAUTH2_PROVIDER = {**settings.OAUTH2_PROVIDER, "OIDC_ISS_ENDPOINT": f"{portal}/api/v2"}
    cache.clear()
    federation_processes.register_everything()
    return federation_processes
