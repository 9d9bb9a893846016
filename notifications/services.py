"""Writes on notifications: create (inside the caller's transaction), dispatch, deliver, resend."""

import logging
import smtplib
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, TextField, Value
from django.db.models.functions import Concat
from django.utils import timezone

from franceconnect.infrastructure.retention import delete_in_batches, retention_cutoff
from notifications.models import Notification
from notifications.rendering import notification_render

logger = logging.getLogger(__name__)


class TransientDeliveryError(Exception):
    """The mail server could not take the message now; trying again later may work."""


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


def notification_dispatch(*, notification_id: int) -> bool:
    """Queue the sending task; with the broker down the row stays pending for the periodic re-dispatch."""
    from notifications.tasks import notification_send

    try:
        notification_send.apply_async((notification_id,), retry=False)
    except Exception as error:  # any broker failure: the row is safe, the sweep will queue it
        logger.warning(
            "notification %s not queued (%s); it stays pending", notification_id, type(error).__name__
        )
        return False
    return True


def _is_permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def _describe(error: Exception) -> str:
    """The failure as administrators read it on the row: the server's own words included."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [f"{code} {message.decode(errors='replace')}" for code, message in error.recipients.values()]
        return f"recipient refused: {'; '.join(codes)}"[:1000]
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {error.smtp_error.decode(errors='replace')}"[:1000]
    return f"{type(error).__name__}: {error}"[:1000]


def _summary(error: Exception) -> str:
    """The failure as logs read it: codes and kinds only. Mail servers quote the recipient's
    address in their answers ("550 <name@example.org>: no such user"), which logs must not keep."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "recipient refused: " + " ".join(str(code) for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return f"SMTP {error.smtp_code}"
    return type(error).__name__


def _message(notification: Notification) -> EmailMultiAlternatives:
    subject, text, html = notification_render(notification)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[notification.recipient],
        headers={"Message-ID": notification.message_id, "Content-Language": notification.language},
        connection=get_connection(timeout=settings.EMAIL_TIMEOUT),
    )
    message.attach_alternative(html, "text/html")
    return message


def notification_deliver(*, notification_id: int) -> str:
    """Send one notification if it is still pending; returns its status afterwards.

    The row stays locked while the mail server is talked to, so two workers cannot both send
    it; a worker killed before the server accepted the message leaves it pending (its
    transaction rolls back) for the retry. Raises TransientDeliveryError when a retry may work.
    """
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None:  # deleted since it was queued: nothing to send
            return "missing"
        if notification.status != Notification.Status.PENDING:
            return notification.status
        notification.attempts += 1
        try:
            _message(notification).send()
        except (smtplib.SMTPException, OSError) as error:
            notification.last_error = _describe(error)
            summary = _summary(error)
            if _is_permanent(error):
                notification.status = Notification.Status.FAILED
            notification.save(update_fields=["attempts", "last_error", "status", "updated_at"])
        else:
            notification.status = Notification.Status.SENT
            notification.sent_at = timezone.now()
            notification.last_error = ""
            notification.save(update_fields=["attempts", "last_error", "status", "sent_at", "updated_at"])
            return notification.status
    if notification.status == Notification.Status.PENDING:
        # Celery logs the exception of a retry, and its cause, as they read: the summary only,
        # without chaining the mail server's answer (it names the recipient).
        raise TransientDeliveryError(summary) from None
    logger.warning("notification %s failed permanently: %s", notification_id, summary)
    return notification.status


def notification_give_up(*, notification_id: int) -> None:
    """The retries are exhausted: record the final failure where administrators see it (after
    the last attempt's error, kept on the row in the mail server's own words)."""
    Notification.objects.filter(pk=notification_id, status=Notification.Status.PENDING).update(
        status=Notification.Status.FAILED,
        last_error=Concat(Value("retries exhausted — "), F("last_error"), output_field=TextField()),
    )


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
