"""How many logins pass through each step, counted without a query or a round trip of their own.

A passage is a dict increment in this process's memory (franceconnect.infrastructure.counters.tally);
the next request's rate-limit counters carry it to Redis in their own round trip, into one hash per
day (Europe/Paris), ``tally:steps:<YYYYMMDD>``, field ``<step>:<site pk>:<provider pk>`` (0: none).
The beat task ``statistics_fold`` copies those hashes into ``DailyFigure`` rows. A retry or a reload
passes again: these are passages, not people.
"""

import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from django.conf import settings

from franceconnect.infrastructure.counters import tally

TALLY_NAME = "steps:{day:%Y%m%d}"

_today = ["", 0.0]  # this day's tally name, and the instant the next day starts


def tally_name(day: date) -> str:
    return TALLY_NAME.format(day=day)


def _tally_name_now() -> str:
    now = time.time()
    if now >= _today[1]:  # once a day per process: no time-zone arithmetic on every passage
        paris = ZoneInfo(settings.TIME_ZONE)
        day = datetime.fromtimestamp(now, paris).date()
        _today[:] = [tally_name(day), datetime.combine(day + timedelta(days=1), clock.min, paris).timestamp()]
    return _today[0]


def passage(step: str, *, site=None, identity_provider_pk: int | None = None) -> None:
    """A login reached ``step`` (service_statistics.steps) for ``site``, at ``identity_provider_pk``."""
    tally(_tally_name_now(), f"{step}:{site.pk if site is not None else 0}:{identity_provider_pk or 0}")
