import html
import time

import pytest
from celery.contrib.testing.worker import start_worker

from franceconnect.project.celery import app as celery_app
from notifications.models import Notification
from support.models import Ticket, TicketMessage
from support.services import ticket_create

CHANGELIST = "/admin/support/ticket/"


def _ticket(**changes) -> Ticket:
    values = {
        "name": "Angela",
        "email": "angela@example.org",
        "category": "cannot_connect",
        "message": "Bonjour, aidez-moi.",
    }
    return ticket_create(**{**values, **changes})


def _change(ticket, **data):
    return {
        "status": ticket.status,
        "priority": ticket.priority,
        "assignee": "",
        "reply": "",
        "note": "",
        **data,
    }


@pytest.mark.django_db
def test_urgent_tickets_are_listed_first_then_the_oldest(admin_client):
    first = _ticket()
    urgent = _ticket(category="identity_theft")
    later = _ticket()

    listed = list(admin_client.get(CHANGELIST).context["cl"].result_list)

    assert listed == [urgent, first, later]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["q=FC-", "q=angela@example.org", "status__exact=new", "priority__exact=1", "category__exact=site"],
)
def test_search_and_filters(admin_client, query):
    _ticket()
    assert admin_client.get(f"{CHANGELIST}?{query}").status_code == 200


@pytest.mark.django_db
def test_bulk_status_change(admin_client):
    tickets = [_ticket(), _ticket()]

    admin_client.post(CHANGELIST, {"action": "mark_resolved", "_selected_action": [t.pk for t in tickets]})

    assert set(Ticket.objects.values_list("status", flat=True)) == {"resolved"}


@pytest.mark.django_db
def test_an_internal_note_is_kept_and_never_sent(admin_client):
    ticket = _ticket()

    admin_client.post(f"{CHANGELIST}{ticket.pk}/change/", _change(ticket, note="Vérifier chez ameli."))

    note = ticket.messages.get(kind=TicketMessage.Kind.NOTE)
    assert note.body == "Vérifier chez ameli." and note.notification is None
    assert not Notification.objects.filter(kind=Notification.Kind.SUPPORT_REPLY).exists()
    conversation = html.unescape(admin_client.get(f"{CHANGELIST}{ticket.pk}/change/").content.decode())
    assert "Note interne" in conversation and "Vérifier chez ameli." in conversation


@pytest.mark.django_db(transaction=True)
def test_a_staff_reply_reaches_the_citizens_mailbox_and_stays_in_the_conversation(
    admin_client, mail_server, empty_queue
):
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        ticket = _ticket()
        admin_client.post(
            f"{CHANGELIST}{ticket.pk}/change/",
            _change(ticket, reply="Essayez de vider le cache de votre navigateur."),
        )
        deadline = time.monotonic() + 20
        while len(mail_server.messages) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)

    subjects = sorted(str(message["Subject"]).strip() for message in mail_server.messages)
    assert subjects == [
        f"Réponse à votre demande {ticket.reference}",
        f"Votre demande {ticket.reference} a bien été reçue",
    ]
    reply = next(
        message for message in mail_server.messages if str(message["Subject"]).strip().startswith("Réponse")
    )
    assert "Essayez de vider le cache" in reply.get_body(preferencelist=("plain",)).get_content()
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.WAITING_CITIZEN
    assert ticket.messages.get(kind=TicketMessage.Kind.REPLY).notification.status == Notification.Status.SENT


@pytest.mark.django_db
def test_tickets_are_not_added_from_admin(admin_client):
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403


@pytest.mark.django_db
def test_the_ticket_page_has_no_inline_style_the_csp_would_block(admin_client):
    """The portal's CSP allows styles from files only: the conversation's look comes from one."""
    ticket = Ticket.objects.create(
        reference="DS-2026 000077", name="A", email="a@example.org", category="other"
    )
    ticket.messages.create(kind="citizen", body="Bonjour")

    html = admin_client.get(f"{CHANGELIST}{ticket.pk}/change/").content.decode()

    assert "support/admin.css" in html and "ticket-conversation__entry--citizen" in html
    assert 'style="' not in html.split('id="content-main"', 1)[1]
