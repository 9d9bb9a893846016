"""Sessions live as long as the single sign-on (cookie and store alike), and SESSION_REDIS_URL
really puts them in another Redis than the cache and the broker."""

import os

import pytest
import redis
from django.core.cache import caches

from tests.flow_fixtures import interaction_in
from tests.franceconnect.test_settings import PRODUCTION_ENVIRONMENT, _run_with
from tests.notifications.servers import PrivateRedis

REDIS_ONLY = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="sessions live in Redis only with REDIS_URL"
)

PRINT_STORES = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.CACHES['default']['LOCATION'], s.CACHES['sessions']['LOCATION'], s.CELERY_BROKER_URL, "
    "s.SESSION_COOKIE_AGE, s.SSO_LIFETIME_SECONDS)"
)


def _stores(**environment) -> list[str]:
    result = _run_with({**PRODUCTION_ENVIRONMENT, **environment}, "-c", PRINT_STORES)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_session_redis_url_separates_sessions_from_cache_and_broker():
    cache, sessions, broker, _age, _sso = _stores(SESSION_REDIS_URL="redis://sessions.example.gouv.fr:6379/0")

    assert sessions == "redis://sessions.example.gouv.fr:6379/0"
    assert cache == broker == PRODUCTION_ENVIRONMENT["REDIS_URL"]


def test_without_session_redis_url_sessions_share_the_cache_and_brokers_redis():
    cache, sessions, broker, _age, _sso = _stores()

    assert cache == sessions == broker


def test_the_session_cookie_lives_as_long_as_the_single_sign_on():
    *_, age, sso = _stores(SSO_LIFETIME_SECONDS="900")

    assert age == sso == "900"


@pytest.mark.django_db
def test_a_new_session_lives_as_long_as_the_single_sign_on_in_cookie_and_store(
    client, partner, citizen, settings
):
    # The first step that writes to the browser's session: the way to the identity provider.
    response = client.get(f"/connexion/{interaction_in(partner.authorize())}/fi/fake/")

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SSO_LIFETIME_SECONDS == 1800
    if settings.SESSION_ENGINE == "franceconnect.infrastructure.sessions":
        store = caches["sessions"]
        key = store.make_and_validate_key(f"django.contrib.sessions.cache{cookie.value}")
        assert 1700 < store._cache.get_client(key).ttl(key) <= 1800


@REDIS_ONLY
@pytest.mark.django_db
def test_sessions_in_their_own_redis_are_written_there_only(tmp_path, settings, client, partner, citizen):
    sessions_server = PrivateRedis(tmp_path).start()
    try:
        settings.CACHES = {
            **settings.CACHES,
            "sessions": {**settings.CACHES["sessions"], "LOCATION": sessions_server.url},
        }
        cache_redis = caches["default"]._cache.get_client(write=True)
        before = set(cache_redis.scan_iter("*session*"))

        client.get(f"/connexion/{interaction_in(partner.authorize())}/fi/fake/")  # a new session

        assert any(b"session" in key for key in redis.Redis.from_url(sessions_server.url).keys("*"))
        assert set(cache_redis.scan_iter("*session*")) == before
    finally:
        sessions_server.stop()
