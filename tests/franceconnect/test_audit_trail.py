"""The back office's audit trail (django-simple-history): who changed a partner site, an identity
provider, a staff account or a role, when, before and after; readable in admin, not editable there;
citizens' accounts and health checks stay out of it."""

import pytest
from django.contrib.auth.models import Group, Permission

from franceconnect.federation.models import ServiceProvider, User
from franceconnect.federation.services import citizen_accounts_purge_inactive, citizen_get_or_create
from identity_providers.models import IdentityProvider
from identity_providers.services import identity_provider_check_health
from tests.identity_providers.test_admin import _form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    return IdentityProvider.objects.create(
        slug="impots",
        name="impots.gouv.fr",
        discovery_url="https://127.0.0.1:9/.well-known/openid-configuration",
        client_id="portal",
    )


def test_an_administrator_s_change_to_a_provider_is_recorded_with_before_and_after(
    admin_client, admin_user, registered_fake, fake_provider
):
    answer = admin_client.post(
        f"/admin/identity_providers/identityprovider/{registered_fake.pk}/change/",
        _form_data(fake_provider, slug="fake", name="Fournisseur renommé", new_client_secret=""),
    )
    assert answer.status_code == 302

    latest = registered_fake.history.first()
    assert latest.history_user == admin_user and latest.name == "Fournisseur renommé"
    delta = latest.diff_against(latest.prev_record)
    assert [(change.old, change.new) for change in delta.changes if change.field == "name"] == [
        ("Fournisseur factice", "Fournisseur renommé")
    ]
    assert not hasattr(latest, "client_secret_encrypted")  # secrets stay out of the trail


def test_the_history_is_readable_in_admin_and_cannot_revert(admin_client, provider):
    provider.name = "renamed"
    provider.save()
    history = admin_client.get(f"/admin/identity_providers/identityprovider/{provider.pk}/history/")
    assert history.status_code == 200 and "renamed" in history.content.decode()

    first = provider.history.last()  # as it was created
    url = f"/admin/identity_providers/identityprovider/{provider.pk}/history/{first.history_id}/"
    admin_client.post(url, {"name": first.name, "slug": first.slug})  # "revert" is switched off

    provider.refresh_from_db()
    assert provider.name == "renamed"


def test_a_health_check_is_not_a_change(provider):
    before = provider.history.count()

    identity_provider_check_health(provider_id=provider.pk)  # fails: nothing listens there

    assert provider.history.count() == before


def test_partner_sites_staff_accounts_and_roles_are_recorded(admin_user, site):
    service_provider = site[0]
    service_provider.allowed_scopes = "openid"
    service_provider.save()
    staff = User.objects.create_user("agent", password="x" * 20, is_staff=True)
    role = Group.objects.create(name="Rôle d'essai")
    role.permissions.add(Permission.objects.get(codename="view_ticket"))
    staff.groups.add(role)

    assert service_provider.history.first().allowed_scopes == "openid"
    assert not hasattr(service_provider.history.first(), "client_secret")
    assert staff.history.count() == 2  # created, then given a group
    assert list(staff.history.first().groups.values_list("group__name", flat=True)) == ["Rôle d'essai"]
    assert role.history.first().permissions.count() == 1
    assert not hasattr(staff.history.first(), "password")


def test_citizens_accounts_never_reach_the_trail(settings):
    citizen = citizen_get_or_create(pivot="0" * 64)
    settings.CITIZEN_ACCOUNT_RETENTION_DAYS = 0
    User.objects.filter(pk=citizen.pk).update(date_joined="2000-01-01T00:00:00Z")

    citizen_accounts_purge_inactive()

    assert User.history.filter(id=citizen.pk).count() == 0
    assert ServiceProvider.history.count() == 0
