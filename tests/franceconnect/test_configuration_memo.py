"""The configuration memo: rows read from memory until an administrator changes one, in every process."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from franceconnect.federation.selectors import identity_providers_for, service_provider_active
from franceconnect.infrastructure.cache import ConfigurationMemo
from identity_providers.selectors import identity_provider_active

pytestmark = pytest.mark.django_db


def _queries(read) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as queries:
        value = read()
    return value, len(queries)


def test_a_site_is_read_once_then_from_memory_until_it_changes(site):
    service_provider = site[0]
    client_id = service_provider.client_id

    first, first_queries = _queries(lambda: service_provider_active(client_id))
    again, again_queries = _queries(lambda: service_provider_active(client_id))
    assert first == service_provider and again is first
    assert (first_queries, again_queries) == (1, 0)

    service_provider.name = "Nouveau nom"
    service_provider.save()
    renamed, renamed_queries = _queries(lambda: service_provider_active(client_id))
    assert renamed.name == "Nouveau nom" and renamed_queries == 1


def test_a_deactivated_site_is_gone_at_once(site):
    service_provider = site[0]
    assert service_provider_active(service_provider.client_id) is not None

    service_provider.is_active = False
    service_provider.save()

    assert service_provider_active(service_provider.client_id) is None


def test_unknown_keys_are_not_kept(site):
    for number in range(3):
        assert service_provider_active(f"unknown-{number}") is None

    _value, queries = _queries(lambda: service_provider_active("unknown-0"))
    assert queries == 1  # read again: an attacker's random client_ids cannot fill the memory


def test_an_identity_provider_change_renews_the_offer_and_the_provider(site, registered_fake):
    service_provider = site[0]
    assert [provider.slug for provider in identity_providers_for(service_provider)] == ["fake"]
    assert identity_provider_active("fake").is_available

    registered_fake.availability = registered_fake.Availability.UNAVAILABLE
    registered_fake.save()  # what a failed health check does

    assert not identity_providers_for(service_provider)[0].is_available
    assert not identity_provider_active("fake").is_available


def test_a_change_of_the_sites_lists_renews_its_offer(site, registered_fake):
    service_provider = site[0]
    assert identity_providers_for(service_provider)

    service_provider.excluded_identity_providers.add(registered_fake)

    assert identity_providers_for(service_provider) == []


def test_another_process_sees_the_change_through_the_shared_generation(site):
    # Two memos of one name stand for the same memo in two processes: only the cache is shared.
    from franceconnect.federation.models import ServiceProvider

    here, elsewhere = ConfigurationMemo("memo-test"), ConfigurationMemo("memo-test")
    read = lambda: ServiceProvider.objects.get(pk=site[0].pk).name  # noqa: E731
    assert here.get("name", read) == elsewhere.get("name", read) == "Site partenaire"
    ServiceProvider.objects.filter(pk=site[0].pk).update(name="Changé sans signal")

    assert elsewhere.get("name", read) == "Site partenaire"  # still in memory
    here.changed()  # what the signals call (and what code using update() must call)
    assert elsewhere.get("name", read) == "Changé sans signal"


def test_an_emptied_cache_starts_every_process_afresh(site):
    from django.core.cache import cache

    service_provider_active(site[0].client_id)
    cache.clear()

    _value, queries = _queries(lambda: service_provider_active(site[0].client_id))
    assert queries == 1


# Django's own receivers of request_started/finished close the test's database connection:
# the memo's receivers are called directly.


def test_within_a_request_the_generation_is_read_once(site):
    from franceconnect.infrastructure.cache import CONFIGURATION

    client_id = site[0].client_id
    reads = []
    original = CONFIGURATION._current_generation
    CONFIGURATION._current_generation = lambda: reads.append(1) or original()
    try:
        CONFIGURATION._request_started()
        for _ in range(3):
            service_provider_active(client_id)
        CONFIGURATION._request_finished()
        assert len(reads) == 1
        service_provider_active(client_id)  # outside a request: checked on every read
        service_provider_active(client_id)
        assert len(reads) == 3
    finally:
        del CONFIGURATION._current_generation


def test_a_change_during_a_request_is_seen_by_that_request(site):
    from franceconnect.infrastructure.cache import CONFIGURATION

    service_provider = site[0]
    CONFIGURATION._request_started()
    try:
        assert service_provider_active(service_provider.client_id).name == "Site partenaire"
        service_provider.name = "Renommé"
        service_provider.save()
        assert service_provider_active(service_provider.client_id).name == "Renommé"
    finally:
        CONFIGURATION._request_finished()


def test_one_generation_is_read_per_request_for_sites_and_providers_alike(site, registered_fake):
    from franceconnect.infrastructure.cache import CONFIGURATION

    service_provider_active(site[0].client_id)  # warm
    identity_provider_active(registered_fake.slug)
    reads = []
    original = CONFIGURATION._current_generation
    CONFIGURATION._current_generation = lambda: reads.append(1) or original()
    try:
        CONFIGURATION._request_started()
        service_provider_active(site[0].client_id)
        identity_provider_active(registered_fake.slug)
        CONFIGURATION._request_finished()
    finally:
        del CONFIGURATION._current_generation
    assert len(reads) == 1
