"""A ticket is kept when the broker and the mail server are down; its acknowledgement arrives later."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from franceconnect.project.celery import app as celery_app
from notifications.models import Notification
from notifications.tasks import notifications_dispatch_pending
from support.models import Ticket
from tests.support.test_contact import FORM

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_ticket_is_kept_with_broker_and_mail_down_and_acknowledged_once_they_are_back(
    client,
    mail_server,
    private_broker,
    settings,
):
    settings.NOTIFICATION_REDISPATCH_AFTER_SECONDS = 0
    private_broker.stop()
    mail_server.stop()

    response = client.post("/contact/", FORM, follow=True)

    ticket = Ticket.objects.get()
    assert ticket.reference in response.content.decode()
    assert Notification.objects.get().status == Notification.Status.PENDING

    private_broker.start()
    mail_server.start()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        notifications_dispatch_pending()
        deadline = time.monotonic() + 20
        while Notification.objects.get().status != Notification.Status.SENT and time.monotonic() < deadline:
            time.sleep(0.05)

    assert len(mail_server.messages) == 1
    assert (
        str(mail_server.messages[0]["Subject"]).strip()
        == f"Votre demande {ticket.reference} a bien été reçue"
    )
