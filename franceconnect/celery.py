"""The Celery application: broker from the settings, tasks from every app, periodic tasks here."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "franceconnect.settings")

app = Celery("franceconnect")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The beat schedule lives in code, reviewed like the rest; later issues add their own entries.
app.conf.beat_schedule = {
    "sessions-clear-expired": {
        "task": "franceconnect.tasks.sessions_clear_expired",
        "schedule": crontab(minute=17, hour=3),
    },
    "oauth-tokens-clear-expired": {
        "task": "franceconnect.tasks.oauth_tokens_clear_expired",
        "schedule": crontab(minute="*/15"),
    },
}
