"""The sandbox rule, enforced by the portal: a sandbox site is offered only identity providers of
test identities, a production site never one, and the callback refuses a mismatch even when the
step before it was forged. A renewed secret's predecessor works at the token endpoint during its
grace period, and not after."""

from datetime import timedelta

import pytest
from django.utils import timezone

from franceconnect.federation.flow import views as flow_views
from franceconnect.federation.models import ServiceProvider
from franceconnect.federation.selectors import identity_providers_for
from identity_providers.models import IdentityProvider
from partner_space.services import site_secret_renew
from tests.flow.test_selectors import _provider
from tests.flow_fixtures import interaction_in, query_of
from tests.partner_space.conftest import person_make
from tests.provider.helpers import basic


def code_for(partner, citizen) -> str:
    """A code for the partner; a second one in the same browser comes from the single sign-on's
    confirmation screen."""
    response = partner.authorize()
    if response.status_code == 200 and "franceconnect/confirmation.html" in {
        t.name for t in response.templates
    }:
        citizen.read_confirmation(response)
    else:
        citizen.log_in_at_provider(response)
    return query_of(citizen.confirm()["Location"])["code"]


pytestmark = pytest.mark.django_db


def _sandbox(site: ServiceProvider) -> ServiceProvider:
    site.environment = ServiceProvider.Environment.SANDBOX
    site.save()
    return site


def test_a_sandbox_site_is_offered_only_testing_providers_and_a_production_site_none():
    real = _provider("impots", 1)
    testing = _provider("bac-a-sable", 2, for_testing=True)
    sandbox = ServiceProvider.objects.create(name="Bac à sable", environment="sandbox", client_id="sandbox")
    production = ServiceProvider.objects.create(name="Production", client_id="production")

    assert identity_providers_for(sandbox) == [testing]
    assert identity_providers_for(production) == [real]
    sandbox.allowed_identity_providers.set([real])  # even when an operator allows a real one
    assert identity_providers_for(sandbox) == []


def test_the_sandbox_chooser_shows_only_the_testing_provider(partner, registered_fake):
    _provider("impots", 1)
    registered_fake.for_testing = True
    registered_fake.save()
    _sandbox(partner.service_provider)

    chooser = partner.authorize()

    assert [choice["provider"].slug for choice in chooser.context["choices"]] == ["fake"]


def test_a_production_site_never_sees_a_testing_provider(partner, registered_fake):
    registered_fake.for_testing = True
    registered_fake.save()

    chooser = partner.authorize()

    assert chooser.context["choices"] == []
    assert partner.client.get(f"/connexion/{interaction_in(chooser)}/fi/fake/").status_code == 400


def _forged_callback(client, partner, citizen, monkeypatch, *, keep_forged_list: bool):
    """The browser reaches a real provider from a sandbox site's interaction (as if the chooser had
    offered it), logs in there, and comes back to the callback."""
    chooser = partner.authorize()
    interaction = interaction_in(chooser)
    real = IdentityProvider.objects.get(slug="fake")
    monkeypatch.setattr(flow_views, "identity_providers_for", lambda site: [real])
    to_provider = client.get(f"/connexion/{interaction}/fi/fake/")
    assert to_provider.status_code == 302
    if not keep_forged_list:
        monkeypatch.undo()
    code = citizen.fake.authorize(to_provider["Location"])
    return client.get("/fi/retour", {"code": code, "state": query_of(to_provider["Location"])["state"]})


@pytest.mark.parametrize("keep_forged_list", [False, True])
def test_a_forged_callback_with_a_real_provider_is_refused_at_a_sandbox_site(
    client, partner, citizen, monkeypatch, keep_forged_list
):
    _sandbox(partner.service_provider)

    back = _forged_callback(client, partner, citizen, monkeypatch, keep_forged_list=keep_forged_list)

    assert back.status_code == 400
    assert back.context["error"].code == "provider_not_offered"
    assert "_auth_user_id" not in client.session  # no single sign-on, nothing released


def _renewed(partner, *, grace_expired: bool) -> str:
    author = person_make()
    site = partner.service_provider
    new_secret = site_secret_renew(site=site, author=author)
    if grace_expired:
        site.refresh_from_db()
        site.previous_client_secret_expires_at = timezone.now() - timedelta(seconds=1)
        site.save()
    return new_secret


def test_the_previous_secret_works_at_the_token_endpoint_during_its_grace_period(partner, citizen, settings):
    settings.CLIENT_SECRET_GRACE_HOURS = 24
    old_secret = partner.secret
    new_secret = _renewed(partner, grace_expired=False)

    old = partner.token(code_for(partner, citizen), client_secret=old_secret)
    new = partner.token(code_for(partner, citizen), client_secret=new_secret)

    assert old.status_code == 200, old.content
    assert new.status_code == 200, new.content
    wrong = partner.token(code_for(partner, citizen), client_secret="not-a-secret-of-this-site")
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"


def test_the_previous_secret_is_refused_after_its_grace_period(partner, citizen):
    old_secret = partner.secret
    new_secret = _renewed(partner, grace_expired=True)

    old = partner.token(code_for(partner, citizen), client_secret=old_secret)

    assert old.status_code == 401 and old.json()["error"] == "invalid_client"
    assert partner.token(code_for(partner, citizen), client_secret=new_secret).status_code == 200


def test_the_previous_secret_in_a_basic_header_works_during_the_grace_period(partner, citizen):
    old_secret = partner.secret
    _renewed(partner, grace_expired=False)

    response = partner.client.post(
        "/api/v2/token",
        {
            "grant_type": "authorization_code",
            "code": code_for(partner, citizen),
            "redirect_uri": partner.authorize_params()["redirect_uri"],
        },
        headers={"authorization": basic(partner.client_id, old_secret)},
    )

    assert response.status_code == 200, response.content


def test_an_operators_renewal_stops_the_old_secret_at_once(partner, citizen):
    from franceconnect.federation.services import service_provider_secret_renew

    old_secret = partner.secret
    service_provider_secret_renew(service_provider=partner.service_provider)

    assert partner.token(code_for(partner, citizen), client_secret=old_secret).status_code == 401
