"""The Celery application: broker and beat schedule from the settings, tasks from every app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "franceconnect.project.settings")

app = Celery("franceconnect")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
