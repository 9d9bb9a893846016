"""The beat task that keeps the dashboard's daily figures up to date (every 10 minutes)."""

import logging

from celery import shared_task

from service_statistics import services

logger = logging.getLogger(__name__)


@shared_task
def statistics_fold(days: int = 2) -> int:
    """Today's and yesterday's figures, written over (idempotent: safe to run twice or late)."""
    written = services.daily_figures_fold(days=days)
    logger.info("statistics folded: %d daily figures for the last %d days", written, days)
    return written
