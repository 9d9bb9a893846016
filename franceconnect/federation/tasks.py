"""Periodic housekeeping: expired browser sessions and expired OAuth codes and tokens."""

import logging
from importlib import import_module

from celery import shared_task
from django.conf import settings
from oauth2_provider.models import clear_expired

logger = logging.getLogger(__name__)


@shared_task
def sessions_clear_expired() -> None:
    """What `manage.py clearsessions` does: database sessions are deleted, Redis expires its own."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    logger.info("expired sessions cleared (%s)", settings.SESSION_ENGINE)


@shared_task
def oauth_tokens_clear_expired() -> None:
    clear_expired()
