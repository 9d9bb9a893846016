"""Periodic housekeeping: personal data past its retention period, expired browser sessions and
expired OAuth codes and tokens. They log counts only, never what they deleted."""

import logging
from dataclasses import asdict
from importlib import import_module

from celery import shared_task
from django.conf import settings
from oauth2_provider.models import clear_expired

from franceconnect.federation import services

logger = logging.getLogger(__name__)


@shared_task
def sessions_clear_expired() -> None:
    """What `manage.py clearsessions` does: database sessions are deleted, Redis expires its own."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    logger.info("expired sessions cleared (%s)", settings.SESSION_ENGINE)


@shared_task
def oauth_tokens_clear_expired() -> None:
    clear_expired()


@shared_task
def personal_data_purge() -> dict[str, int]:
    """Nightly: everything past its retention period (README « Données personnelles »)."""
    counts = services.personal_data_purge()
    logger.info(
        "personal data purged: %d connection records, %d citizen accounts, %d notifications, "
        "%d support tickets, %d refused logins; %d statistics rows; partner space: %d unverified "
        "sign-ups, %d invitations, %d inactive people, %d history entries",
        counts.connection_records,
        counts.citizen_accounts,
        counts.notifications,
        counts.support_tickets,
        counts.refused_logins,
        counts.statistics,
        counts.partner_unverified_accounts,
        counts.partner_invitations,
        counts.partner_people,
        counts.partner_history,
    )
    return asdict(counts)
