import html
from io import StringIO

import pytest
from django.core.mail import EmailMessage
from django.core.mail.backends.filebased import EmailBackend
from django.core.management import CommandError, call_command

from notifications.models import Notification

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/notifications/notification/"


def _notification(status=Notification.Status.PENDING, **fields):
    defaults = {
        "kind": Notification.Kind.SECURITY_CONNECTION,
        "recipient": "angela@example.org",
        "language": "fr",
        "context": {
            "reference": "FC-ABCDEFGHJK",
            "connected_at": "2026-11-24T09:30:00+00:00",
            "site_name": "Site partenaire",
            "identity_provider_name": "impots.gouv.fr",
            "full_name": "Angela DUBOIS",
            "support_email": "support@localhost",
        },
        "message_id": f"<{status}-{Notification.objects.count()}@test>",
        "status": status,
    }
    return Notification.objects.create(**{**defaults, **fields})


def test_counts_of_pending_and_failed_at_a_glance(admin_client):
    _notification()
    _notification(Notification.Status.FAILED, last_error="550 No such user")
    _notification(Notification.Status.FAILED)
    _notification(Notification.Status.SENT)

    page = admin_client.get(CHANGELIST).content.decode()

    assert "En attente : 1 — En échec : 2" in page


@pytest.mark.parametrize(
    "query", ["status__exact=failed", "kind__exact=security_connection", "q=FC-ABCDEFGHJK"]
)
def test_filters_and_search(admin_client, query):
    _notification()
    assert admin_client.get(f"{CHANGELIST}?{query}").status_code == 200


def test_the_preview_shows_the_rendered_email_read_only(admin_client):
    notification = _notification()

    page = html.unescape(admin_client.get(f"{CHANGELIST}{notification.pk}/change/").content.decode())

    assert "Connexion à Site partenaire avec FranceConnect" in page
    assert "10:30" in page  # 09:30 UTC is 10:30 in Paris in November
    assert 'sandbox=""' in page
    assert 'name="_save"' not in page  # nothing to edit


def test_send_again_queues_failed_notifications_only(admin_client, django_capture_on_commit_callbacks):
    failed = _notification(Notification.Status.FAILED, last_error="550 No such user")
    sent = _notification(Notification.Status.SENT)

    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.post(
            CHANGELIST, {"action": "send_again", "_selected_action": [failed.pk, sent.pk]}, follow=True
        )

    failed.refresh_from_db()
    sent.refresh_from_db()
    assert failed.status == Notification.Status.PENDING and failed.last_error == ""
    assert sent.status == Notification.Status.SENT
    assert len(callbacks) == 1
    assert "1 notification(s) en échec remise(s) en file" in html.unescape(response.content.decode())


def test_notifications_cannot_be_added_or_edited(admin_client):
    notification = _notification()

    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403
    response = admin_client.post(f"{CHANGELIST}{notification.pk}/change/", {"recipient": "x@example.org"})
    assert response.status_code == 403


def test_the_mailbox_command_prints_the_last_emails(settings, tmp_path):
    settings.EMAIL_FILE_PATH = str(tmp_path)
    backend = EmailBackend(file_path=str(tmp_path))
    backend.send_messages(
        [EmailMessage("Connexion à Site avec FranceConnect", "Bonjour Angela", to=["a@example.org"])]
    )
    out = StringIO()

    call_command("mailbox", "--last", "1", stdout=out)

    assert "Subject: Connexion à Site avec FranceConnect" in out.getvalue()
    assert "Bonjour Angela" in out.getvalue()


def test_the_mailbox_command_explains_when_there_is_no_file_mailbox(settings):
    settings.EMAIL_FILE_PATH = None

    with pytest.raises(CommandError, match="not a file mailbox"):
        call_command("mailbox")
