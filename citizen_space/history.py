"""Reads of the space: a citizen's connections of the history period, and what each site received.

Only names of data are shown (the connection records hold the claims' names, never their values).
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from franceconnect.federation.models import Connection
from franceconnect.federation.provider.scopes import CLAIM_LABELS
from franceconnect.infrastructure.retention import retention_cutoff

# The labels of what a connection record names; given_name_array goes with given_name.
DATA_LABELS = {"sub": _("Your identifier for the site"), **CLAIM_LABELS}
LEVEL_LABELS = {"eidas1": _("low"), "eidas2": _("substantial"), "eidas3": _("high")}


def data_labels(claims) -> list[str]:
    names = set(claims)
    return [str(label) for name, label in DATA_LABELS.items() if name in names]


def level_label(acr: str) -> str:
    return str(LEVEL_LABELS.get(acr, acr))


def history_start() -> datetime:
    return retention_cutoff(settings.CITIZEN_SPACE_HISTORY_DAYS)


def account_connections(account_id: int, *, site_id: int | None = None):
    """The account's connections of the history period, newest first."""
    connections = Connection.objects.filter(citizen_id=account_id, created_at__gte=history_start())
    if site_id is not None:
        connections = connections.filter(service_provider_id=site_id)
    return connections.select_related("service_provider", "identity_provider").order_by("-created_at", "-pk")


@dataclass(frozen=True)
class SiteSummary:
    """« Which sites received what, and when last »."""

    site_id: int
    site_name: str
    connections: int
    last_at: datetime
    data: list[str]


def site_summaries(account_id: int) -> list[SiteSummary]:
    """One line per site of the history period, the most recent first: two grouped queries."""
    recent = Connection.objects.filter(citizen_id=account_id, created_at__gte=history_start())
    data_by_site: dict[int, set[str]] = {}
    for site_id, claims in recent.values_list("service_provider_id", "claims").distinct():
        data_by_site.setdefault(site_id, set()).update(claims)
    totals = (
        recent.values("service_provider_id", "service_provider__name")
        .annotate(connections=Count("pk"), last_at=Max("created_at"))
        .order_by("-last_at")
    )
    return [
        SiteSummary(
            site_id=row["service_provider_id"],
            site_name=row["service_provider__name"],
            connections=row["connections"],
            last_at=row["last_at"],
            data=data_labels(data_by_site.get(row["service_provider_id"], ())),
        )
        for row in totals
    ]
