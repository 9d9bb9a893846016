"""Writes on notifications: create (inside the caller's transaction, queued once it commits), resend, purge.
Sending is the worker's (delivery.py, through tasks.py)."""

from email.utils import make_msgid

from django.conf import settings
from django.db import IntegrityError, transaction

from franceconnect.infrastructure.retention import delete_in_batches, retention_cutoff
from notifications.models import Notification
from notifications.tasks import notification_dispatch


def notification_create(
    *,
    kind: str,
    recipient: str,
    language: str,
    context: dict,
    connection=None,
    dedupe_key: str | None = None,
) -> Notification:
    """Store an e-mail to send, in the caller's transaction; it is queued once that commits.

    Without a recipient the row is recorded as skipped. With a ``dedupe_key`` already used,
    the existing row is returned and nothing new is sent.
    """
    notification = Notification(
        kind=kind,
        recipient=recipient,
        language=language,
        context=context,
        connection=connection,
        dedupe_key=dedupe_key,
        message_id=make_msgid(domain=settings.NOTIFICATION_MESSAGE_ID_DOMAIN),
        status=Notification.Status.PENDING if recipient else Notification.Status.SKIPPED,
    )
    try:
        # The unique dedupe_key decides, in one statement (a login's hot path): a savepoint
        # lets the caller's transaction go on when the key was used already.
        with transaction.atomic():
            notification.save(force_insert=True)
    except IntegrityError:
        existing = Notification.objects.filter(dedupe_key=dedupe_key).first() if dedupe_key else None
        if existing is None:
            raise
        return existing
    if recipient:
        transaction.on_commit(lambda: notification_dispatch(notification_id=notification.pk))
    return notification


def notification_resend(*, notification: Notification) -> None:
    """Administrators' "send again" on a failed notification."""
    with transaction.atomic():
        updated = Notification.objects.filter(pk=notification.pk, status=Notification.Status.FAILED).update(
            status=Notification.Status.PENDING, last_error=""
        )
        if updated:
            transaction.on_commit(lambda: notification_dispatch(notification_id=notification.pk))


def notifications_purge_expired() -> int:
    """Stored e-mails older than NOTIFICATION_RETENTION_DAYS, whatever their status: they hold an
    address and a name, and one that old is past any retry or support question."""
    cutoff = retention_cutoff(settings.NOTIFICATION_RETENTION_DAYS)
    return delete_in_batches(
        Notification.objects.filter(created_at__lt=cutoff), batch_size=settings.PURGE_BATCH_SIZE
    )
