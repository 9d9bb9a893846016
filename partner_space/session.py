"""What the partner space keeps in the browser's session, as typed values, with their keys and lifetimes.

A partner person is never logged in with Django's ``login()``: the citizens' single sign-on is
the session's Django user, and a citizen's login in the same browser (an « Try it » test login of
one's own site, for one) would replace it. The space keeps its own value instead, as « Mon espace »
does (citizen_space/session.py):

- **The partner session**: who is signed in (the person's id and address), until
  ``PARTNER_SPACE_IDLE_SECONDS`` without a page, « Se déconnecter », or a password change;
- **A second factor awaited**: the password was right, the authenticator's code is asked next
  (five minutes);
- **A secret to show once**: the page that shows a new client secret reads it once and forgets it;
- **« Try it »**: the test login in progress (its site, ``state`` and ``nonce``, until it comes
  back), then what the site would have received, shown on the site's integration page for ten
  minutes (test identities only: a sandbox site is offered no other).
"""

from dataclasses import asdict, dataclass
from time import time

from django.conf import settings

PARTNER_KEY = "partner_space.session"
SECOND_FACTOR_KEY = "partner_space.second_factor"
SECRET_SHOWN_KEY = "partner_space.secret_shown"  # noqa: S105 — a session key
TRY_PENDING_KEY = "partner_space.try_pending"
TRY_RESULT_KEY = "partner_space.try_result"

SECOND_FACTOR_LIFETIME_SECONDS = 300
SECRET_LIFETIME_SECONDS = 600
TRY_PENDING_LIFETIME_SECONDS = 1800  # the flow's own interaction lifetime
TRY_RESULT_LIFETIME_SECONDS = 600


@dataclass(frozen=True)
class PartnerSession:
    person_id: int
    email: str
    # A fingerprint of the password the session was opened with: a password change (or reset)
    # ends every other session of that person at its next page.
    password_fingerprint: str
    opened_at: float
    last_seen: float


def partner_open(request, partner: PartnerSession) -> None:
    request.session.cycle_key()  # a new session id for a new privilege
    request.session.pop(SECOND_FACTOR_KEY, None)
    request.session[PARTNER_KEY] = asdict(partner)


def partner_current(request) -> PartnerSession | None:
    """The open partner session, its idle time renewed; None (and forgotten) once idle too long."""
    stored = request.session.get(PARTNER_KEY) if request.session.session_key else None
    if not stored:
        return None
    now = time()
    if now - stored["last_seen"] > settings.PARTNER_SPACE_IDLE_SECONDS:
        partner_close(request)
        return None
    partner = PartnerSession(**{**stored, "last_seen": now})
    request.session[PARTNER_KEY] = asdict(partner)
    return partner


def partner_was_open(request) -> bool:
    return PARTNER_KEY in request.session


def partner_close(request) -> None:
    for key in (PARTNER_KEY, SECRET_SHOWN_KEY, TRY_PENDING_KEY, TRY_RESULT_KEY):
        request.session.pop(key, None)


@dataclass(frozen=True)
class SecondFactorAwaited:
    person_id: int
    next_path: str
    started_at: float


def second_factor_store(request, awaited: SecondFactorAwaited) -> None:
    request.session[SECOND_FACTOR_KEY] = asdict(awaited)


def second_factor_current(request) -> SecondFactorAwaited | None:
    stored = request.session.get(SECOND_FACTOR_KEY) if request.session.session_key else None
    if not stored or time() - stored["started_at"] > SECOND_FACTOR_LIFETIME_SECONDS:
        return None
    return SecondFactorAwaited(**stored)


def second_factor_forget(request) -> None:
    request.session.pop(SECOND_FACTOR_KEY, None)


@dataclass(frozen=True)
class SecretToShow:
    site_id: int
    secret: str
    stored_at: float


def secret_store(request, site_id: int, secret: str) -> None:
    """A new client secret, kept until its page shows it (a redirect after the POST that made it)."""
    request.session[SECRET_SHOWN_KEY] = asdict(SecretToShow(site_id, secret, time()))


def secret_take(request, site_id: int) -> str | None:
    """The secret to show on this site's page, once: it is forgotten as it is read."""
    stored = request.session.get(SECRET_SHOWN_KEY)
    if not stored or stored["site_id"] != site_id:
        return None
    request.session.pop(SECRET_SHOWN_KEY, None)
    if time() - stored["stored_at"] > SECRET_LIFETIME_SECONDS:
        return None
    return stored["secret"]


@dataclass(frozen=True)
class TryPending:
    site_id: int
    state: str
    nonce: str
    started_at: float


def try_store(request, pending: TryPending) -> None:
    """A test login started: one at a time per browser (a new one replaces it)."""
    request.session[TRY_PENDING_KEY] = asdict(pending)


def try_take(request, state: str) -> TryPending | None:
    """The test login this answer belongs to (same ``state``), once; None otherwise."""
    stored = request.session.get(TRY_PENDING_KEY)
    if not stored or not state or stored["state"] != state:
        return None
    request.session.pop(TRY_PENDING_KEY, None)
    if time() - stored["started_at"] > TRY_PENDING_LIFETIME_SECONDS:
        return None
    return TryPending(**stored)


@dataclass(frozen=True)
class TryResult:
    site_id: int
    result: dict  # partner_space.try_login.TryOutcome.as_stored()
    stored_at: float


def try_result_store(request, site_id: int, result: dict) -> None:
    request.session[TRY_RESULT_KEY] = asdict(TryResult(site_id, result, time()))


def try_result_of(request, site_id: int) -> dict | None:
    """The last test login's outcome for this site, for ten minutes."""
    stored = request.session.get(TRY_RESULT_KEY)
    if not stored or stored["site_id"] != site_id:
        return None
    if time() - stored["stored_at"] > TRY_RESULT_LIFETIME_SECONDS:
        request.session.pop(TRY_RESULT_KEY, None)
        return None
    return stored["result"]
