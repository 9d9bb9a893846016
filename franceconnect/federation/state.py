"""Everything a login keeps between requests: its values, their keys and their lifetimes.

- **Interactions** (cache): one per authorization request, under an unguessable id that every step
  of the flow carries in its URL (as FranceConnect's core does with /interaction/:uid). Several
  may be open in one browser; each page acts on its own. Nothing about the person is in them, and
  a browser that never logs in creates no session: an anonymous interaction costs one small cache
  entry that expires with it.
- **The single sign-on** (session): the login verified at an identity provider, for
  ``SSO_LIFETIME_SECONDS``, so that another site skips the chooser and the provider (never the
  confirmation screen). The session itself expires with it.
- **The logout in progress at an identity provider** (session).
- **The citizen's login and logout** (``citizen_login``, ``citizen_logout``): Django's own, which
  start a new session, carrying over the values that are not the citizen's (the partner space's
  session: a partner who tests their own site with « Essayer » logs a test citizen in, and out, in
  the same browser).
- **Released logins** (cache): the identity waiting under an authorization code, then under its
  access token, for the token and userinfo endpoints; keyed by a hash so that a cache dump holds
  no usable code or token.
"""

import hashlib
import json
import secrets
import time
from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib.auth import SESSION_KEY as AUTH_USER_SESSION_KEY
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.core.cache import cache
from django.utils.crypto import constant_time_compare
from oauth2_provider.settings import oauth2_settings

from franceconnect.federation.identity import ReleasedLogin, VerifiedLogin
from franceconnect.infrastructure.vocabulary import eidas_satisfies

# --- The citizen's login and logout -------------------------------------------------------------

# Session values that belong to someone else than the citizen: the partner space's (a person of a
# partner organisation, never logged in with Django's login(): partner_space/session.py).
KEPT_ACROSS_CITIZEN_SESSIONS = "partner_space."


def _kept(request) -> dict:
    return {
        key: value for key, value in request.session.items() if key.startswith(KEPT_ACROSS_CITIZEN_SESSIONS)
    }


def citizen_login(request, citizen) -> None:
    """Django's login() (a new session id; a new session if another citizen was logged in)."""
    kept = _kept(request)
    auth_login(request, citizen, backend="django.contrib.auth.backends.ModelBackend")
    request.session.update(kept)


def citizen_logout(request) -> None:
    """Django's logout(): the session is flushed, the single sign-on with it."""
    kept = _kept(request)
    auth_logout(request)
    request.session.update(kept)


# --- Interactions ---------------------------------------------------------------------------------

INTERACTION_ID_LENGTH = 32  # hexadecimal: 128 bits of randomness
# A gone interaction is still known for this long after it expired, by the site it was for only,
# so that its pages can offer the way back to that site instead of a dead end.
INTERACTION_TRACE_SECONDS = 1800


@dataclass(frozen=True)
class AuthorizationRequest:
    """A site's request, as validated at /api/v2/authorize."""

    client_id: str
    redirect_uri: str
    scopes: tuple[str, ...]
    state: str
    nonce: str
    acr: str  # the lowest level of assurance that answers it
    prompt: tuple[str, ...] = ()
    max_age: int | None = None
    claims: str = ""  # the `claims` parameter, as sent (kept for the ID token)
    code_challenge: str = ""
    code_challenge_method: str = ""

    @property
    def forces_login(self) -> bool:
        """prompt=login or max_age=0: only a login made for this very request answers it."""
        return "login" in self.prompt or self.max_age == 0

    def oauth_credentials(self) -> dict[str, str]:
        """What django-oauth-toolkit needs to issue this request's code."""
        credentials = {
            "client_id": self.client_id,
            "redirect_uri": self.redirect_uri,
            "response_type": "code",
            "state": self.state,
            "nonce": self.nonce,
        }
        if self.code_challenge:
            credentials["code_challenge"] = self.code_challenge
            credentials["code_challenge_method"] = self.code_challenge_method
        if self.claims:
            credentials["claims"] = self.claims
        return credentials


@dataclass(frozen=True)
class Interaction:
    id: str
    request: AuthorizationRequest
    created_at: int
    expires_at: int
    language: str
    finished: bool = False  # a code was issued, or the citizen went back to the site

    @property
    def is_open(self) -> bool:
        return not self.finished and time.time() < self.expires_at


