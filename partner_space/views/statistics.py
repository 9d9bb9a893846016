"""A site's statistics in the partner space: its logins per day, its failures by error code and
its latest errors (time, step, code: nothing about a person), over 7 or 30 days. Every role of
the organisation reads them. The figures are the back office dashboard's (service_statistics),
filtered to the one site."""

from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from partner_space.error_codes import meaning_of
from partner_space.views.common import page, partner_required
from partner_space.views.sites import site_or_404
from service_statistics import selectors
from service_statistics.selectors import Period
from service_statistics.views import chart_attributes

PERIODS = (7, 30)
LAST_ERRORS = 20


@never_cache
@require_GET
@partner_required
def site_statistics(request, person, site_id: int):
    site, membership = site_or_404(person, site_id)
    days = selectors.period_days(request.GET.get("jours"), PERIODS)
    period = Period.of(days)
    logins = selectors.connections_per_day(period, by="provider", site_pk=site.pk)
    failures = selectors.stops_per_day(period, site_pk=site.pk)
    steps, connections = selectors.funnel(period, site_pk=site.pk)
    codes: dict[str, int] = {}
    for step in steps:
        for code, count in step.errors:
            codes[code] = codes.get(code, 0) + count
    context = {
        "site": site,
        "organisation": membership.organisation,
        "days": days,
        "periods": PERIODS,
        "period": period,
        "connections": connections,
        "logins": logins,
        "logins_chart": chart_attributes(logins),
        "failures": failures,
        "failures_chart": chart_attributes(failures),
        "failures_by_code": [
            (code, count, meaning_of(code))
            for code, count in sorted(codes.items(), key=lambda item: (-item[1], item[0]))
        ],
        "failures_total": sum(codes.values()),
        "steps": [step for step in steps if step.errors],
        "last_errors": [
            (stop, meaning_of(stop.code))
            for stop in selectors.last_stops(period, site_pk=site.pk, limit=LAST_ERRORS)
        ],
        "last_errors_count": LAST_ERRORS,
        "section": "home",
        "page_name": _("Statistics"),
    }
    return page(request, "site_statistics.html", context)
