"""How long support keeps a ticket (README « Données personnelles »).

A ticket holds a person's name, e-mail address and message. It is kept while support works on it,
and for ``SUPPORT_TICKET_RETENTION_DAYS`` after its last change once it is answered (resolved,
closed, or left waiting for the person's reply): long enough to find it again when the person
writes back about the same problem. Its messages go with it.
"""

from django.conf import settings

from franceconnect.infrastructure.retention import delete_in_batches, retention_cutoff
from support.models import Ticket

SETTLED = (Ticket.Status.RESOLVED, Ticket.Status.CLOSED, Ticket.Status.WAITING_CITIZEN)


def tickets_purge_expired() -> int:
    cutoff = retention_cutoff(settings.SUPPORT_TICKET_RETENTION_DAYS)
    return delete_in_batches(
        Ticket.objects.filter(status__in=SETTLED, updated_at__lt=cutoff), batch_size=settings.PURGE_BATCH_SIZE
    )