def _interaction_key(interaction_id: str) -> str:
    return f"franceconnect:interaction:{interaction_id}"


def _interaction_save(interaction: Interaction) -> None:
    timeout = max(1, interaction.expires_at + INTERACTION_TRACE_SECONDS - int(time.time()))
    # vars(): the fields as they are (asdict() deep-copies them, several times slower).
    stored = {**vars(interaction), "request": vars(interaction.request)}
    cache.set(_interaction_key(interaction.id), json.dumps(stored, separators=(",", ":")), timeout)


def interaction_start(request: AuthorizationRequest, *, language: str) -> Interaction:
    now = int(time.time())
    interaction = Interaction(
        id=secrets.token_hex(INTERACTION_ID_LENGTH // 2),
        request=request,
        created_at=now,
        expires_at=now + settings.INTERACTION_LIFETIME_SECONDS,
        language=language,
    )
    _interaction_save(interaction)
    return interaction


def interaction_get(interaction_id: str) -> Interaction | None:
    """The interaction under this id, open or not (``is_open``), or None if it is unknown."""
    if len(interaction_id) != INTERACTION_ID_LENGTH or not interaction_id.isalnum():
        return None
    stored = cache.get(_interaction_key(interaction_id))
    if stored is None:
        return None
    values = json.loads(stored)
    request = values.pop("request")
    request = AuthorizationRequest(
        **{**request, "scopes": tuple(request["scopes"]), "prompt": tuple(request["prompt"])}
    )
    return Interaction(**values, request=request)


def interaction_finish(interaction: Interaction) -> None:
    """No step acts on it again; it still names its site until it is forgotten."""
    _interaction_save(replace(interaction, finished=True))


# The last identity provider's answer taken in this browser: reloading the page it answered at
# (the same state and code again) leads to the confirmation screen instead of a "state" error.
ANSWERED_SESSION_KEY = "franceconnect.answered"


def callback_answered_store(request, answer: dict, interaction: Interaction) -> None:
    request.session[ANSWERED_SESSION_KEY] = {"answer": _answer_digest(answer), "interaction": interaction.id}


def callback_answered(request, answer: dict) -> Interaction | None:
    """The open interaction this very answer (``state`` and ``code``) already went to in this browser."""
    answered = request.session.get(ANSWERED_SESSION_KEY) if answer.get("state") else None
    if not answered or not constant_time_compare(answered["answer"], _answer_digest(answer)):
        return None
    interaction = interaction_get(answered["interaction"])
    return interaction if interaction is not None and interaction.is_open else None


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _answer_digest(answer: dict) -> str:
    return _digest(f"{answer.get('state', '')}\n{answer.get('code', '')}")


# --- The single sign-on ---------------------------------------------------------------------------

SSO_SESSION_KEY = "franceconnect.sso"


@dataclass(frozen=True)
class SingleSignOn:
    id: str  # names this single sign-on: one security e-mail per site within it
    login: VerifiedLogin
    expires_at: int
    # The interaction whose own login at an identity provider opened it: under prompt=login, the
    # only one it may answer (a login made in another tab, for another request, does not).
    opened_for: str = ""
    # When it was opened: the citizen may end every single sign-on of their account since a moment
    # (franceconnect.federation.login_policy.single_sign_on_ended).
    opened_at: float = 0.0

    def answers(self, interaction: Interaction, offered_provider_ids) -> bool:
        """Whether it may answer this request without a new login: made at an identity provider the
        site offers, at the level of assurance asked or higher, recently enough for max_age, and,
        under prompt=login, made for this very request."""
        request = interaction.request
        if self.login.identity_provider_id not in offered_provider_ids:
            return False
        if not eidas_satisfies(self.login.acr, request.acr):
            return False
        if request.forces_login:
            return self.opened_for == interaction.id
        return request.max_age is None or time.time() - self.login.auth_time <= request.max_age


def single_sign_on(request) -> SingleSignOn | None:
    """The single sign-on of this browser, if it is still valid (the account is checked where a
    code is issued: showing a page needs no database read)."""
    stored = request.session.get(SSO_SESSION_KEY)
    if not stored or stored["expires_at"] < time.time() or AUTH_USER_SESSION_KEY not in request.session:
        return None
    return SingleSignOn(
        id=stored["id"],
        login=VerifiedLogin.from_stored(stored["login"]),
        expires_at=stored["expires_at"],
        opened_for=stored.get("opened_for", ""),
        opened_at=stored.get("opened_at", 0.0),
    )


def single_sign_on_present(request) -> bool:
    """Cheaper than single_sign_on(): for the layout of every page. A browser without a session
    cookie costs no read of the session store."""
    if not request.session.session_key:
        return False
    stored = request.session.get(SSO_SESSION_KEY)
    return bool(stored) and stored["expires_at"] >= time.time()


def single_sign_on_open(request, login: VerifiedLogin, *, opened_for: Interaction) -> SingleSignOn:
    """Stored beside the citizen's Django login (both go with the session); the session, and so
    its cookie, ends with it."""
    now = time.time()
    sso = SingleSignOn(
        id=secrets.token_urlsafe(24),
        login=login,
        expires_at=int(now) + settings.SSO_LIFETIME_SECONDS,
        opened_for=opened_for.id,
        opened_at=now,
    )
    request.session[SSO_SESSION_KEY] = {
        "id": sso.id,
        "login": login.as_stored(),
        "expires_at": sso.expires_at,
        "opened_for": sso.opened_for,
        "opened_at": sso.opened_at,
    }
    request.session.set_expiry(settings.SSO_LIFETIME_SECONDS)
    return sso


# --- The logout in progress at an identity provider -----------------------------------------------

LOGOUT_SESSION_KEY = "franceconnect.logout"


@dataclass(frozen=True)
class ProviderLogout:
    state: str  # sent to the identity provider, which returns it
    destination: str  # where the browser goes afterwards (the site's post-logout address)


def provider_logout_store(request, logout: ProviderLogout) -> None:
    request.session[LOGOUT_SESSION_KEY] = dict(vars(logout))


def provider_logout_take(request) -> ProviderLogout | None:
    stored = request.session.pop(LOGOUT_SESSION_KEY, None)
    return ProviderLogout(**stored) if stored else None


# --- Released logins, under codes and access tokens -----------------------------------------------

RELEASE_MARGIN_SECONDS = 30


def _code_lifetime() -> int:
    return oauth2_settings.AUTHORIZATION_CODE_EXPIRE_SECONDS + RELEASE_MARGIN_SECONDS


def _token_lifetime() -> int:
    return oauth2_settings.ACCESS_TOKEN_EXPIRE_SECONDS + RELEASE_MARGIN_SECONDS


def _release_key(kind: str, secret: str) -> str:
    return f"franceconnect:{kind}:{_digest(secret)}"


def released_login_for_code_store(code: str, login: ReleasedLogin) -> None:
    cache.set(_release_key("code", code), login.as_stored(), _code_lifetime())


def released_login_for_code(code: str) -> ReleasedLogin | None:
    stored = cache.get(_release_key("code", code))
    return ReleasedLogin.from_stored(stored) if stored else None


def released_login_for_code_forget(code: str) -> None:
    """The portal's own space redeems its codes in-process (citizen_space.sign_in): gone once used."""
    cache.delete(_release_key("code", code))


def released_login_for_token_store(access_token: str, login: ReleasedLogin) -> None:
    cache.set(_release_key("token", access_token), login.as_stored(), _token_lifetime())


def released_login_for_token(access_token: str) -> ReleasedLogin | None:
    stored = cache.get(_release_key("token", access_token))
    return ReleasedLogin.from_stored(stored) if stored else None


def released_login_for_token_forget(access_token: str) -> None:
    """A revoked access token (RFC 7009) releases nothing more, even while its entry would last."""
    cache.delete(_release_key("token", access_token))


def code_use_record(code: str, access_token_id: int) -> None:
    """Remember which access token a code bought, so that a replayed code can revoke it."""
    cache.set(_release_key("used-code", code), access_token_id, _code_lifetime() * 10)


def code_use(code: str) -> int | None:
    return cache.get(_release_key("used-code", code))
