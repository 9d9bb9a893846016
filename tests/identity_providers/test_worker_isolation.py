"""A trickling identity provider does not block logins through another one.

The portal runs as in production: gunicorn with 2 sync workers, each serving one request at a
time. Two citizens come back from a provider that answers its token request one byte every
50 ms (about a minute for the whole answer): both workers are held by it. A third citizen
logging in through another provider is served as soon as the call deadline frees a worker,
not when the trickling answer ends (nor when gunicorn's 30 s worker timeout kills a worker).

The login is driven at the identity-provider client level (the portal's /fi/<slug>/connexion
and /fi/retour), the provider's own login page played by the fake provider; the federation
flow around it is being rewritten, the provider calls are what this test is about.
"""

import os
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.core.cache import cache

from tests.identity_provider_fixtures import fake_registered, query_of
from tests.identity_providers.fake_provider import FakeProvider
from tests.ports import free_port

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
DEADLINE_SECONDS = 2.0


def _database_url() -> str:
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the portal's workers share the test database only on PostgreSQL")
    user, host, port = database["USER"], database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{database['NAME']}"


@pytest.fixture
def portal_under_gunicorn(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    environment = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"},
        "DJANGO_SETTINGS_MODULE": "franceconnect.project.settings_test",
        "PORTAL_ENV": "test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "PUBLIC_BASE_URL": url,
        "IDP_CALL_DEADLINE_SECONDS": str(DEADLINE_SECONDS),
        "PORTAL_VAR_DIR": str(tmp_path),
        "LOG_LEVEL": "ERROR",
    }
    command = [sys.executable, "-m", "gunicorn", "franceconnect.project.wsgi", f"--bind=127.0.0.1:{port}"]
    command += ["--workers=2", "--worker-class=sync"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the portal did not start under gunicorn") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.fixture
def providers():
    cache.clear()
    trickling, prompt = FakeProvider().start(), FakeProvider().start()
    trickling.trickle_seconds_per_byte = 0.05  # the token answer would take about a minute
    fake_registered(trickling, "lent", "Fournisseur lent")
    fake_registered(prompt, "rapide", "Fournisseur rapide")
    yield trickling, prompt
    trickling.stop()
    prompt.stop()


def login(portal: str, slug: str, fake: FakeProvider) -> requests.Response:
    """A citizen's browser: to the provider, logged in there (the fake), back to the portal."""
    browser = requests.Session()
    start = browser.get(f"{portal}/fi/{slug}/connexion", params={"next": "/en/"}, allow_redirects=False)
    assert start.status_code == 302, start.text[:1000]
    authorization_url = start.headers["Location"]
    code = fake.authorize(authorization_url)
    return browser.get(
        f"{portal}/fi/retour",
        params={"code": code, "state": query_of(authorization_url)["state"]},
        allow_redirects=False,
        timeout=60,
    )


def test_a_trickling_provider_does_not_block_a_login_through_another(portal_under_gunicorn, providers):
    trickling, prompt = providers
    slow_answers: list[tuple[int, float]] = []

    def slow_login():
        started = time.monotonic()
        answer = login(portal_under_gunicorn, "lent", trickling)
        slow_answers.append((answer.status_code, time.monotonic() - started))

    threads = [threading.Thread(target=slow_login) for _ in range(2)]
    for thread in threads:
        thread.start()
    waited = time.monotonic() + 10
    while len(trickling.token_requests) < 2:  # both workers are now waiting for the trickle
        assert time.monotonic() < waited, "the two logins did not reach the trickling provider"
        time.sleep(0.05)

    started = time.monotonic()
    answer = login(portal_under_gunicorn, "rapide", prompt)
    elapsed = time.monotonic() - started
    for thread in threads:
        thread.join(timeout=30)

    assert answer.status_code == 302 and answer.headers["Location"] == "/en/"
    # Served once the deadline freed a worker: well before the minute of the trickle.
    assert elapsed < DEADLINE_SECONDS + 3, elapsed
    assert [status for status, _ in slow_answers] == [504, 504]  # the named "timeout" error
    assert all(seconds < DEADLINE_SECONDS + 3 for _, seconds in slow_answers), slow_answers
