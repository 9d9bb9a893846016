import html
from datetime import UTC, datetime

import pytest

from identity_providers.models import HealthCheck, IdentityProvider
from identity_providers.services import identity_provider_check_health

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/identity_providers/identityprovider/"


def _form_data(fake_provider, **overrides):
    return {
        "name": "Fournisseur factice",
        "slug": "factice",
        "order": 10,
        "is_active": "on",
        "is_displayed": "on",
        "unavailable_message": "",
        "eidas_levels": ["eidas1"],
        "discovery_url": f"{fake_provider.url}/.well-known/openid-configuration",
        "userinfo_format": "json",
        "client_id": fake_provider.client_id,
        "new_client_secret": fake_provider.client_secret,
        "scopes": "openid given_name family_name",
        "connect_timeout": 2,
        "read_timeout": 3,
        **overrides,
    }


def test_an_administrator_adds_a_provider_with_an_encrypted_secret(admin_client, fake_provider):
    response = admin_client.post(f"{CHANGELIST}add/", _form_data(fake_provider))

    assert response.status_code == 302, response.context["adminform"].form.errors
    provider = IdentityProvider.objects.get(slug="factice")
    assert provider.client_secret == fake_provider.client_secret
    assert fake_provider.client_secret not in provider.client_secret_encrypted


def test_a_new_provider_needs_a_secret(admin_client, fake_provider):
    response = admin_client.post(f"{CHANGELIST}add/", _form_data(fake_provider, new_client_secret=""))

    assert response.status_code == 200
    assert "Un secret client est obligatoire." in response.content.decode()
    assert not IdentityProvider.objects.exists()


def test_the_secret_is_never_shown_back_and_is_kept_when_left_empty(
    admin_client, registered_fake, fake_provider
):
    page = admin_client.get(f"{CHANGELIST}{registered_fake.pk}/change/").content.decode()

    assert fake_provider.client_secret not in page
    assert registered_fake.client_secret_encrypted not in page
    assert "défini (chiffré)" in page

    response = admin_client.post(
        f"{CHANGELIST}{registered_fake.pk}/change/",
        _form_data(fake_provider, slug="fake", new_client_secret="", eidas_levels=["eidas1", "eidas2"]),
    )

    assert response.status_code == 302
    registered_fake.refresh_from_db()
    assert registered_fake.client_secret == fake_provider.client_secret


def test_the_secret_can_be_replaced(admin_client, registered_fake, fake_provider):
    admin_client.post(
        f"{CHANGELIST}{registered_fake.pk}/change/",
        _form_data(fake_provider, slug="fake", new_client_secret="a-brand-new-secret"),
    )

    registered_fake.refresh_from_db()
    assert registered_fake.client_secret == "a-brand-new-secret"


def test_the_list_shows_status_and_last_health_result_in_few_queries(
    admin_client, registered_fake, django_assert_max_num_queries
):
    identity_provider_check_health(provider_id=registered_fake.pk)

    with django_assert_max_num_queries(8):
        page = admin_client.get(CHANGELIST).content.decode()

    assert "Fournisseur factice" in page
    assert "disponible" in page
    assert "réussie (" in page


def test_the_last_check_reads_in_paris_time_like_every_other_time_in_admin(admin_client, registered_fake):
    HealthCheck.objects.create(
        provider=registered_fake,
        ok=True,
        duration_ms=12,
        checked_at=datetime(2026, 7, 1, 10, 5, tzinfo=UTC),
    )

    page = admin_client.get(CHANGELIST).content.decode()

    assert "réussie (01/07/2026 12:05)" in page  # 10:05 UTC is 12:05 in Paris in summer


@pytest.mark.parametrize("query", ["availability__exact=unavailable", "is_active__exact=1", "q=factice"])
def test_the_list_filters_and_search(admin_client, registered_fake, query):
    assert admin_client.get(f"{CHANGELIST}?{query}").status_code == 200


def test_refresh_from_discovery_action(admin_client, registered_fake, fake_provider):
    registered_fake.token_endpoint = "https://stale.example/token"
    registered_fake.save()

    response = admin_client.post(
        CHANGELIST,
        {"action": "refresh_from_discovery", "_selected_action": [registered_fake.pk]},
        follow=True,
    )

    registered_fake.refresh_from_db()
    assert registered_fake.token_endpoint == f"{fake_provider.url}/token"
    assert registered_fake.discovery_refreshed_at is not None
    assert "points d'accès mis à jour" in html.unescape(response.content.decode())


def test_refresh_from_discovery_reports_a_failure(admin_client, registered_fake, fake_provider):
    fake_provider.stop()

    response = admin_client.post(
        CHANGELIST,
        {"action": "refresh_from_discovery", "_selected_action": [registered_fake.pk]},
        follow=True,
    )

    assert "échec de la découverte (unreachable" in html.unescape(response.content.decode())


def test_test_the_connection_action_shows_the_result_and_records_it(
    admin_client, registered_fake, fake_provider
):
    response = admin_client.post(
        CHANGELIST, {"action": "test_connection", "_selected_action": [registered_fake.pk]}, follow=True
    )
    assert "connexion réussie en" in response.content.decode()

    fake_provider.stop()
    response = admin_client.post(
        CHANGELIST, {"action": "test_connection", "_selected_action": [registered_fake.pk]}, follow=True
    )
    assert "échec de la connexion (unreachable" in html.unescape(response.content.decode())

    page = admin_client.get(f"{CHANGELIST}{registered_fake.pk}/change/").content.decode()
    assert page.count("<td>réussie</td>") == 1 and page.count("<td>échouée</td>") == 1


def test_the_change_history_records_administrators_changes(admin_client, registered_fake, fake_provider):
    admin_client.post(
        f"{CHANGELIST}{registered_fake.pk}/change/",
        _form_data(fake_provider, slug="fake", new_client_secret="", name="Nouveau nom"),
    )

    history = admin_client.get(f"{CHANGELIST}{registered_fake.pk}/history/").content.decode()

    # The audit trail (django-simple-history): the change, its author, the value before and after.
    assert "Nouveau nom" in history and "Fournisseur factice" in history
    assert "admin" in history


def test_non_staff_cannot_reach_the_registry(client, django_user_model, registered_fake):
    user = django_user_model.objects.create_user("citizen", password="x")
    client.force_login(user)

    assert client.get(CHANGELIST).status_code == 302


def test_the_password_change_page_is_set_in_admin_and_must_be_https(admin_client, fake_provider):
    refused = admin_client.post(
        f"{CHANGELIST}add/", _form_data(fake_provider, password_change_url="http://idp.example/mot-de-passe")
    )
    assert refused.status_code == 200
    assert "password_change_url" in refused.context["adminform"].form.errors

    accepted = admin_client.post(
        f"{CHANGELIST}add/", _form_data(fake_provider, password_change_url="idp.example/mot-de-passe")
    )
    assert accepted.status_code == 302
    assert IdentityProvider.objects.get().password_change_url == "https://idp.example/mot-de-passe"


def test_the_password_change_page_is_optional(admin_client, fake_provider):
    assert admin_client.post(f"{CHANGELIST}add/", _form_data(fake_provider)).status_code == 302
    assert IdentityProvider.objects.get().password_change_url == ""
