"""Fixtures shared by the tests: a real SMTP server, a private Redis broker, an empty task queue."""

import pytest
from kombu import pools as kombu_pools

from franceconnect.project.celery import app as celery_app
from tests.notifications.servers import MailServer, PrivateRedis


@pytest.fixture
def mail_server(settings):
    server = MailServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 3
    settings.NOTIFICATION_RETRY_BASE_SECONDS = 0.2
    yield server
    server.stop()


def _use_broker(url: str) -> None:
    """Point the Celery app at another broker (its connection pools are rebuilt lazily)."""
    celery_app.conf.broker_url = url
    celery_app.conf.broker_write_url = url
    celery_app.conf.broker_read_url = url
    kombu_pools.reset()  # kombu's process-wide pools are keyed by broker URL
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def private_broker(tmp_path):
    """A Redis broker of the test's own, so that the test can stop it and start it again."""
    original = celery_app.conf.broker_url
    broker = PrivateRedis(tmp_path).start()
    _use_broker(broker.url)
    yield broker
    broker.stop()
    _use_broker(original)


@pytest.fixture
def empty_queue():
    """Tasks queued by earlier tests (whose rows are gone) are not this test's business."""
    celery_app.control.purge()
