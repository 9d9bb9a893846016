import pytest
from django.core.cache import cache

from support.models import Ticket
from tests.support.test_contact import FORM

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters(settings):
    settings.SUPPORT_RATE_LIMIT_PER_IP = "3/h"
    settings.SUPPORT_RATE_LIMIT_PER_EMAIL = "2/h"
    cache.clear()
    yield
    cache.clear()


def _post(client, **changes):
    return client.post("/contact/", {**FORM, **changes})


def test_the_rate_limit_is_counted_in_the_shared_cache():
    from django.conf import settings
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(caches["default"], RedisCache) or not settings.REDIS_URL


def test_the_limit_per_ip_trips_at_the_configured_count_with_a_readable_page(client):
    for number in range(3):
        assert _post(client, email=f"person{number}@example.org").status_code == 302

    limited = _post(client, email="someone-else@example.org")

    assert limited.status_code == 429
    assert "Trop de demandes" in limited.content.decode()
    assert Ticket.objects.count() == 3


def test_the_limit_per_email_trips_at_its_own_count(client):
    assert _post(client).status_code == 302
    assert _post(client, email="ANGELA@example.org").status_code == 302  # the same address, in capitals

    assert _post(client, REMOTE_ADDR="203.0.113.9").status_code == 429


def test_the_limit_resets_after_its_window(client, monkeypatch):
    import django_ratelimit.core as ratelimit_core

    for number in range(3):
        _post(client, email=f"person{number}@example.org")
    assert _post(client, email="late@example.org").status_code == 429

    later = ratelimit_core.time.time() + 3600
    monkeypatch.setattr(ratelimit_core.time, "time", lambda: later)

    assert _post(client, email="late@example.org").status_code == 302


def test_reading_the_form_is_not_limited(client):
    for _ in range(10):
        assert client.get("/contact/").status_code == 200
