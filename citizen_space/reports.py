"""« Ce n'était pas moi »: what the security e-mail's link lets its recipient do about one connection.

Opening the link (once: franceconnect.federation.report_links) records a ``ConnectionReport``;
from the page it led to, in that browser, the person can open an urgent support ticket about the
connection (the ticket names the connection, never an identity) and end every single sign-on of
the account the connection was made under.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from citizen_space.models import ConnectionReport
from franceconnect.federation import login_policy
from franceconnect.federation.models import Connection, LoginPolicyChange
from franceconnect.federation.report_links import report_link_reference
from notifications.models import Notification
from support.models import Ticket
from support.services import ticket_create


class ReportLinkUsed(Exception):
    pass


def report_link_connection(token: str) -> Connection | None:
    """The connection a link names, if the link is intact, recent enough, and its record kept."""
    reference = report_link_reference(token)
    if reference is None:
        return None
    return (
        Connection.objects.select_related("service_provider", "identity_provider", "report")
        .filter(reference=reference)
        .first()
    )


def report_link_used(connection: Connection) -> bool:
    return hasattr(connection, "report")


def report_open(*, connection: Connection) -> ConnectionReport:
    """The link's single opening; ReportLinkUsed if it was opened before."""
    try:
        with transaction.atomic():
            return ConnectionReport.objects.create(connection=connection)
    except IntegrityError as error:
        raise ReportLinkUsed from error


def report_by_id(report_id: int) -> ConnectionReport | None:
    return (
        ConnectionReport.objects.select_related(
            "connection__service_provider", "connection__identity_provider", "ticket"
        )
        .filter(pk=report_id)
        .first()
    )


def report_recipient(report: ConnectionReport) -> str:
    """The address the security e-mail went to: where the person received the link."""
    notification = (
        report.connection.notifications.filter(kind=Notification.Kind.SECURITY_CONNECTION)
        .exclude(recipient="")
        .first()
    )
    return notification.recipient if notification is not None else ""


@transaction.atomic
def report_ticket_create(
    *, report: ConnectionReport, name: str, email: str, message: str, language: str
) -> Ticket:
    """The urgent ticket about this connection (one per report)."""
    report = ConnectionReport.objects.select_for_update().get(pk=report.pk)
    if report.ticket_id is not None:
        return report.ticket
    connection = report.connection
    ticket = ticket_create(
        name=name,
        email=email,
        category=Ticket.Category.IDENTITY_THEFT,
        message=message,
        connection_reference=connection.reference,
        context={
            "site": connection.service_provider.name,
            "identity_provider": connection.identity_provider.name if connection.identity_provider else "",
            "origin": "security_email_link",
        },
        language=language,
    )
    report.ticket = ticket
    report.save(update_fields=["ticket"])
    return ticket


@transaction.atomic
def report_sessions_end(*, report: ConnectionReport) -> ConnectionReport:
    """Every single sign-on of the account this connection was made under ends, at once."""
    report = (
        ConnectionReport.objects.select_for_update().select_related("connection__citizen").get(pk=report.pk)
    )
    connection = report.connection
    login_policy.sessions_end(
        account=connection.citizen,
        actor=LoginPolicyChange.Actor.REPORT,
        reason=f"« ce n'était pas moi » ({connection.reference})",
    )
    report.sessions_ended_at = timezone.now()
    report.save(update_fields=["sessions_ended_at"])
    return report
