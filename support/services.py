"""Writes on support tickets: the ticket is stored first; e-mails follow through notifications."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from franceconnect.infrastructure.references import ticket_reference
from notifications.models import Notification
from notifications.services import notification_create
from support.models import Ticket, TicketMessage


@transaction.atomic
def ticket_create(
    *,
    name: str,
    email: str,
    category: str,
    message: str,
    connection_reference: str = "",
    context: dict | None = None,
    language: str = "fr",
) -> Ticket:
    """Save a contact-form request; its acknowledgement e-mail is queued once this commits."""
    ticket = Ticket.objects.create(
        reference=f"tmp-{get_random_string(12)}",  # replaced below, once the id is known
        name=name,
        email=email,
        category=category,
        connection_reference=connection_reference,
        context=context or {},
        language=language,
        priority=Ticket.Priority.URGENT
        if category == Ticket.Category.IDENTITY_THEFT
        else Ticket.Priority.NORMAL,
    )
    ticket.reference = ticket_reference(year=ticket.created_at.year, number=ticket.pk)
    ticket.save(update_fields=["reference"])
    TicketMessage.objects.create(ticket=ticket, kind=TicketMessage.Kind.CITIZEN, body=message)
    notification_create(
        kind=Notification.Kind.SUPPORT_ACKNOWLEDGEMENT,
        recipient=email,
        language=language,
        context={"reference": ticket.reference, "name": name, "category": ticket.get_category_display()},
    )
    return ticket


@transaction.atomic
def ticket_reply_send(*, ticket: Ticket, author, body: str) -> TicketMessage:
    """A staff reply: kept in the conversation and e-mailed to the citizen."""
    notification = notification_create(
        kind=Notification.Kind.SUPPORT_REPLY,
        recipient=ticket.email,
        language=ticket.language,
        context={
            "reference": ticket.reference,
            "name": ticket.name,
            "body": body,
            "support_email": settings.SUPPORT_EMAIL,
        },
    )
    if ticket.status == Ticket.Status.NEW:
        ticket.status = Ticket.Status.WAITING_CITIZEN
        ticket.save(update_fields=["status", "updated_at"])
    return TicketMessage.objects.create(
        ticket=ticket, kind=TicketMessage.Kind.REPLY, author=author, body=body, notification=notification
    )


@transaction.atomic
def ticket_note_add(*, ticket: Ticket, author, body: str) -> TicketMessage:
    """An internal note: kept with the ticket, never sent."""
    return TicketMessage.objects.create(ticket=ticket, kind=TicketMessage.Kind.NOTE, author=author, body=body)


def tickets_status_set(*, tickets, status: str) -> int:
    return Ticket.objects.filter(pk__in=[ticket.pk for ticket in tickets]).update(
        status=status, updated_at=timezone.now()
    )
