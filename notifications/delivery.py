"""Sending one stored e-mail, as the worker does it: locked while the mail server is talked to,
with the server's answer kept on the row for administrators and out of the logs."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, TextField, Value
from django.db.models.functions import Concat
from django.utils import timezone

from notifications.models import Notification
from notifications.rendering import notification_render

logger = logging.getLogger(__name__)


class TransientDeliveryError(Exception):
    """The mail server could not take the message now; trying again later may work."""


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
