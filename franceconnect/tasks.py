"""Periodic housekeeping: expired browser sessions and expired OAuth codes and tokens."""

import logging

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone
from oauth2_provider.models import clear_expired

logger = logging.getLogger(__name__)


@shared_task
def sessions_clear_expired() -> int:
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    logger.info("expired sessions deleted: %d", deleted)
    return deleted


@shared_task
def oauth_tokens_clear_expired() -> None:
    clear_expired()
