"""What the flow keeps in the citizen's session between its steps.

- the pending authorization request of a site (validated at /api/v2/authorize);
- the single sign-on: the identity verified at an identity provider, valid SSO_LIFETIME_SECONDS,
  so that another site in the same browser session skips the chooser and the provider.
"""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY as AUTH_USER_SESSION_KEY
from django.utils.crypto import get_random_string

AUTHORIZATION_KEY = "franceconnect.authorization"
SSO_KEY = "franceconnect.sso"
LOGOUT_KEY = "franceconnect.logout"
PENDING_LIFETIME_SECONDS = 1800
EIDAS_ORDER = {"eidas1": 1, "eidas2": 2, "eidas3": 3}


def pending_authorization(request) -> dict | None:
    pending = request.session.get(AUTHORIZATION_KEY)
    if not pending or time.time() - pending["started_at"] > PENDING_LIFETIME_SECONDS:
        return None
    return pending


def pending_authorization_store(request, pending: dict) -> None:
    request.session[AUTHORIZATION_KEY] = {**pending, "started_at": int(time.time())}


def pending_authorization_clear(request) -> None:
    request.session.pop(AUTHORIZATION_KEY, None)


def single_sign_on(request) -> dict | None:
    """The single sign-on of this browser session, if it is still valid.

    It is stored beside the citizen's Django login, and both go with the session (logout, flush).
    The account itself (still active) is checked only where a code is issued, by
    ``single_sign_on_account``: showing the confirmation screen needs no database read.
    """
    sso = request.session.get(SSO_KEY)
    if not sso or sso["expires_at"] < time.time() or AUTH_USER_SESSION_KEY not in request.session:
        return None
    return sso


def single_sign_on_account(request):
    """The citizen's account behind the single sign-on, or None if it can no longer log in."""
    return request.user if request.user.is_authenticated else None


def single_sign_on_store(request, login: dict, *, pivot: str, identity_provider) -> dict:
    sso = request.session[SSO_KEY] = {
        "session": get_random_string(32),  # names this single sign-on (one security e-mail per site)
        "pivot_hash": pivot,
        "identity": login["identity"],
        "identity_provider": login["provider"],
        "identity_provider_id": identity_provider.pk,
        "identity_provider_name": identity_provider.name,  # for the security e-mail
        "acr": login["acr"],
        "amr": login.get("amr") or ["pwd"],
        "auth_time": login["authenticated_at"],
        "idp_id_token": login["id_token"],
        "expires_at": int(time.time()) + settings.SSO_LIFETIME_SECONDS,
    }
    return sso


def single_sign_on_serves(sso: dict, pending: dict, offered_providers) -> bool:
    """Whether this single sign-on may answer this site's request without a new login: made at an
    identity provider the site offers, at the level of assurance it asks or higher, and not the one
    that was there at its request when it asked for a new login (prompt=login)."""
    return (
        any(provider.pk == sso["identity_provider_id"] for provider in offered_providers)
        and acr_satisfies(sso["acr"], pending["acr"])
        and ("login" not in pending["prompt"] or sso["session"] != pending.get("single_sign_on_before"))
    )


def acr_satisfies(asserted: str, requested: str) -> bool:
    return EIDAS_ORDER.get(asserted, 0) >= EIDAS_ORDER.get(requested, 99)
