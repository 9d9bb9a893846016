"""A trickling identity provider does not block logins through another one.

The portal runs as in production: gunicorn with 2 sync workers, each serving one request at a
time. Two citizens come back from a provider that answers its token request one byte every
50 ms (about a minute for the whole answer): both workers are held by it. A third citizen
logging in through another provider is served as soon as the call deadline frees a worker,
not when the trickling answer ends (nor when gunicorn's 30 s worker timeout kills a worker).

The whole citizen journey up to the confirmation screen: a partner site's authorization
request, the chooser, the provider (its login page played by the fake), the callback.
"""

import os
import re
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

from franceconnect.federation.services import service_provider_register
from tests.flow_fixtures import REDIRECT_URI
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


@pytest.fixture
def site():
    site, _secret = service_provider_register(
        name="Site de mesure",
        redirect_uris=[REDIRECT_URI],
        post_logout_redirect_uris=[],
        algorithm="ES256",
        scopes=["openid", "identite_pivot"],
    )
    return site


def login(portal: str, site, slug: str, fake: FakeProvider) -> requests.Response:
    """A citizen's browser: the site's request, the chooser, the provider (the fake), back to the portal."""
    browser = requests.Session()
    query = {
        "client_id": site.client_id,
        "redirect_uri": REDIRECT_URI,
        "response_type": "code",
        "scope": "openid identite_pivot",
        "state": "state-of-the-measuring-site",
        "nonce": "nonce-of-the-measuring-site-0123456789",
    }
    chooser = browser.get(f"{portal}/api/v2/authorize", params=query, timeout=60)
    choice = re.search(rf'href="(/connexion/\w+/fi/{slug}/)"', chooser.text).group(1)
    start = browser.get(f"{portal}{choice}", allow_redirects=False, timeout=60)
    assert start.status_code == 302, start.text[:1000]
    authorization_url = start.headers["Location"]
    code = fake.authorize(authorization_url)
    return browser.get(
        f"{portal}/fi/retour",
        params={"code": code, "state": query_of(authorization_url)["state"]},
        allow_redirects=False,
        timeout=60,
    )


def test_a_trickling_provider_does_not_block_a_login_through_another(portal_under_gunicorn, providers, site):
    trickling, prompt = providers
    slow_answers: list[tuple[int, str, float]] = []

    def slow_login():
        started = time.monotonic()
        answer = login(portal_under_gunicorn, site, "lent", trickling)
        slow_answers.append(
            (answer.status_code, answer.headers.get("Location", ""), time.monotonic() - started)
        )

    threads = [threading.Thread(target=slow_login) for _ in range(2)]
    for thread in threads:
        thread.start()
    waited = time.monotonic() + 10
    while len(trickling.token_requests) < 2:  # both workers are now waiting for the trickle
        assert time.monotonic() < waited, "the two logins did not reach the trickling provider"
        time.sleep(0.05)

    started = time.monotonic()
    answer = login(portal_under_gunicorn, site, "rapide", prompt)
    elapsed = time.monotonic() - started
    for thread in threads:
        thread.join(timeout=30)

    assert answer.status_code == 200 and "Bienvenue Angela Claire Louise DUBOIS" in answer.text
    # Served once the deadline freed a worker: well before the minute of the trickle.
    assert elapsed < DEADLINE_SECONDS + 3, elapsed
    # The named "timeout" error, and back to the chooser to choose another account.
    assert [
        (status, re.fullmatch(r"/connexion/\w+/", location) is not None)
        for status, location, _ in slow_answers
    ] == [
        (302, True),
        (302, True),
    ]
    assert all(seconds < DEADLINE_SECONDS + 3 for _, _, seconds in slow_answers), slow_answers
