"""Over real HTTP: the portal (live server) and the demo identity provider (gunicorn subprocess)."""

import base64
import hashlib
import html
import re
import secrets
import time
from importlib import import_module
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache
from django.test import override_settings

from franceconnect.federation import state
from franceconnect.federation.identity import VerifiedLogin
from franceconnect.federation.services import service_provider_register
from identity_providers.models import IdentityProvider
from identity_providers.oidc import jwks
from identity_providers.services import identity_provider_check_health
from tests.flow_fixtures import REDIRECT_URI
from tests.identity_providers.demo_idp import CLIENT_ID, CLIENT_SECRET, DemoIdentityProvider

PASSWORD = "demo-password"


@pytest.fixture(scope="module")
def demo_idps(live_server, tmp_path_factory):
    """impots: logs in directly; ameli: asks the citizen to allow the portal (so they can refuse)."""
    var_dir = tmp_path_factory.mktemp("demo-idps")
    callback = f"{live_server.url}/fi/retour"
    impots, ameli = DemoIdentityProvider("impots", var_dir), DemoIdentityProvider("ameli", var_dir)
    impots.prepare(callback)
    ameli.prepare(callback, consent=True)
    impots.start(), ameli.start()
    yield {"impots": impots, "ameli": ameli}
    impots.stop(), ameli.stop()


@pytest.fixture
def own_demo_idp(live_server, tmp_path):
    """A demo identity provider this test may stop, restart and rotate keys at."""
    idp = DemoIdentityProvider("impots", tmp_path)
    idp.prepare(f"{live_server.url}/fi/retour")
    idp.start()
    yield idp
    idp.stop()


def _form_fields(page: str) -> dict[str, str]:
    return {
        name: html.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    }


def _chooser(portal_url: str, browser: requests.Session, **params) -> requests.Response:
    """A partner site's authorization request: the portal's chooser for a new interaction."""
    site, _secret = service_provider_register(
        name="Site de test",
        redirect_uris=[REDIRECT_URI],
        post_logout_redirect_uris=[],
        algorithm="ES256",
        scopes=["openid", "identite_pivot"],
    )
    query = {
        "client_id": site.client_id,
        "redirect_uri": REDIRECT_URI,
        "response_type": "code",
        "scope": "openid identite_pivot",
        "state": "a-state-of-the-test-site",
        "nonce": "a-nonce-of-the-test-site-0123456789",
        **params,
    }
    return browser.get(f"{portal_url}/api/v2/authorize", params=query)


def login(
    portal_url: str, slug: str, username: str, *, allow: bool = True, browser=None, **params
) -> requests.Response:
    """What a citizen's browser does: site → portal's chooser → provider's login form → (consent) → portal."""
    browser = browser or requests.Session()
    chooser = _chooser(portal_url, browser, **params)
    choice = re.search(rf'href="(/connexion/\w+/fi/{slug}/)"', chooser.text).group(1)
    page = browser.get(f"{portal_url}{choice}")
    assert page.status_code == 200 and "Connexion à votre espace" in page.text
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = browser.post(
        page.url.split("?")[0],
        data={
            **_form_fields(page.text),
            "csrfmiddlewaretoken": csrf,
            "username": username,
            "password": PASSWORD,
        },
        headers={"Referer": page.url},
    )
    if 'name="allow"' in answer.text:  # django-oauth-toolkit's consent form
        fields = _form_fields(answer.text)
        if allow:
            fields["allow"] = "Authorize"
        answer = browser.post(answer.url, data=fields, headers={"Referer": answer.url})
    answer.browser = browser
    return answer


def portal_session(answer: requests.Response) -> SessionBase:
    engine = import_module(settings.SESSION_ENGINE)
    return engine.SessionStore(session_key=answer.browser.cookies.get("fc_sessionid"))


def portal_login(answer: requests.Response) -> VerifiedLogin | None:
    """The login the portal verified at the provider: its single sign-on in this browser."""
    stored = portal_session(answer).get(state.SSO_SESSION_KEY)
    return VerifiedLogin.from_stored(stored["login"]) if stored else None


@pytest.mark.django_db(transaction=True)
def test_login_at_the_demo_provider_returns_the_verified_pivot_identity(live_server, demo_idps):
    demo_idps["impots"].register_in_portal()

    answer = login(live_server.url, "impots", "jean-pierre.lefevre-martin")

    assert answer.status_code == 200 and "Bienvenue Jean-Pierre Éric LEFÈVRE-MARTIN" in answer.text
    result = portal_login(answer)
    assert result.identity_provider_id == IdentityProvider.objects.get(slug="impots").pk
    assert result.acr == "eidas1"
    assert result.identity.as_dict() == {
        "given_name": "Jean-Pierre Éric",
        "family_name": "LEFÈVRE-MARTIN",
        "birthdate": "1985-03-14",
        "gender": "male",
        "birthplace": "69123",
        "birthcountry": "99100",
        "email": "jp.lefevre-martin@demo.localhost",
        "preferred_username": "",  # he has no usage name; his login name is never sent as one
    }


