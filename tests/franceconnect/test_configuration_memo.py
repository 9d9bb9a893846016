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


class Clock:
    """The memo's clock, moved by the test (its module's name only: patching the time module itself
    would move every thread's clock, the identity-provider calls' deadline watchdog included)."""

    def __init__(self, monkeypatch):
        from franceconnect.infrastructure import cache

        self.now = 1000.0
        monkeypatch.setattr(cache, "monotonic", lambda: self.now)

    def advance(self, seconds: float) -> None:
        self.now += seconds


def test_another_process_sees_the_change_within_the_check_delay(site, monkeypatch, settings):
    # Two memos of one name stand for the same memo in two processes: only the cache is shared.
    from franceconnect.federation.models import ServiceProvider

    settings.CONFIGURATION_MEMO_CHECK_SECONDS = 1.0
    clock = Clock(monkeypatch)
    here, elsewhere = ConfigurationMemo("memo-test"), ConfigurationMemo("memo-test")
    read = lambda: ServiceProvider.objects.get(pk=site[0].pk).name  # noqa: E731
    assert here.get("name", read) == elsewhere.get("name", read) == "Site partenaire"
    ServiceProvider.objects.filter(pk=site[0].pk).update(name="Changé sans signal")
    here.changed()  # what the signals call (and what code using update() must call)

    assert here.get("name", read) == "Changé sans signal"  # the process that changed it: at once
    clock.advance(0.9)
    assert elsewhere.get("name", read) == "Site partenaire"  # another one: not yet
    clock.advance(0.1)
    assert elsewhere.get("name", read) == "Changé sans signal"  # within the delay


def test_an_emptied_cache_starts_every_process_afresh(site, monkeypatch):
    from django.core.cache import cache

    clock = Clock(monkeypatch)
    service_provider_active(site[0].client_id)
    cache.clear()
    clock.advance(1.0)

    _value, queries = _queries(lambda: service_provider_active(site[0].client_id))
    assert queries == 1


def test_the_generation_is_read_at_most_once_per_delay(site, monkeypatch):
    from franceconnect.infrastructure.cache import CONFIGURATION

    clock = Clock(monkeypatch)
    client_id = site[0].client_id
    service_provider_active(client_id)
    reads = []
    original = CONFIGURATION._current_generation
    CONFIGURATION._current_generation = lambda: reads.append(1) or original()
    try:
        clock.advance(1.0)
        for _ in range(6):  # a login's six requests
            service_provider_active(client_id)
        assert len(reads) == 1
        clock.advance(1.0)
        service_provider_active(client_id)
        assert len(reads) == 2
    finally:
        del CONFIGURATION._current_generation
