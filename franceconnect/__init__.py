"""The portal's project package and its federation flow."""

from franceconnect.project.celery import app as celery_app

__all__ = ["celery_app"]