@pytest.mark.django_db(transaction=True)
def test_the_demo_provider_sends_the_usage_name_as_preferred_username(live_server, demo_idps):
    demo_idps["impots"].register_in_portal()

    answer = login(live_server.url, "impots", "angela.dubois")

    assert portal_login(answer).identity.preferred_username == "MOREAU"


@pytest.mark.django_db(transaction=True)
def test_a_person_born_abroad_without_birthplace(live_server, demo_idps):
    demo_idps["ameli"].register_in_portal()

    answer = login(live_server.url, "ameli", "olga.petrova")

    identity = portal_login(answer).identity
    assert (identity.birthcountry, identity.birthplace) == ("99123", "")


@pytest.mark.django_db(transaction=True)
def test_refusing_at_the_provider_is_a_cancelled_login(live_server, demo_idps):
    demo_idps["ameli"].register_in_portal()

    answer = login(live_server.url, "ameli", "angela.dubois", allow=False)

    # Back to the chooser, which says what happened.
    assert answer.status_code == 200 and re.fullmatch(rf"{live_server.url}/connexion/\w+/", answer.url)
    assert answer.history[-1].url.startswith(f"{live_server.url}/fi/retour?error=access_denied")
    page = html.unescape(answer.text)
    assert "La connexion à ameli (test) n'a pas été possible." in page and "cancelled" in page
    assert portal_login(answer) is None


@pytest.mark.django_db(transaction=True)
def test_a_key_rotation_at_the_provider_does_not_break_logins(live_server, own_demo_idp):
    cache.clear()
    provider = own_demo_idp.register_in_portal()
    assert portal_login(login(live_server.url, "impots", "angela.dubois"))
    kids_before = {key["kid"] for key in jwks.jwks_cached(provider)}

    own_demo_idp.manage("demo_idp_rotate_key")
    own_demo_idp.stop()
    own_demo_idp.start()
    answer = login(live_server.url, "impots", "angela.dubois")

    assert portal_login(answer).identity.family_name == "DUBOIS"
    kids_after = {key["kid"] for key in jwks.jwks_cached(provider)}
    assert kids_before < kids_after  # fetched again: the new key is now cached beside the old one


@pytest.mark.django_db(transaction=True)
@override_settings(IDP_HEALTH_FAILURE_THRESHOLD=3)
def test_health_checks_grey_out_a_stopped_provider_and_restore_it(own_demo_idp):
    provider = own_demo_idp.register_in_portal()
    assert identity_provider_check_health(provider_id=provider.pk).ok

    own_demo_idp.stop()
    checks = [identity_provider_check_health(provider_id=provider.pk) for _ in range(3)]

    assert [check.ok for check in checks] == [False, False, False]
    assert checks[0].error.startswith("unreachable")
    assert [check.availability_change for check in checks] == ["", "", "unavailable"]
    provider.refresh_from_db()
    assert provider.availability == IdentityProvider.Availability.UNAVAILABLE
    assert provider.consecutive_failures == 3 and provider.unavailable_since is not None

    own_demo_idp.start()
    check = identity_provider_check_health(provider_id=provider.pk)

    assert check.ok and check.availability_change == "available"
    provider.refresh_from_db()
    assert provider.is_available and provider.consecutive_failures == 0
    assert provider.health_checks.count() == 5


class DemoClient:
    """The portal's side of an authorization request, written out by hand so that the test
    chooses its parameters (prompt, max_age) and reads the ID token the demo provider signs."""

    def __init__(self, idp: DemoIdentityProvider, redirect_uri: str):
        self.idp = idp
        self.redirect_uri = redirect_uri
        self.browser = requests.Session()
        self.verifier = ""

    def authorize(self, **params) -> requests.Response:
        """The browser's first hop at the provider (not followed)."""
        self.verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(self.verifier.encode()).digest())
        query = {
            "response_type": "code",
            "client_id": CLIENT_ID,
            "redirect_uri": self.redirect_uri,
            "scope": "openid given_name",
            "state": secrets.token_urlsafe(16),
            "nonce": secrets.token_urlsafe(16),
            "code_challenge": challenge.rstrip(b"=").decode(),
            "code_challenge_method": "S256",
            **params,
        }
        return self.browser.get(f"{self.idp.url}/o/authorize/", params=query, allow_redirects=False)

    def enter_password(self, redirect_to_form: requests.Response, username: str) -> requests.Response:
        form = self.browser.get(self._absolute(redirect_to_form.headers["Location"]))
        assert "Connexion à votre espace" in form.text and 'type="password"' in form.text
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        answer = self.browser.post(
            form.url.split("?")[0],
            data={
                **_form_fields(form.text),
                "csrfmiddlewaretoken": csrf,
                "username": username,
                "password": PASSWORD,
            },
            headers={"Referer": form.url},
            allow_redirects=False,
        )
        assert answer.status_code == 302, answer.text[:2000]
        return self.browser.get(self._absolute(answer.headers["Location"]), allow_redirects=False)

    def id_token(self, answer: requests.Response) -> dict:
        """The code the provider sent back, exchanged for the ID token's claims."""
        location = answer.headers.get("Location", "")
        assert answer.status_code == 302 and location.startswith(self.redirect_uri), (
            answer.status_code,
            location,
        )
        code = parse_qs(urlsplit(location).query)["code"][0]
        token = requests.post(
            f"{self.idp.url}/o/token/",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": self.redirect_uri,
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "code_verifier": self.verifier,
            },
            timeout=10,
        )
        assert token.status_code == 200, token.text
        return jwt.decode(token.json()["id_token"], options={"verify_signature": False})

    def _absolute(self, location: str) -> str:
        return location if location.startswith("http") else f"{self.idp.url}{location}"


