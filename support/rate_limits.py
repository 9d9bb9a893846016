"""How many requests the contact form accepts per client address and per e-mail address.

Only accepted requests count: the limits are looked at once a form is valid, before its ticket
is written, and counted once the ticket exists. A person who corrects a mistake five times has
sent nothing and is never stopped for it; a flood of forms is stopped by the pages' own limit
per address (franceconnect.infrastructure.rate_limits, URL names ``support_…``).

Counted by django-ratelimit in the shared cache, per the same client address as every other
limit (``"ip"``: franceconnect.infrastructure.client_address). If the cache is down the limits
are not counted: a request for help is accepted rather than refused for it.
"""

import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django_ratelimit.core import get_usage

from franceconnect.infrastructure.api_errors import OUTAGE_ERRORS

logger = logging.getLogger(__name__)

PER_ADDRESS = "address"
PER_EMAIL = "email"


@dataclass(frozen=True)
class ReachedLimit:
    """A limit the request would go past: which one, and when a request is accepted again."""

    per: str  # PER_ADDRESS or PER_EMAIL
    count: int  # requests already accepted in the current window
    retry_after: int  # seconds

    @property
    def retry_at(self) -> datetime:
        return timezone.now() + timedelta(seconds=self.retry_after)

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def _limits(email: str):
    address = email.strip().lower()
    yield PER_ADDRESS, settings.SUPPORT_RATE_LIMIT_PER_IP, "ip"
    yield PER_EMAIL, settings.SUPPORT_RATE_LIMIT_PER_EMAIL, lambda _group, _request: address


def _usage(request, per: str, rate: str, key, *, increment: bool):
    return get_usage(request, group=f"support:contact:{per}", key=key, rate=rate, increment=increment)


def contact_limit_reached(request, *, email: str) -> ReachedLimit | None:
    """The first limit that one more accepted request would go past, if any (counts nothing)."""
    try:
        for per, rate, key in _limits(email):
            if not rate:  # an empty rate switches that limit off
                continue
            usage = _usage(request, per, rate, key, increment=False)
            if usage is None or usage["time_left"] < 0:  # the count could not be read: not limited
                continue
            if usage["count"] >= usage["limit"]:
                logger.warning("contact form limit reached: per %s", per)
                return ReachedLimit(per=per, count=usage["count"], retry_after=max(usage["time_left"], 1))
    except OUTAGE_ERRORS as error:
        logger.warning("contact form limits not read: %s", type(error).__name__)
    return None


def contact_request_count(request, *, email: str) -> None:
    """Count one accepted request against each limit."""
    try:
        for per, rate, key in _limits(email):
            if rate:
                _usage(request, per, rate, key, increment=True)
    except OUTAGE_ERRORS as error:
        logger.warning("contact form request not counted: %s", type(error).__name__)
