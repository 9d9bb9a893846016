"""Thin Celery tasks: they take a row's id; delivery.py does the work. Queuing one is here too
(notification_dispatch): the services call it once the row is committed."""

import logging

from celery import shared_task
from django.conf import settings

from notifications.delivery import TransientDeliveryError, notification_deliver, notification_give_up
from notifications.selectors import notifications_to_redispatch

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def notification_send(self, notification_id: int) -> str:
    try:
        return notification_deliver(notification_id=notification_id)
    except TransientDeliveryError as error:
        if self.request.retries >= settings.NOTIFICATION_MAX_RETRIES:
            notification_give_up(notification_id=notification_id)
            return "failed"
        countdown = settings.NOTIFICATION_RETRY_BASE_SECONDS * 2**self.request.retries
        logger.info("notification %s: transient failure, retry in %.1f s", notification_id, countdown)
        raise self.retry(countdown=countdown, exc=error) from error


@shared_task
def notifications_dispatch_pending() -> int:
    """Queue again what stayed pending: the broker was down, or a worker was lost mid-task."""
    ids = notifications_to_redispatch(older_than_seconds=settings.NOTIFICATION_REDISPATCH_AFTER_SECONDS)
    for notification_id in ids:
        notification_dispatch(notification_id=notification_id)
    return len(ids)


def notification_dispatch(*, notification_id: int) -> bool:
    """Queue the sending task; with the broker down the row stays pending for the periodic re-dispatch."""
    try:
        notification_send.apply_async((notification_id,), retry=False)
    except Exception as error:  # any broker failure: the row is safe, the sweep will queue it
        logger.warning(
            "notification %s not queued (%s); it stays pending", notification_id, type(error).__name__
        )
        return False
    return True