def asks_for_password(answer: requests.Response) -> bool:
    return answer.status_code == 302 and urlsplit(answer.headers["Location"]).path == "/connexion/"


def wait_for_the_next_second() -> None:
    """auth_time counts whole seconds: a new login must fall in a later one to be told apart."""
    time.sleep(1.05 - time.time() % 1)


@pytest.fixture
def demo_client(live_server, demo_idps):
    client = DemoClient(demo_idps["impots"], f"{live_server.url}/fi/retour")
    first = client.id_token(client.enter_password(client.authorize(), "angela.dubois"))
    client.first_login = first
    return client


def test_the_demo_provider_says_when_and_how_the_citizen_logged_in(demo_client):
    claims = demo_client.first_login

    assert claims["amr"] == ["pwd"] and claims["acr"] == "eidas1"
    assert abs(claims["auth_time"] - time.time()) < 10


def test_a_logged_in_citizen_is_not_asked_again_without_prompt_or_max_age(demo_client):
    answer = demo_client.authorize()

    assert not asks_for_password(answer)
    assert demo_client.id_token(answer)["auth_time"] == demo_client.first_login["auth_time"]


def test_prompt_login_asks_a_logged_in_citizen_for_the_password_again(demo_client):
    wait_for_the_next_second()

    answer = demo_client.authorize(prompt="login")

    assert asks_for_password(answer)
    claims = demo_client.id_token(demo_client.enter_password(answer, "angela.dubois"))
    assert claims["auth_time"] > demo_client.first_login["auth_time"]
    assert claims["amr"] == ["pwd"]


def test_prompt_login_with_consent_keeps_the_consent(demo_client):
    answer = demo_client.authorize(prompt="login consent")

    assert asks_for_password(answer)
    back = parse_qs(urlsplit(answer.headers["Location"]).query)["next"][0]
    assert parse_qs(urlsplit(back).query)["prompt"] == ["consent"]  # "login" is satisfied by the form


def test_max_age_asks_again_once_the_login_is_older(demo_client):
    assert not asks_for_password(demo_client.authorize(max_age="3600"))
    wait_for_the_next_second()
    time.sleep(1)

    answer = demo_client.authorize(max_age="1")

    assert asks_for_password(answer)
    claims = demo_client.id_token(demo_client.enter_password(answer, "angela.dubois"))
    assert time.time() - claims["auth_time"] <= 2  # the new login satisfies the max_age asked


def test_max_age_zero_asks_every_time_and_does_not_loop(demo_client):
    answer = demo_client.authorize(max_age="0", prompt="login")

    assert asks_for_password(answer)
    assert "max_age" not in answer.headers["Location"] and "prompt" not in answer.headers["Location"]
    assert demo_client.id_token(demo_client.enter_password(answer, "angela.dubois"))["amr"] == ["pwd"]


@pytest.mark.django_db(transaction=True)
def test_prompt_login_through_the_portal_asks_the_demo_provider_for_the_password_again(
    live_server, demo_idps
):
    """Under single sign-on, a site asking prompt=login gets the chooser, the demo provider's
    password form (although the citizen is logged in there), and a login with a new auth_time."""
    demo_idps["impots"].register_in_portal()
    browser = requests.Session()
    first = portal_login(login(live_server.url, "impots", "angela.dubois", browser=browser))
    assert first is not None and first.amr == ("pwd",)
    # Without prompt=login, the single sign-on answers: the confirmation screen at once.
    assert "Bienvenue Angela" in _chooser(live_server.url, browser).text
    wait_for_the_next_second()

    # login() asserts that the provider shows its password form again, and enters the password.
    again = login(live_server.url, "impots", "angela.dubois", browser=browser, prompt="login")

    assert "Bienvenue Angela Claire Louise DUBOIS" in again.text
    assert portal_login(again).auth_time > first.auth_time
