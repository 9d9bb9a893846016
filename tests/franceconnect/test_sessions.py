"""The Redis session store: Django's cache store, except that an unreachable Redis is an outage
(raised, then answered 503) rather than an empty session that silently drops a login in progress."""

import os

import pytest
import redis
from django.contrib.sessions.backends.base import UpdateError
from django.core.cache import caches

from franceconnect.infrastructure.sessions import SessionStore

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="sessions live in Redis only with REDIS_URL"
)


def test_a_session_is_written_and_read_back():
    session = SessionStore()
    session["step"] = "chooser"
    session.save()
    again = SessionStore(session.session_key)
    again["step"] = "confirmation"
    again.save()

    assert SessionStore(session.session_key).load() == {"step": "confirmation"}


def test_a_session_deleted_meanwhile_is_not_brought_back():
    session = SessionStore()
    session["step"] = "chooser"
    session.save()
    same = SessionStore(session.session_key)
    assert same["step"] == "chooser"  # this request has read it
    session.delete()  # the logout in another tab

    same["step"] = "confirmation"
    with pytest.raises(UpdateError):
        same.save()
    assert caches["sessions"].get(same.cache_key) is None


def test_an_unknown_or_forged_key_is_no_session():
    assert SessionStore("unknown-session-key-0123456789").load() == {}
    assert SessionStore("x" * 300).load() == {}


def test_an_unreachable_store_is_raised_not_read_as_an_empty_session(monkeypatch):
    session = SessionStore()
    session["step"] = "chooser"
    session.save()

    def unreachable(*_args, **_kwargs):
        raise redis.ConnectionError("Connection refused")

    monkeypatch.setattr(caches["sessions"], "get", unreachable)

    with pytest.raises(redis.ConnectionError):
        SessionStore(session.session_key).load()
