"""What the space keeps in the browser's session, as typed values, with their keys and lifetimes.

- **The space session**: who is signed in to the space (the account, and the names and e-mail
  address of the login that opened it, shown and used for the confirmation e-mails, never stored
  elsewhere), until ``CITIZEN_SPACE_IDLE_SECONDS`` without a page, « Se déconnecter », or the end
  of every session of the account (« ce n'était pas moi »).
- **Sign-ins in progress**: the space is a partner site of the portal itself; each sign-in keeps
  its ``state`` and ``nonce`` until the portal answers (several tabs may sign in at once).
- **An opened report**: the connection a « ce n'était pas moi » link opened, for this browser only.
"""

from dataclasses import asdict, dataclass
from time import time

from django.conf import settings

SPACE_KEY = "citizen_space.session"
SIGN_INS_KEY = "citizen_space.sign_ins"
REPORT_KEY = "citizen_space.report"

SIGN_IN_LIFETIME_SECONDS = 1800  # as long as the interaction it starts
SIGN_INS_KEPT = 5
REPORT_LIFETIME_SECONDS = 1800


@dataclass(frozen=True)
class SpaceSession:
    account_id: int
    given_name: str
    family_name: str
    email: str
    identity_provider_id: int
    identity_provider_name: str
    opened_at: float
    last_seen: float

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


def space_open(request, space: SpaceSession) -> None:
    request.session.cycle_key()  # a new session id for a new privilege
    request.session[SPACE_KEY] = asdict(space)


def space_current(request) -> SpaceSession | None:
    """The open space session, its idle time renewed; None (and forgotten) once idle too long."""
    stored = request.session.get(SPACE_KEY) if request.session.session_key else None
    if not stored:
        return None
    now = time()
    if now - stored["last_seen"] > settings.CITIZEN_SPACE_IDLE_SECONDS:
        space_close(request)
        return None
    space = SpaceSession(**{**stored, "last_seen": now})
    request.session[SPACE_KEY] = asdict(space)
    return space


def space_was_open(request) -> bool:
    """Whether this browser had a space session (closed for idleness since, for example)."""
    return SPACE_KEY in request.session


def space_close(request) -> None:
    request.session.pop(SPACE_KEY, None)


@dataclass(frozen=True)
class SpaceSignIn:
    state: str
    nonce: str
    next_path: str
    started_at: float


def sign_in_store(request, sign_in: SpaceSignIn) -> None:
    now = time()
    pending = {
        state: stored
        for state, stored in request.session.get(SIGN_INS_KEY, {}).items()
        if now - stored["started_at"] < SIGN_IN_LIFETIME_SECONDS
    }
    pending[sign_in.state] = asdict(sign_in)
    newest = sorted(pending.values(), key=lambda stored: stored["started_at"])[-SIGN_INS_KEPT:]
    request.session[SIGN_INS_KEY] = {stored["state"]: stored for stored in newest}


def sign_in_take(request, state: str) -> SpaceSignIn | None:
    """The sign-in this ``state`` names, once (it is forgotten here)."""
    pending = request.session.get(SIGN_INS_KEY, {})
    stored = pending.pop(state, None) if isinstance(state, str) else None
    if stored is None:
        return None
    request.session[SIGN_INS_KEY] = pending
    if time() - stored["started_at"] >= SIGN_IN_LIFETIME_SECONDS:
        return None
    return SpaceSignIn(**stored)


@dataclass(frozen=True)
class OpenedReport:
    report_id: int
    connection_id: int
    expires_at: float


def report_store(request, report: OpenedReport) -> None:
    request.session[REPORT_KEY] = asdict(report)


def report_current(request) -> OpenedReport | None:
    stored = request.session.get(REPORT_KEY) if request.session.session_key else None
    if not stored or stored["expires_at"] < time():
        return None
    return OpenedReport(**stored)
