"""Writes of the statistics: a stopped login, the daily figures folded from what the portal keeps,
and their purge after ``STATISTICS_RETENTION_DAYS``."""

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from franceconnect.federation.models import Connection
from franceconnect.infrastructure.counters import tally_read
from franceconnect.infrastructure.retention import delete_in_batches, retention_cutoff
from identity_providers.models import HealthCheck
from notifications.models import Notification
from service_statistics.models import DailyFigure, LoginStop
from service_statistics.passages import tally_name

logger = logging.getLogger(__name__)

MAX_CODE_LENGTH = LoginStop._meta.get_field("code").max_length


def login_stop_record(
    *, step: str, code: str, service_provider_pk: int | None = None, identity_provider_pk: int | None = None
) -> None:
    """Records where a login stopped and why; on failure paths only. A database that cannot
    take it does not change the person's answer (the error page is shown all the same)."""
    try:
        with transaction.atomic():
            LoginStop.objects.create(
                step=step,
                code=code[:MAX_CODE_LENGTH],
                service_provider_id=service_provider_pk,
                identity_provider_id=identity_provider_pk,
            )
    except DatabaseError as error:
        logger.warning("stopped login not recorded (%s %s): %s", step, code, type(error).__name__)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, clock.min, ZoneInfo(settings.TIME_ZONE))


def _paris_day(field: str) -> TruncDate:
    return TruncDate(field, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _from_rows(first: date, last: date) -> list[DailyFigure]:
    """The figures the database's own rows give for these days."""
    since, until = _day_start(first), _day_start(last + timedelta(days=1))
    figures = []
    connections = (
        Connection.objects.filter(created_at__gte=since, created_at__lt=until)
        .annotate(day=_paris_day("created_at"))
        .values_list("day", "service_provider_id", "identity_provider_id")
        .annotate(count=Count("id"))
        .order_by()
    )
    figures += [
        DailyFigure(
            figure=DailyFigure.Figure.CONNECTIONS,
            day=day,
            service_provider_pk=site or 0,
            identity_provider_pk=provider or 0,
            count=count,
        )
        for day, site, provider, count in connections
    ]
    figures += connection_figures_coarser(figures)
    emails = (
        Notification.objects.filter(
            kind=Notification.Kind.SECURITY_CONNECTION, created_at__gte=since, created_at__lt=until
        )
        .annotate(day=_paris_day("created_at"))
        .values_list("day", "status")
        .annotate(count=Count("id"))
        .order_by()
    )
    figures += [
        DailyFigure(figure=DailyFigure.Figure.SECURITY_EMAILS, day=day, label=status, count=count)
        for day, status, count in emails
    ]
    checks = (
        HealthCheck.objects.filter(checked_at__gte=since, checked_at__lt=until)
        .annotate(day=_paris_day("checked_at"))
        .values_list("day", "provider_id", "ok")
        .annotate(count=Count("id"))
        .order_by()
    )
    figures += [
        DailyFigure(
            figure=DailyFigure.Figure.HEALTH_CHECKS,
            day=day,
            label="ok" if ok else "failed",
            identity_provider_pk=provider,
            count=count,
        )
        for day, provider, ok, count in checks
    ]
    return figures


def connection_figures_coarser(figures: Iterable[DailyFigure]) -> list[DailyFigure]:
    """Per day and site, and per day and identity provider, from the per day, site and provider
    connection figures among ``figures`` (the dashboard reads these: far fewer rows)."""
    by_site: Counter = Counter()
    by_provider: Counter = Counter()
    for figure in figures:
        if figure.figure == DailyFigure.Figure.CONNECTIONS:
            by_site[figure.day, figure.service_provider_pk] += figure.count
            by_provider[figure.day, figure.identity_provider_pk] += figure.count
    return [
        DailyFigure(
            figure=DailyFigure.Figure.CONNECTIONS_BY_SITE, day=day, service_provider_pk=pk, count=count
        )
        for (day, pk), count in by_site.items()
    ] + [
        DailyFigure(
            figure=DailyFigure.Figure.CONNECTIONS_BY_PROVIDER, day=day, identity_provider_pk=pk, count=count
        )
        for (day, pk), count in by_provider.items()
    ]


def _from_tallies(days: Iterable[date]) -> list[DailyFigure]:
    figures = []
    for day in days:
        for field, count in tally_read(tally_name(day)).items():
            step, site, provider = field.split(":")
            figures.append(
                DailyFigure(
                    figure=DailyFigure.Figure.PASSAGES,
                    day=day,
                    label=step,
                    service_provider_pk=int(site),
                    identity_provider_pk=int(provider),
                    count=count,
                )
            )
    return figures


UNIQUE_FIELDS = ["figure", "day", "label", "service_provider_pk", "identity_provider_pk"]
FROM_ROWS = [
    DailyFigure.Figure.CONNECTIONS,
    DailyFigure.Figure.CONNECTIONS_BY_SITE,
    DailyFigure.Figure.CONNECTIONS_BY_PROVIDER,
    DailyFigure.Figure.SECURITY_EMAILS,
    DailyFigure.Figure.HEALTH_CHECKS,
]


def daily_figures_fold(*, days: int = 2, today: date | None = None) -> int:
    """The figures of the last ``days`` days (today included), computed again and written over
    what was there: running it twice gives the same rows. Figures from the database's rows replace
    those days' rows whole (an e-mail pending an hour ago is sent now); passages set each count
    that Redis still holds and leave the others alone (an expired tally loses nothing)."""
    today = today or timezone.localdate()
    first = today - timedelta(days=days - 1)
    day_list = [first + timedelta(days=offset) for offset in range(days)]
    rows = _from_rows(first, today)
    passages = _from_tallies(day_list)
    with transaction.atomic():
        DailyFigure.objects.filter(figure__in=FROM_ROWS, day__gte=first, day__lte=today).delete()
        DailyFigure.objects.bulk_create(rows, batch_size=1000)
        DailyFigure.objects.bulk_create(
            passages,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=UNIQUE_FIELDS,
            update_fields=["count"],
        )
    return len(rows) + len(passages)


def statistics_purge_expired() -> int:
    """Stopped logins and daily figures older than STATISTICS_RETENTION_DAYS."""
    cutoff = retention_cutoff(settings.STATISTICS_RETENTION_DAYS)
    stops = delete_in_batches(
        LoginStop.objects.filter(occurred_at__lt=cutoff), batch_size=settings.PURGE_BATCH_SIZE
    )
    figures = delete_in_batches(
        DailyFigure.objects.filter(day__lt=timezone.localtime(cutoff).date()),
        batch_size=settings.PURGE_BATCH_SIZE,
    )
    return stops + figures
