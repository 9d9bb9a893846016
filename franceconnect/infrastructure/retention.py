"""Deleting what has outlived its retention period, in batches.

Each app's purge service names its rows; this module only deletes them a batch at a time, each
batch in its own short transaction, so that a nightly purge of a large backlog never holds long
locks beside the citizens' logins, and a purge interrupted halfway simply resumes the next night.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone


def retention_cutoff(days: int) -> datetime:
    """Rows created before this instant have been kept for ``days`` days."""
    return timezone.now() - timedelta(days=days)


def delete_in_batches(queryset: QuerySet, *, batch_size: int) -> int:
    """Delete the rows of ``queryset`` (cascades included); returns how many of its model went."""
    model = queryset.model
    label = model._meta.label
    deleted = 0
    while True:
        ids = list(queryset.order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return deleted
        with transaction.atomic():
            _total, per_model = model.objects.filter(pk__in=ids).delete()
        deleted += per_model.get(label, 0)
