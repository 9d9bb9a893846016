import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import override_settings

from identity_providers import secrets
from identity_providers.models import IdentityProvider

pytestmark = pytest.mark.django_db

SECRET = "the-portal-secret-at-the-provider"


@pytest.fixture(autouse=True)
def fresh_keys():
    secrets._fernet.cache_clear()
    yield
    secrets._fernet.cache_clear()


def _provider() -> IdentityProvider:
    provider = IdentityProvider(
        slug="p", name="P", discovery_url="https://p.example/.well-known/openid-configuration", client_id="c"
    )
    provider.client_secret = SECRET
    provider.save()
    return provider


def test_the_client_secret_is_stored_encrypted():
    provider = _provider()

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT client_secret_encrypted FROM identity_providers_identityprovider WHERE id = %s",
            [provider.pk],
        )
        stored = cursor.fetchone()[0]

    assert SECRET not in stored
    assert stored.startswith("gAAAAA")  # a Fernet token
    assert IdentityProvider.objects.get(pk=provider.pk).client_secret == SECRET


def test_a_rotated_key_still_decrypts_older_secrets_and_encrypts_with_the_new_one(settings):
    provider = _provider()
    old_key = settings.IDP_SECRET_KEYS[0]
    settings.IDP_SECRET_KEYS = [Fernet.generate_key().decode(), old_key]
    secrets._fernet.cache_clear()

    reloaded = IdentityProvider.objects.get(pk=provider.pk)
    assert reloaded.client_secret == SECRET
    reloaded.client_secret = reloaded.client_secret
    reloaded.save()

    settings.IDP_SECRET_KEYS = settings.IDP_SECRET_KEYS[:1]
    secrets._fernet.cache_clear()
    assert IdentityProvider.objects.get(pk=provider.pk).client_secret == SECRET


def test_a_secret_encrypted_with_a_removed_key_is_a_clear_configuration_error():
    provider = _provider()

    with override_settings(IDP_SECRET_KEYS=[Fernet.generate_key().decode()]):
        secrets._fernet.cache_clear()
        with pytest.raises(ImproperlyConfigured, match="cannot be decrypted"):
            IdentityProvider.objects.get(pk=provider.pk).client_secret  # noqa: B018


@override_settings(IDP_SECRET_KEYS=["not-a-fernet-key"])
def test_a_malformed_key_is_a_clear_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="Fernet keys"):
        secrets.secret_encrypt("x")
