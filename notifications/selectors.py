from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from notifications.models import Notification


def notifications_to_redispatch(*, older_than_seconds: int) -> list[int]:
    """Pending rows nobody has sent yet (broker down at creation, worker lost...)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    return list(
        Notification.objects.filter(status=Notification.Status.PENDING, updated_at__lte=cutoff).values_list(
            "pk", flat=True
        )[:1000]
    )


def notification_counts() -> dict[str, int]:
    return Notification.objects.aggregate(
        pending=Count("pk", filter=Q(status=Notification.Status.PENDING)),
        failed=Count("pk", filter=Q(status=Notification.Status.FAILED)),
    )
