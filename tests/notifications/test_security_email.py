"""The security e-mail after a connection, through a real Celery worker, Redis and SMTP server."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from franceconnect.project.celery import app as celery_app
from notifications.models import Notification
from notifications.tasks import notifications_dispatch_pending

pytestmark = pytest.mark.django_db(transaction=True)


def connect(partner, citizen, **authorize):
    citizen.log_in_at_provider(partner.authorize(**authorize))
    response = citizen.confirm()
    assert response.status_code == 302 and "code=" in response["Location"]
    return response


def wait_until(predicate, timeout=20):
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.05)
    return predicate()


def worker():
    return start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10)


def test_a_connection_yields_exactly_one_security_email_in_french(partner, citizen, mail_server, empty_queue):
    with worker():
        connect(partner, citizen)
        messages = mail_server.wait_for(1)
        time.sleep(0.5)  # nothing else arrives

    assert len(messages) == 1
    message = messages[0]
    notification = Notification.objects.get()
    assert notification.status == Notification.Status.SENT and notification.attempts == 1
    assert message["Subject"] == "Connexion à Site partenaire avec FranceConnect"
    assert message["To"] == "angela.dubois@example.org"
    assert message["Message-ID"] == notification.message_id
    assert message["Content-Language"] == "fr"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    reference = notification.connection.reference
    for body in (text, html):
        assert "Angela Claire Louise DUBOIS" in body
        assert "Site partenaire" in body and "Fournisseur factice" in body
        assert reference in body
        assert "heure de Paris" in body
    assert "Si ce n’était pas vous" in text
    assert 'lang="fr"' in html
    report_link = html.split("Signaler que ce n")[0].rsplit('href="', 1)[1].split('"')[0]
    assert report_link.startswith(f"http://127.0.0.1:8000/mon-espace/signalement/{reference}:")
    assert report_link in text  # the plain-text part carries the same link


def test_the_security_email_speaks_english_when_the_citizen_did(partner, citizen, mail_server, empty_queue):
    with worker():
        connect(partner, citizen, ui_locales="en")
        messages = mail_server.wait_for(1)

    assert messages[0]["Subject"] == "You logged in to Site partenaire with FranceConnect"
    assert "If this was not you" in messages[0].get_body(preferencelist=("plain",)).get_content()
    assert Notification.objects.get().language == "en"


def test_the_time_is_given_in_paris_time(partner, citizen, mail_server, empty_queue):
    from zoneinfo import ZoneInfo

    with worker():
        connect(partner, citizen)
        text = mail_server.wait_for(1)[0].get_body(preferencelist=("plain",)).get_content()

    connected_at = Notification.objects.get().connection.created_at.astimezone(ZoneInfo("Europe/Paris"))
    assert connected_at.strftime("%H:%M") in text


def test_no_address_no_email_recorded_as_skipped(partner, citizen, fake_provider, mail_server, empty_queue):
    fake_provider.identity.pop("email")

    with worker():
        connect(partner, citizen)
        time.sleep(0.5)

    assert mail_server.messages == []
    assert Notification.objects.get().status == Notification.Status.SKIPPED


def test_repeated_connections_to_one_site_in_one_session_send_one_email(
    partner, citizen, mail_server, empty_queue
):
    with worker():
        connect(partner, citizen)
        partner.authorize()  # single sign-on: straight to the confirmation screen
        citizen.confirm()
        mail_server.wait_for(1)
        time.sleep(0.5)

    assert len(mail_server.messages) == 1
    assert Notification.objects.count() == 1


def test_broker_down_during_the_login_the_email_arrives_once_it_is_back(
    partner, citizen, mail_server, private_broker, settings
):
    settings.NOTIFICATION_REDISPATCH_AFTER_SECONDS = 0
    private_broker.stop()

    started = time.monotonic()
    connect(partner, citizen)  # the login succeeds without the broker
    assert time.monotonic() - started < 10
    assert Notification.objects.get().status == Notification.Status.PENDING

    private_broker.start()
    with worker():
        assert notifications_dispatch_pending() == 1  # what beat runs every minute
        assert wait_until(lambda: Notification.objects.get().status == Notification.Status.SENT)
        notifications_dispatch_pending()  # a later sweep sends nothing more
        time.sleep(0.5)

    assert len(mail_server.messages) == 1


def test_mail_server_down_the_task_retries_and_delivers_once_it_is_back(
    partner, citizen, mail_server, empty_queue
):
    mail_server.stop()

    with worker():
        connect(partner, citizen)
        assert wait_until(lambda: Notification.objects.get().attempts >= 2)
        assert Notification.objects.get().status == Notification.Status.PENDING
        assert "ConnectionRefusedError" in Notification.objects.get().last_error
        mail_server.start()
        assert wait_until(lambda: Notification.objects.get().status == Notification.Status.SENT)

    assert len(mail_server.messages) == 1


def test_a_temporary_refusal_is_retried(partner, citizen, mail_server, empty_queue):
    mail_server.refuse_with = "451 4.3.0 Try again later"

    with worker():
        connect(partner, citizen)
        assert wait_until(lambda: Notification.objects.get().attempts >= 2)
        mail_server.refuse_with = None
        assert wait_until(lambda: Notification.objects.get().status == Notification.Status.SENT)

    assert len(mail_server.messages) == 1


def test_a_permanent_refusal_marks_the_notification_failed_with_its_error(
    partner, citizen, mail_server, empty_queue
):
    mail_server.refuse_with = "550 5.1.1 No such user here"

    with worker():
        connect(partner, citizen)
        assert wait_until(lambda: Notification.objects.get().status == Notification.Status.FAILED)
        time.sleep(0.5)

    notification = Notification.objects.get()
    assert notification.attempts == 1
    assert "550" in notification.last_error and "No such user here" in notification.last_error
    assert mail_server.messages == []


def test_retries_have_a_limit_and_the_final_failure_is_recorded(
    partner, citizen, mail_server, settings, empty_queue
):
    settings.NOTIFICATION_MAX_RETRIES = 2
    mail_server.stop()

    with worker():
        connect(partner, citizen)
        assert wait_until(lambda: Notification.objects.get().status == Notification.Status.FAILED)

    notification = Notification.objects.get()
    assert notification.attempts == 3
    assert notification.last_error.startswith("retries exhausted")
