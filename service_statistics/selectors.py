"""The dashboard's figures for a period, each read in one grouped query from the daily figures
(folded every 10 minutes by ``statistics_fold``) and the stopped logins: a handful of queries per
page whatever the number of sites, providers or days.

The partner space's statistics of one site read the same figures, filtered by ``site_pk``."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.models import get_application_model

from identity_providers.models import IdentityProvider
from notifications.models import Notification
from service_statistics.models import DailyFigure, LoginStop
from service_statistics.steps import HINTED, SINGLE_SIGN_ON, Step

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
TOP = 5  # sites or providers shown by name in a chart; the others are added up as « others »
EMAIL_STATUSES = [
    Notification.Status.SENT,
    Notification.Status.PENDING,
    Notification.Status.SKIPPED,
    Notification.Status.FAILED,
]


def period_days(value, periods: tuple[int, ...] = PERIODS) -> int:
    """The period asked for (?jours=7, 30 or 90); anything else is the default."""
    try:
        days = int(value)
    except (TypeError, ValueError):
        return DEFAULT_PERIOD
    return days if days in periods else DEFAULT_PERIOD


@dataclass(frozen=True)
class Period:
    first: date
    last: date  # today, in Paris

    @classmethod
    def of(cls, days: int, today: date | None = None) -> "Period":
        today = today or timezone.localdate()
        return cls(today - timedelta(days=days - 1), today)

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=offset) for offset in range((self.last - self.first).days + 1)]

    @property
    def since(self) -> datetime:
        return datetime.combine(self.first, clock.min, ZoneInfo(settings.TIME_ZONE))


@dataclass
class Series:
    name: str
    values: list


@dataclass
class DailyChart:
    days: list[date]
    series: list[Series]

    @property
    def rows(self) -> list[tuple[date, list]]:
        """Day by day, for the table under the chart."""
        return [
            (day, [series.values[index] for series in self.series]) for index, day in enumerate(self.days)
        ]

    @property
    def totals(self) -> list:
        return [sum(value or 0 for value in series.values) for series in self.series]


def _figures(figure: str, period: Period, site_pk: int | None = None):
    figures = DailyFigure.objects.filter(figure=figure, day__gte=period.first, day__lte=period.last)
    return figures if site_pk is None else figures.filter(service_provider_pk=site_pk)


def _stops(period: Period, site_pk: int | None = None):
    stops = LoginStop.objects.filter(occurred_at__gte=period.since)
    return stops if site_pk is None else stops.filter(service_provider_id=site_pk)


def _names(model, pks) -> dict[int, str]:
    return dict(model.objects.filter(pk__in=pks).values_list("pk", "name"))


def connections_per_day(period: Period, *, by: str, site_pk: int | None = None) -> DailyChart:
    """Connections per day by site (``by="site"``) or by identity provider (``"provider"``): the
    ``TOP`` largest over the period, the others together; of one site only with ``site_pk``.

    Read in three small answers whatever the number of sites (issue 20: 5,000 sites, 450,000 per
    site figures in 90 days): the ``TOP`` + 2 largest totals (grouped in the database), the days of
    those shown, and the days' totals (a few per day); « others » is a day's total minus the ones
    shown. All sites read the per site or per provider figures; one site, its own rows of the
    per site and provider figures."""
    key, model, figure = (
        ("service_provider_pk", get_application_model(), DailyFigure.Figure.CONNECTIONS_BY_SITE)
        if by == "site"
        else ("identity_provider_pk", IdentityProvider, DailyFigure.Figure.CONNECTIONS_BY_PROVIDER)
    )
    if site_pk is None:
        figures = _figures(figure, period)
        all_connections = _figures(DailyFigure.Figure.CONNECTIONS_BY_PROVIDER, period)
    else:
        figures = all_connections = _figures(DailyFigure.Figure.CONNECTIONS, period, site_pk)
    ranked = [
        pk
        for pk, _total in figures.values_list(key)
        .annotate(total=Sum("count"))
        .order_by("-total", key)[: TOP + 2]
    ]
    if len(ranked) <= TOP + 1:  # no one else, or a single one: name it
        shown, others = ranked, False
    else:
        shown, others = ranked[:TOP], True
    names = _names(model, [pk for pk in shown if pk])
    index = {day: position for position, day in enumerate(period.days)}
    series = {pk: Series(names.get(pk) or _("unknown or deleted"), [0] * len(index)) for pk in shown}
    rows = (
        figures.filter(**{f"{key}__in": shown})
        .values_list("day", key)
        .annotate(count=Sum("count"))
        .order_by()
    )
    for day, pk, count in rows:
        series[pk].values[index[day]] += count
    if others:
        rest = Series(_("others"), [0] * len(index))
        day_totals = all_connections.values_list("day").annotate(count=Sum("count")).order_by()
        for day, count in day_totals:
            rest.values[index[day]] = count - sum(line.values[index[day]] for line in series.values())
        series[None] = rest
    return DailyChart(period.days, list(series.values()))


@dataclass
class FunnelStep:
    step: str
    label: str
    reached: int
    went_on: int | None  # None: the last step the funnel follows (errors only after it)
    errors: list[tuple[str, int]] = field(default_factory=list)  # (code, count), most frequent first

    @property
    def stopped(self) -> int:
        return (
            max(0, self.reached - self.went_on)
            if self.went_on is not None
            else sum(c for _x, c in self.errors)
        )

    @property
    def stopped_share(self) -> float | None:
        return round(100 * self.stopped / self.reached, 1) if self.reached else None

    @property
    def errors_total(self) -> int:
        return sum(count for _code, count in self.errors)


def funnel(period: Period, *, site_pk: int | None = None) -> tuple[list[FunnelStep], int]:
    """Per step: how many passed through it, how many did not reach the next one, and the error
    codes recorded there; and the connections (the logins that went all the way). Of one site
    only with ``site_pk``."""
    passages = dict(
        _figures(DailyFigure.Figure.PASSAGES, period, site_pk)
        .values_list("label")
        .annotate(count=Sum("count"))
        .order_by()
    )
    connections = (
        _figures(DailyFigure.Figure.CONNECTIONS, period, site_pk)
        if site_pk is not None
        else _figures(DailyFigure.Figure.CONNECTIONS_BY_PROVIDER, period)
    ).aggregate(total=Sum("count"))["total"] or 0
    errors: dict[str, list[tuple[str, int]]] = {}
    stops = (
        _stops(period, site_pk)
        .values_list("step", "code")
        .annotate(count=Count("id"))
        .order_by("step", "-count", "code")
    )
    for step, code, count in stops:
        errors.setdefault(step, []).append((code, count))

    def count(name: str) -> int:
        return passages.get(name, 0)

    refused_requests = sum(number for _code, number in errors.get(Step.AUTHORIZE, []))
    reached_and_went_on = {
        # Valid requests open a login (counted), refused ones are recorded: both reached it.
        Step.AUTHORIZE: (count(Step.AUTHORIZE) + refused_requests, count(Step.AUTHORIZE)),
        # From the chooser, a click to a provider (the site's idp_hint skips the chooser).
        Step.CHOOSER: (count(Step.CHOOSER), count(Step.IDENTITY_PROVIDER) - count(HINTED)),
        Step.IDENTITY_PROVIDER: (count(Step.IDENTITY_PROVIDER), count(Step.IDENTITY_CHECK)),
        Step.IDENTITY_CHECK: (count(Step.IDENTITY_CHECK), count(Step.CONFIRMATION)),
        # After a new login, or at once under a single sign-on; going on is being connected.
        Step.CONFIRMATION: (count(Step.CONFIRMATION) + count(SINGLE_SIGN_ON), connections),
        Step.TOKEN: (0, None),
        Step.USERINFO: (0, None),
    }
    steps = [
        FunnelStep(step, str(Step(step).label), reached, went_on, errors.get(step, []))
        for step, (reached, went_on) in reached_and_went_on.items()
    ]
    return steps, connections


def security_emails_per_day(period: Period) -> DailyChart:
    """Security e-mails after a connection, per day of the connection and status (now)."""
    index = {day: position for position, day in enumerate(period.days)}
    series = {
        status: Series(str(Notification.Status(status).label), [0] * len(index)) for status in EMAIL_STATUSES
    }
    rows = (
        _figures(DailyFigure.Figure.SECURITY_EMAILS, period)
        .values_list("day", "label")
        .annotate(count=Sum("count"))
        .order_by()
    )
    for day, status, count in rows:
        if status in series:
            series[status].values[index[day]] += count
    return DailyChart(period.days, list(series.values()))


def availability_per_day(period: Period) -> DailyChart:
    """Per provider and day, the share (%) of its health checks that succeeded; None without checks."""
    rows = list(
        _figures(DailyFigure.Figure.HEALTH_CHECKS, period)
        .values_list("day", "identity_provider_pk", "label")
        .annotate(count=Sum("count"))
        .order_by()
    )
    checks: dict[tuple[int, date], list[int]] = {}
    for day, pk, label, count in rows:
        ok_and_all = checks.setdefault((pk, day), [0, 0])
        ok_and_all[1] += count
        if label == "ok":
            ok_and_all[0] += count
    providers = sorted({pk for pk, _day in checks})
    names = _names(IdentityProvider, providers)
    series = []
    for pk in sorted(providers, key=lambda pk: (names.get(pk, ""), pk)):
        values = []
        for day in period.days:
            ok, total = checks.get((pk, day), (0, 0))
            values.append(round(100 * ok / total, 1) if total else None)
        series.append(Series(names.get(pk) or _("unknown or deleted"), values))
    return DailyChart(period.days, series)


def stops_per_day(period: Period, *, site_pk: int | None = None) -> DailyChart:
    """Stopped logins per day (Paris) by error code: the ``TOP`` most frequent codes, the others
    together."""
    rows = list(
        _stops(period, site_pk)
        .annotate(day=TruncDate("occurred_at", tzinfo=ZoneInfo(settings.TIME_ZONE)))
        .values_list("day", "code")
        .annotate(count=Count("id"))
        .order_by()
    )
    totals: dict[str, int] = {}
    for _day, code, count in rows:
        totals[code] = totals.get(code, 0) + count
    ranked = sorted(totals, key=lambda code: (-totals[code], code))
    shown = ranked if len(ranked) <= TOP + 1 else ranked[:TOP]
    index = {day: position for position, day in enumerate(period.days)}
    series = {code: Series(code, [0] * len(index)) for code in shown}
    if len(shown) < len(ranked):
        series[None] = Series(_("others"), [0] * len(index))
    for day, code, count in rows:
        if day in index:
            series[code if code in series else None].values[index[day]] += count
    return DailyChart(period.days, list(series.values()))


@dataclass(frozen=True)
class StopShown:
    occurred_at: datetime
    step: str
    step_label: str
    code: str


def last_stops(period: Period, *, site_pk: int, limit: int = 20) -> list[StopShown]:
    """The latest stopped logins of a site: time, step and code (nothing about a person)."""
    rows = (
        _stops(period, site_pk)
        .order_by("-occurred_at", "-pk")
        .values_list("occurred_at", "step", "code")[:limit]
    )
    return [StopShown(occurred_at, step, str(Step(step).label), code) for occurred_at, step, code in rows]
