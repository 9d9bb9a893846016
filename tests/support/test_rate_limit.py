"""The contact form's limits count accepted requests, per client address and per e-mail address;
a limited person keeps what they typed and reads what happened and when to send again."""

import html
import re

import pytest
import redis
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
    """Form fields in lower case; request headers (REMOTE_ADDR, HTTP_…) in capitals."""
    meta = {key: value for key, value in changes.items() if key.isupper()}
    fields = {key: value for key, value in changes.items() if not key.isupper()}
    return client.post("/contact/", {**FORM, **fields}, **meta)


def _text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_the_rate_limit_is_counted_in_the_shared_cache():
    from django.conf import settings
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(caches["default"], RedisCache) or not settings.REDIS_URL


def test_the_limit_per_address_keeps_the_message_and_says_when_to_send_it(client):
    for number in range(3):
        assert _post(client, email=f"person{number}@example.org").status_code == 302

    limited = _post(client, email="someone-else@example.org", message="Mon message tapé avec soin.")

    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 3600
    text = _text(limited)
    assert "Votre demande n'a pas encore été envoyée" in text
    assert "depuis votre connexion internet" in text
    assert re.search(r"à partir de \d\d:\d\d, dans \d+ minutes? environ", text)
    # Nothing is claimed about requests this person never sent.
    assert "bien été reçue" not in text
    form = limited.context["form"]
    assert form["message"].value() == "Mon message tapé avec soin."
    assert form["email"].value() == "someone-else@example.org"
    assert 'id="form-summary" tabindex="-1" autofocus' in limited.content.decode()
    assert Ticket.objects.count() == 3


def test_the_limit_per_email_counts_accepted_requests_only(client):
    for _ in range(4):  # mistakes: nothing was sent, nothing is counted
        assert _post(client, message="court").status_code == 200
    assert _post(client).status_code == 302
    assert _post(client, email="ANGELA@example.org").status_code == 302  # the same address, in capitals

    limited = _post(client, REMOTE_ADDR="203.0.113.9")

    assert limited.status_code == 429
    text = _text(limited)
    assert "2 demandes ont déjà été envoyées récemment avec cette adresse électronique" in text
    assert "elles ont bien été reçues" in text
    assert Ticket.objects.count() == 2


def test_invalid_submissions_never_use_up_the_limit_per_address(client):
    for _ in range(5):
        _post(client, email="pas-une-adresse")

    assert _post(client).status_code == 302


def test_the_limit_resets_after_its_window(client, monkeypatch):
    import django_ratelimit.core as ratelimit_core

    for number in range(3):
        _post(client, email=f"person{number}@example.org")
    assert _post(client, email="late@example.org").status_code == 429

    later = ratelimit_core.time.time() + 3600
    monkeypatch.setattr(ratelimit_core.time, "time", lambda: later)

    assert _post(client, email="late@example.org").status_code == 302


def test_behind_the_proxy_each_person_has_their_own_limit(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    settings.SUPPORT_RATE_LIMIT_PER_EMAIL = ""

    def through_proxy(client_address, email):
        return _post(client, email=email, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=client_address)

    for number in range(3):
        assert through_proxy("192.0.2.1", f"a{number}@example.org").status_code == 302
    assert through_proxy("192.0.2.2", "b@example.org").status_code == 302  # someone else
    assert through_proxy("198.51.100.4, 192.0.2.1", "c@example.org").status_code == 429  # spoofing


def test_with_the_cache_down_a_request_for_help_is_still_accepted(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise redis.exceptions.ConnectionError("down")

    monkeypatch.setattr("support.rate_limits.get_usage", unreachable)

    assert _post(client).status_code == 302
    assert Ticket.objects.count() == 1


def test_reading_the_form_is_not_limited(client):
    for _ in range(10):
        assert client.get("/contact/").status_code == 200


def test_a_flood_of_forms_is_stopped_by_the_pages_limit(client, settings):
    settings.RATE_LIMIT_PAGES_PER_IP = "5/m"

    statuses = [_post(client, message="court").status_code for _ in range(7)]

    assert statuses == [200] * 5 + [429, 429]
