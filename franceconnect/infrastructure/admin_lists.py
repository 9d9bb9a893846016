"""Back-office lists that stay fast with a nation's data (issue 20, bench/reports/2026-11-29-issue20-*).

Measured with 10 million connection records, 3 million accounts and 5,000 partner sites, Django's
defaults cost seconds per list page:

- ``COUNT(*)`` of the whole table, twice (the page's count and the « N total » beside it):
  ``LargeTablePaginator`` counts exactly up to ``EXACT_COUNT_LIMIT`` rows and above that shows the
  planner's estimate, and the lists set ``show_full_result_count = False``;
- ``date_hierarchy`` reads ``SELECT DISTINCT date_trunc(…)`` over every row of the period shown:
  the lists filter by date with Django's ``DateFieldListFilter`` (no query) instead;
- a filter listing every partner site renders 5,000 links (half a megabyte): ``SiteListFilter``
  offers the sites with the most connections in the last week, read from the statistics' daily
  figures (a summary table), and keeps any site chosen by its link;
- ``icontains`` searches (``UPPER(col) LIKE '%…%'``) read the whole table: a reference, a
  Message-ID or an address is searched as what it is, on an index (``exact_search``).
"""

import json
from datetime import timedelta

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connections
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from franceconnect.infrastructure.references import is_connection_reference, reference_normalize

EXACT_COUNT_LIMIT = 10_000
SITES_OFFERED = 20


def estimated_count(queryset) -> int:
    """The planner's estimate of the rows ``queryset`` returns (EXPLAIN, no execution)."""
    sql, params = queryset.order_by().query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


class LargeTablePaginator(Paginator):
    """Exact counts for the lists people page through; an estimate beyond ``EXACT_COUNT_LIMIT``."""

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        exact = queryset.order_by()[: EXACT_COUNT_LIMIT + 1].count()
        if exact <= EXACT_COUNT_LIMIT or connections[queryset.db].vendor != "postgresql":
            return exact if exact <= EXACT_COUNT_LIMIT else queryset.count()
        return max(estimated_count(queryset), exact)


class LargeTableAdmin(admin.ModelAdmin):
    paginator = LargeTablePaginator
    show_full_result_count = False


class SiteListFilter(admin.SimpleListFilter):
    """The partner sites with the most connections in the last seven days, and the one chosen."""

    title = _("site")
    parameter_name = "site"
    field = "service_provider_id"

    def lookups(self, request, model_admin):
        from django.db.models import Sum

        from franceconnect.federation.models import ServiceProvider
        from service_statistics.models import DailyFigure

        since = timezone.localdate() - timedelta(days=7)
        busiest = (
            DailyFigure.objects.filter(figure=DailyFigure.Figure.CONNECTIONS_BY_SITE, day__gte=since)
            .values("service_provider_pk")
            .annotate(total=Sum("count"))
            .order_by("-total")
            .values_list("service_provider_pk", flat=True)[:SITES_OFFERED]
        )
        wanted = set(busiest)
        if (self.value() or "").isdecimal():
            wanted.add(int(self.value()))
        sites = ServiceProvider.objects.filter(pk__in=wanted).order_by("name").values_list("pk", "name")
        return [(str(pk), name) for pk, name in sites]

    def queryset(self, request, queryset):
        value = self.value() or ""
        return queryset.filter(**{self.field: int(value)}) if value.isdecimal() else queryset


class LevelListFilter(admin.SimpleListFilter):
    """The eIDAS levels from the vocabulary: Django's filter on a plain field reads
    ``SELECT DISTINCT`` of the whole table to list its values."""

    title = _("eIDAS level")
    parameter_name = "acr"

    def lookups(self, request, model_admin):
        from franceconnect.infrastructure.vocabulary import EIDAS_LEVEL_CHOICES

        return EIDAS_LEVEL_CHOICES

    def queryset(self, request, queryset):
        return queryset.filter(acr=self.value()) if self.value() else queryset


def exact_search(queryset, term: str, *, reference: str | None = None, address: str | None = None,
                 message_id: str | None = None, other: str | None = None):  # fmt: skip
    """The rows whose connection reference, e-mail address, Message-ID (or ``other`` field) is
    ``term`` exactly, each compared on its own index; nothing for a term of no known form."""
    term = term.strip()
    if not term:
        return queryset
    if reference and is_connection_reference(reference_normalize(term)):
        return queryset.filter(**{reference: reference_normalize(term)})
    if message_id and term.startswith("<") and term.endswith(">"):
        return queryset.filter(**{message_id: term})
    if address and "@" in term:
        return queryset.filter(**{address: term})
    if other:
        return queryset.filter(**{other: term})
    return queryset.none()
