"""A worker killed while it talks to the mail server: the e-mail still arrives, exactly once."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection

from franceconnect.project.celery import app as celery_app
from notifications.models import Notification
from notifications.tasks import notifications_dispatch_pending
from tests.notifications.test_security_email import connect, wait_until

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)


def _worker_process(mail_server) -> subprocess.Popen:
    """A real worker process on the test database, the real Redis and the test's mail server."""
    database = connection.settings_dict
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "franceconnect.project.settings_test",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "EMAIL_URL": f"smtp://127.0.0.1:{mail_server.port}",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "--app=franceconnect",
            "worker",
            "--pool=solo",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the worker process shares the PostgreSQL test database"
)
def test_a_worker_killed_mid_send_still_results_in_exactly_one_email(
    partner, citizen, mail_server, settings, empty_queue
):
    settings.NOTIFICATION_REDISPATCH_AFTER_SECONDS = 0
    mail_server.hold_next = True
    worker = _worker_process(mail_server)
    try:
        connect(partner, citizen)
        assert mail_server.holding.wait(timeout=30), "the worker never reached the mail server"
        worker.send_signal(signal.SIGKILL)  # mid-task: the message is not accepted yet
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    mail_server.released.set()

    # The killed worker's transaction rolled back: the row is pending again, not lost.
    assert wait_until(lambda: Notification.objects.get().status == Notification.Status.PENDING)
    assert mail_server.messages == []
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        notifications_dispatch_pending()  # beat's sweep
        assert wait_until(lambda: Notification.objects.get().status == Notification.Status.SENT)
        notifications_dispatch_pending()
        time.sleep(0.5)

    assert len(mail_server.messages) == 1
