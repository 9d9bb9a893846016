"""The Redis session store: one command per write of an existing session, and a session deleted
meanwhile (a logout in another tab) is not brought back."""

import os

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.core.cache import caches

from franceconnect.infrastructure.sessions import SessionStore

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="sessions live in Redis only with REDIS_URL"
)


class CommandCounter:
    def __init__(self, client):
        self.client, self.commands = client, []
        self._original = client.execute_command

    def __enter__(self):
        def counting(*args, **options):
            self.commands.append(args[0])
            return self._original(*args, **options)

        self.client.execute_command = counting
        return self.commands

    def __exit__(self, *_exc):
        del self.client.execute_command


def _redis_client():
    return caches["sessions"]._cache.get_client(write=True)


def test_an_existing_session_is_written_in_one_command():
    session = SessionStore()
    session["step"] = "chooser"
    session.save()
    again = SessionStore(session.session_key)
    again["step"] = "confirmation"

    with CommandCounter(_redis_client()) as commands:
        again.save()

    assert commands == ["SET"]
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


def test_a_new_session_is_created_without_overwriting_another():
    session = SessionStore()
    session["step"] = "authorize"
    session.save()

    assert session.session_key
    assert SessionStore(session.session_key).load() == {"step": "authorize"}


def test_the_session_keeps_its_expiry():
    session = SessionStore()
    session["step"] = "chooser"
    session.set_expiry(600)
    session.save()
    again = SessionStore(session.session_key)
    again["step"] = "confirmation"
    again.save()

    key = caches["sessions"].make_and_validate_key(again.cache_key)
    assert 0 < _redis_client().ttl(key) <= 600


def test_a_new_session_is_created_in_one_command():
    session = SessionStore()
    session["step"] = "authorize"

    with CommandCounter(_redis_client()) as commands:
        session.save()

    assert commands == ["SET"]  # SET … NX: no EXISTS before it


def test_a_session_key_in_use_is_not_taken_over(monkeypatch):
    taken = SessionStore()
    taken["owner"] = "first browser"
    taken.save()
    free_key = SessionStore()._get_new_session_key()
    keys = iter([taken.session_key, free_key])
    monkeypatch.setattr(SessionStore, "_get_new_session_key", lambda self: next(keys))

    other = SessionStore()
    other["owner"] = "second browser"
    other.save()

    assert other.session_key == free_key
    assert SessionStore(taken.session_key).load() == {"owner": "first browser"}
