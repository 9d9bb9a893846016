"""The statistics dashboard in the back office (``/admin/statistiques/``) and its CSV export.

Staff with the permission ``service_statistics.view_statistics`` (Opérateurs, Auditeurs,
superusers) see it; other staff get 403. Everything shown is a count: no person, no address.
"""

import csv
import json

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from service_statistics import selectors
from service_statistics.selectors import DailyChart, Period

PERMISSION = "service_statistics.view_statistics"


def _allowed(request) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def chart_attributes(chart: DailyChart, *, percent: bool = False) -> dict[str, str]:
    """What DSFR Chart's <bar-chart> reads: JSON lists of the days (x) and of each series (y)."""
    labels = [date_format(day, "d/m") for day in chart.days]
    return {
        "x": json.dumps([labels]),
        "y": json.dumps(
            [[value if value is not None else 0 for value in series.values] for series in chart.series]
        ),
        "name": json.dumps([series.name for series in chart.series]),
        "unit": "%" if percent else "",
    }


def _figures(days: int) -> dict:
    period = Period.of(days)
    steps, connections = selectors.funnel(period)
    charts = {
        "by_site": selectors.connections_per_day(period, by="site"),
        "by_provider": selectors.connections_per_day(period, by="provider"),
        "emails": selectors.security_emails_per_day(period),
        "availability": selectors.availability_per_day(period),
    }
    return {"period": period, "steps": steps, "connections": connections, **charts}


@require_GET
def dashboard(request):
    _allowed(request)
    days = selectors.period_days(request.GET.get("jours"))
    figures = _figures(days)
    funnel_chart = {
        "x": json.dumps([[step.label for step in figures["steps"] if step.went_on is not None]]),
        "y": json.dumps([[step.reached for step in figures["steps"] if step.went_on is not None]]),
        "name": json.dumps([_("Passages")]),
    }
    context = {
        **admin.site.each_context(request),
        **figures,
        "title": _("Statistics"),
        "days": days,
        "periods": selectors.PERIODS,
        "funnel_chart": funnel_chart,
        "chart_of": {
            "by_site": chart_attributes(figures["by_site"]),
            "by_provider": chart_attributes(figures["by_provider"]),
            "emails": chart_attributes(figures["emails"]),
            "availability": chart_attributes(figures["availability"], percent=True),
        },
        "top": selectors.TOP,
    }
    return render(request, "service_statistics/dashboard.html", context)


# The export is a data file: its headers and section names are fixed French words, whatever the
# language of the back office, so that a spreadsheet built on it keeps working.
CSV_HEADERS = [
    "section",
    "jour",
    "site",
    "fournisseur d'identité",
    "étape",
    "code d'erreur",
    "statut",
    "nombre",
    "part (%)",
]
SECTION_BY_SITE = "connexions par jour et par site"
SECTION_BY_PROVIDER = "connexions par jour et par fournisseur d'identité"
SECTION_FUNNEL = "parcours : passages par étape"
SECTION_ERRORS = "parcours : erreurs par étape"
SECTION_EMAILS = "e-mails de sécurité par jour et par statut"
SECTION_AVAILABILITY = "disponibilité des fournisseurs d'identité par jour"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """A name (a site's, a provider's) that a spreadsheet would take for a formula is quoted."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _csv_rows(figures: dict):
    def row(section, *, day=None, site="", provider="", step="", code="", status="", count="", share=""):
        day = day.isoformat() if day else ""
        return [section, day, _cell(site), _cell(provider), step, _cell(code), status, count, share]

    for day, values in figures["by_site"].rows:
        for series, count in zip(figures["by_site"].series, values, strict=True):
            yield row(SECTION_BY_SITE, day=day, site=series.name, count=count)
    for day, values in figures["by_provider"].rows:
        for series, count in zip(figures["by_provider"].series, values, strict=True):
            yield row(SECTION_BY_PROVIDER, day=day, provider=series.name, count=count)
    for step in figures["steps"]:
        if step.went_on is not None:
            yield row(
                SECTION_FUNNEL,
                step=step.step,
                count=step.reached,
                share="" if step.stopped_share is None else step.stopped_share,
            )
    for step in figures["steps"]:
        for code, count in step.errors:
            yield row(SECTION_ERRORS, step=step.step, code=code, count=count)
    for day, values in figures["emails"].rows:
        for status, count in zip(selectors.EMAIL_STATUSES, values, strict=True):
            yield row(SECTION_EMAILS, day=day, status=status, count=count)
    for day, values in figures["availability"].rows:
        for series, share in zip(figures["availability"].series, values, strict=True):
            if share is not None:
                yield row(SECTION_AVAILABILITY, day=day, provider=series.name, share=share)


@require_GET
def export(request):
    """Every figure of the page as CSV (UTF-8 with a BOM and semicolons, as French spreadsheets
    open it), one ``section`` per chart. The funnel's « part » is the share that stopped there."""
    _allowed(request)
    days = selectors.period_days(request.GET.get("jours"))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"statistiques-{timezone.localdate():%Y-%m-%d}-{days}-jours.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(CSV_HEADERS)
    writer.writerows(_csv_rows(_figures(days)))
    return response
