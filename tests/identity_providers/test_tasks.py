import time

import pytest
from celery.contrib.testing.worker import start_worker

from franceconnect.project.celery import app as celery_app
from identity_providers.models import HealthCheck
from identity_providers.tasks import identity_providers_check_all


@pytest.mark.django_db(transaction=True)
def test_the_periodic_task_checks_every_active_provider_through_a_real_worker(registered_fake):
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        identity_providers_check_all.delay()
        deadline = time.monotonic() + 20
        while not HealthCheck.objects.exists() and time.monotonic() < deadline:
            time.sleep(0.1)

    check = HealthCheck.objects.get()
    assert check.provider == registered_fake and check.ok


def test_the_check_is_in_the_beat_schedule():
    entries = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}

    assert "identity_providers.tasks.identity_providers_check_all" in entries
