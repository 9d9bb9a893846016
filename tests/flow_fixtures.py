"""The federation flow, driven in-process: the test client plays the browser and the partner site,
the fake identity provider answers over real HTTP."""

import base64
import hashlib
import re
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache

from demo.identity_register import DemoIdentityRegister
from franceconnect.federation.identity_register import FOUND
from franceconnect.federation.services import service_provider_register

REDIRECT_URI = "https://partner.example/callback"
POST_LOGOUT_URI = "https://partner.example/logged-out"


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


class Partner:
    """A partner site: builds authorization requests, exchanges codes, calls userinfo."""

    def __init__(self, client, service_provider, secret: str):
        self.client = client
        self.service_provider = service_provider
        self.client_id = service_provider.client_id
        self.secret = secret
        self.state = secrets.token_urlsafe(48)  # 64 characters, as FranceConnect partners often send
        self.nonce = secrets.token_urlsafe(96)  # 128 characters
        self.code_verifier = secrets.token_urlsafe(48)

    def authorize_params(self, **overrides) -> dict:
        params = {
            "client_id": self.client_id,
            "redirect_uri": REDIRECT_URI,
            "response_type": "code",
            "scope": "openid identite_pivot email",
            "state": self.state,
            "nonce": self.nonce,
            "acr_values": "eidas1",
        }
        params.update(overrides)
        return {key: value for key, value in params.items() if value is not None}

    def pkce_params(self) -> dict:
        challenge = base64.urlsafe_b64encode(hashlib.sha256(self.code_verifier.encode()).digest()).rstrip(
            b"="
        )
        return {"code_challenge": challenge.decode(), "code_challenge_method": "S256"}

    def authorize(self, **overrides):
        return self.client.get("/api/v2/authorize", self.authorize_params(**overrides))

    def token(self, code: str, **overrides):
        data = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
            "client_id": self.client_id,
            "client_secret": self.secret,
            **overrides,
        }
        return self.client.post(
            "/api/v2/token", {key: value for key, value in data.items() if value is not None}
        )

    def userinfo(self, access_token: str):
        return self.client.get("/api/v2/userinfo", headers={"authorization": f"Bearer {access_token}"})


def interaction_in(response) -> str:
    """The interaction a page of the flow belongs to (its id is in the page's own links)."""
    return re.search(r"/connexion/([A-Za-z0-9]{32})/", response.content.decode()).group(1)


def shows_the_chooser(response) -> bool:
    """/api/v2/authorize answers a GET with the chooser itself."""
    return response.status_code == 200 and "franceconnect/chooser.html" in {
        template.name for template in response.templates
    }


class Citizen:
    """The browser: chooser → identity provider (the fake) → confirmation → back to the site."""

    def __init__(self, client, fake):
        self.client = client
        self.fake = fake
        self.confirmation_path = None  # the confirmation screen's own address, under its interaction

    def log_in_at_provider(self, authorize_response, slug: str = "fake"):
        if shows_the_chooser(authorize_response):
            chooser = authorize_response
        else:
            assert authorize_response.status_code == 302, authorize_response.content[:500]
            chooser = None
            location = authorize_response["Location"]
            if location.startswith("/") and "/connexion/" in location:  # a posted request, or a reload
                chooser = self.client.get(location)
        if chooser is not None:
            assert chooser.status_code == 200
            location = next(
                choice["url"] for choice in chooser.context["choices"] if choice["provider"].slug == slug
            )
        to_provider = self.client.get(location)
        assert to_provider.status_code == 302
        code = self.fake.authorize(to_provider["Location"])
        back = self.client.get(
            "/fi/retour", {"code": code, "state": query_of(to_provider["Location"])["state"]}
        )
        if back.status_code != 302:  # the flow answered at the callback itself
            self.read_confirmation(back)
            return back
        page = self.client.get(back["Location"], follow=True)
        self.read_confirmation(page)
        return page

    def read_confirmation(self, page) -> None:
        """The confirmation screen's form: its address and the single sign-on it displays."""
        html = page.content.decode()
        action = re.search(r'<form method="post" action="([^"]+/confirmation/)"', html)
        if action:
            self.confirmation_path = action.group(1)
        shown = re.search(r'name="single_sign_on" value="([^"]+)"', html)
        self.single_sign_on = shown.group(1) if shown else None

    def confirm(self, **data):
        return self.client.post(
            self.confirmation_path, {"continue": "", "single_sign_on": self.single_sign_on, **data}
        )


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()


@pytest.fixture
def demo_register_knows_everyone(monkeypatch):
    monkeypatch.setattr(DemoIdentityRegister, "check", lambda self, identity: FOUND)


@pytest.fixture
def site(db):
    service_provider, secret = service_provider_register(
        name="Site partenaire",
        redirect_uris=[REDIRECT_URI],
        post_logout_redirect_uris=[POST_LOGOUT_URI],
        algorithm="ES256",
        scopes=["openid", "identite_pivot", "email", "profile", "birth", "given_name", "preferred_username"],
    )
    return service_provider, secret


@pytest.fixture
def partner(client, site):
    return Partner(client, *site)


@pytest.fixture
def citizen(client, fake_provider, registered_fake, demo_register_knows_everyone):
    return Citizen(client, fake_provider)
