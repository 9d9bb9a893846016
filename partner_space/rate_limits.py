"""The partner login's lockout and the limits on e-mails the space sends on request.

- **Lockout**: after ``PARTNER_LOGIN_FAILURE_LIMIT`` wrong passwords (or second-factor codes) for
  one address, every login with that address is refused for ``PARTNER_LOCKOUT_MINUTES``, the
  right password included; a client address is locked after four times as many (offices share
  one connection). The answer is the same for an address with or without an account.
- **Sign-ups and reset requests**: ``PARTNER_SIGN_UP_RATE_LIMIT_PER_IP`` accepted requests per
  client address (answered 429 beyond), and as many e-mails per recipient address (beyond, the
  request is answered as usual and nothing is sent: no mailbox is flooded, nothing is revealed).

Counted by django-ratelimit in the shared cache (fixed windows), per the same client address as
every other limit. With the cache down nothing is counted: the requests go on.
"""

import logging

from django.conf import settings
from django_ratelimit.core import get_usage

from franceconnect.infrastructure.api_errors import OUTAGE_ERRORS

logger = logging.getLogger(__name__)

IP_FACTOR = 4


def _usage(request, group: str, key, rate: str, *, increment: bool):
    try:
        return get_usage(request, group=f"partner_space:{group}", key=key, rate=rate, increment=increment)
    except OUTAGE_ERRORS as error:
        logger.warning("partner space limit not counted: %s", type(error).__name__)
        return None


def _lockout_limits(email: str):
    minutes = settings.PARTNER_LOCKOUT_MINUTES
    limit = settings.PARTNER_LOGIN_FAILURE_LIMIT
    address = email.strip().lower()
    yield "login:email", (lambda _group, _request: address), f"{limit}/{minutes}m"
    yield "login:ip", "ip", f"{limit * IP_FACTOR}/{minutes}m"


def login_locked(request, *, email: str) -> int | None:
    """Seconds until a login with this address (from this client) is accepted again, or None."""
    for group, key, rate in _lockout_limits(email):
        usage = _usage(request, group, key, rate, increment=False)
        if usage is not None and usage["count"] >= usage["limit"]:
            logger.warning("partner login locked: per %s", group.rsplit(":", 1)[-1])
            return max(usage["time_left"], 1)
    return None


def login_failure_count(request, *, email: str) -> None:
    for group, key, rate in _lockout_limits(email):
        _usage(request, group, key, rate, increment=True)


def requests_limited(request, *, kind: str) -> int | None:
    """Seconds to wait before this client sends another sign-up (or reset) request, or None; counts it."""
    rate = settings.PARTNER_SIGN_UP_RATE_LIMIT_PER_IP
    if not rate:
        return None
    usage = _usage(request, f"{kind}:ip", "ip", rate, increment=True)
    if usage is not None and usage["should_limit"]:
        return max(usage["time_left"], 1)
    return None


def email_allowed(request, *, email: str) -> bool:
    """Whether one more e-mail may go to this address now (counted when it may)."""
    rate = settings.PARTNER_SIGN_UP_RATE_LIMIT_PER_IP
    if not rate:
        return True
    address = email.strip().lower()
    usage = _usage(request, "email", lambda _group, _request: address, rate, increment=True)
    return usage is None or not usage["should_limit"]
