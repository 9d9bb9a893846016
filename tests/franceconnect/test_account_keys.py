"""Citizens' accounts keyed by an HMAC with a server secret; the sites' `sub` unchanged by it."""

import hashlib
import hmac
import unicodedata

import jwt
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from franceconnect.federation.models import User
from franceconnect.federation.provider.subjects import account_key, pivot_hash
from franceconnect.federation.services import citizen_get_or_create
from identity_providers.models import IdentityProvider
from tests.flow_fixtures import query_of
from tests.identity_providers.fake_provider import VALID_IDENTITY, FakeProvider

pytestmark = pytest.mark.django_db


def _unkeyed_hash(identity: dict) -> str:
    """The pivot hash as the portal has always computed it (the `sub`s of the sites rest on it)."""

    def normalised(value: str) -> str:
        decomposed = unicodedata.normalize("NFKD", value)
        return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())

    fields = ("given_name", "family_name", "birthdate", "gender", "birthplace", "birthcountry")
    return hashlib.sha256("\n".join(normalised(identity[field]) for field in fields).encode()).hexdigest()


def _hmac(secret: str, message: str) -> str:
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def test_the_stored_key_is_an_hmac_of_the_pivot_hash_not_the_hash_itself(settings):
    pivot = pivot_hash(VALID_IDENTITY)
    assert pivot == _unkeyed_hash(VALID_IDENTITY)

    citizen = citizen_get_or_create(pivot=pivot)

    assert citizen.account_key != pivot
    assert citizen.account_key == _hmac(settings.ACCOUNT_KEY_SECRET, pivot)
    assert pivot[:8] not in citizen.username  # the username leads back to no one
    assert citizen_get_or_create(pivot=pivot) == citizen
    assert not citizen.has_usable_password()


def test_without_the_secret_the_key_cannot_be_recomputed(settings):
    pivot = pivot_hash(VALID_IDENTITY)
    first = account_key(pivot)

    settings.ACCOUNT_KEY_SECRET = "another-deployment-secret"

    assert account_key(pivot) != first


@pytest.fixture
def second_provider(db):
    """Another identity provider vouching for the same person, with other case and accents."""
    fake = FakeProvider().start()
    fake.identity.update(given_name="ANGÉLA claire  louise", family_name="Dubois")
    fake.sub = "another-providers-sub-for-angela"
    discovery = fake.discovery()
    provider = IdentityProvider(
        slug="fake2",
        name="Autre fournisseur",
        eidas_levels=["eidas1"],
        discovery_url=f"{fake.url}/.well-known/openid-configuration",
        issuer=discovery["issuer"],
        authorization_endpoint=discovery["authorization_endpoint"],
        token_endpoint=discovery["token_endpoint"],
        userinfo_endpoint=discovery["userinfo_endpoint"],
        jwks_uri=discovery["jwks_uri"],
        end_session_endpoint=discovery["end_session_endpoint"],
        client_id=fake.client_id,
        signing_algorithms=["RS256", "ES256"],
        connect_timeout=1.0,
        read_timeout=1.0,
    )
    provider.client_secret = fake.client_secret
    provider.save()
    yield fake
    fake.stop()


def _sub_after_login(client, partner, citizen, slug: str) -> str:
    citizen.log_in_at_provider(partner.authorize(), slug=slug)
    back = citizen.confirm()
    assert back.status_code == 302, back.content[:500]
    token = partner.token(query_of(back["Location"])["code"]).json()
    client.logout()
    return jwt.decode(token["id_token"], options={"verify_signature": False})["sub"]


def test_same_person_same_account_and_same_sub_across_identity_providers(
    client, settings, partner, citizen, second_provider
):
    at_first = _sub_after_login(client, partner, citizen, "fake")
    citizen.fake = second_provider
    at_second = _sub_after_login(client, partner, citizen, "fake2")

    assert at_first == at_second
    # Derived as before the account key existed: the subjects sites already hold do not change.
    sector = partner.service_provider.subject_sector
    expected = _hmac(settings.PAIRWISE_SUBJECT_SECRET, f"{sector}\n{_unkeyed_hash(VALID_IDENTITY)}") + "v1"
    assert at_first == expected
    citizens = User.objects.filter(account_key__isnull=False)
    assert citizens.count() == 1
    assert citizens.get().account_key == _hmac(settings.ACCOUNT_KEY_SECRET, _unkeyed_hash(VALID_IDENTITY))
    assert citizens.get().connections.count() == 2


def test_admin_shows_a_short_prefix_of_the_key_only(admin_client):
    pivot = pivot_hash(VALID_IDENTITY)
    citizen = citizen_get_or_create(pivot=pivot)

    page = admin_client.get(f"/admin/franceconnect/user/{citizen.pk}/change/")

    html = page.content.decode()
    assert page.status_code == 200
    assert citizen.account_key[:8] + "…" in html
    assert citizen.account_key[:9] not in html
    assert pivot[:8] not in html


@pytest.mark.django_db(transaction=True)
def test_the_migration_keys_existing_accounts(settings):
    before = [("franceconnect", "0002_serviceprovider_allowed_identity_providers_and_more")]
    after = [("franceconnect", "0003_user_account_key")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        executor.loader.build_graph()
        old_user = executor.loader.project_state(before).apps.get_model("franceconnect", "User")
        pivot = _unkeyed_hash(VALID_IDENTITY)
        old_user.objects.create(username=f"citizen-{pivot[:32]}", password="!", pivot_hash=pivot)
        old_user.objects.create(username="an-administrator", password="!", is_staff=True)

        executor = MigrationExecutor(connection)
        executor.migrate(after)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    citizen = User.objects.get(account_key__isnull=False)
    assert citizen.account_key == _hmac(settings.ACCOUNT_KEY_SECRET, pivot)
    assert pivot[:8] not in citizen.username and citizen.username.startswith("citizen-")
    assert User.objects.get(username="an-administrator").account_key is None
    # The next login of that person finds the converted account.
    assert citizen_get_or_create(pivot=pivot_hash(VALID_IDENTITY)) == citizen
