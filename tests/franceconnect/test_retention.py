"""Personal data past its retention period is deleted by the nightly purge; newer data stays."""

import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from franceconnect.federation.models import Connection, RefusedLogin, User
from franceconnect.federation.services import citizen_get_or_create
from franceconnect.federation.tasks import personal_data_purge
from notifications.models import Notification
from notifications.services import notification_create
from support.models import Ticket, TicketMessage
from support.services import ticket_reply_send

pytestmark = pytest.mark.django_db


def _days_ago(days: float):
    return timezone.now() - timedelta(days=days)


def _connection(citizen, service_provider, *, age_days: float) -> Connection:
    connection = Connection.objects.create(
        reference=f"FC-{Connection.objects.count():010d}",
        citizen=citizen,
        service_provider=service_provider,
        acr="eidas1",
        claims=["sub"],
    )
    Connection.objects.filter(pk=connection.pk).update(created_at=_days_ago(age_days))
    return connection


def _notification(*, age_days: float, connection=None, status=Notification.Status.SENT) -> Notification:
    notification = notification_create(
        kind=Notification.Kind.SECURITY_CONNECTION,
        recipient="angela.dubois@example.org",
        language="fr",
        context={"full_name": "Angela Claire Louise DUBOIS"},
        connection=connection,
    )
    Notification.objects.filter(pk=notification.pk).update(created_at=_days_ago(age_days), status=status)
    return notification


def _citizen(pivot: str, *, joined_days_ago: float) -> User:
    citizen = citizen_get_or_create(pivot=pivot)
    User.objects.filter(pk=citizen.pk).update(date_joined=_days_ago(joined_days_ago))
    return citizen


@pytest.fixture
def old_and_new(site, settings):
    settings.CONNECTION_RECORD_RETENTION_DAYS = 365
    settings.CITIZEN_ACCOUNT_RETENTION_DAYS = 365
    settings.NOTIFICATION_RETENTION_DAYS = 90
    settings.PURGE_BATCH_SIZE = 2  # several batches below
    service_provider, _secret = site
    regular = _citizen("a" * 64, joined_days_ago=800)  # old account, connected recently
    gone = _citizen("b" * 64, joined_days_ago=800)  # old account, no connection for 400 days
    newcomer = _citizen("c" * 64, joined_days_ago=3)
    old_connections = [_connection(regular, service_provider, age_days=366 + n) for n in range(5)]
    old_connections.append(_connection(gone, service_provider, age_days=400))
    recent = _connection(regular, service_provider, age_days=364)
    kept_with_old_connection = _notification(age_days=80, connection=old_connections[0])
    old_notifications = [_notification(age_days=91 + n) for n in range(3)]
    old_notifications.append(_notification(age_days=120, status=Notification.Status.PENDING))
    return {
        "citizens": (regular, gone, newcomer),
        "old_connections": old_connections,
        "recent_connection": recent,
        "old_notifications": old_notifications,
        "recent_notification": kept_with_old_connection,
    }


def test_the_purge_deletes_what_is_past_its_period_and_keeps_the_rest(old_and_new):
    counts = personal_data_purge()

    assert counts == {
        "connection_records": 6,
        "citizen_accounts": 1,
        "notifications": 4,
        "support_tickets": 0,
        "refused_logins": 0,
        "statistics": 0,
        "partner_unverified_accounts": 0,
        "partner_invitations": 0,
        "partner_people": 0,
        "partner_history": 0,
    }
    assert list(Connection.objects.all()) == [old_and_new["recent_connection"]]
    regular, gone, newcomer = old_and_new["citizens"]
    assert not User.objects.filter(pk=gone.pk).exists()
    assert set(User.objects.filter(account_key__isnull=False)) == {regular, newcomer}
    kept = Notification.objects.get()
    assert kept == old_and_new["recent_notification"]
    assert kept.connection is None  # its connection record went; the e-mail keeps its own period


def test_the_purge_can_run_again(old_and_new):
    personal_data_purge()

    assert personal_data_purge() == {
        "connection_records": 0,
        "citizen_accounts": 0,
        "notifications": 0,
        "support_tickets": 0,
        "refused_logins": 0,
        "statistics": 0,
        "partner_unverified_accounts": 0,
        "partner_invitations": 0,
        "partner_people": 0,
        "partner_history": 0,
    }
    assert Connection.objects.count() == 1 and Notification.objects.count() == 1


def test_administrators_are_never_purged(settings):
    settings.CITIZEN_ACCOUNT_RETENTION_DAYS = 1
    User.objects.create(username="admin-1", is_staff=True, date_joined=_days_ago(5000))

    personal_data_purge()

    assert User.objects.filter(username="admin-1").exists()


def test_a_support_reply_outlives_its_email_row(settings, admin_user):
    settings.NOTIFICATION_RETENTION_DAYS = 90
    ticket = Ticket.objects.create(
        reference="FC-2026-000001", name="A", email="a@example.org", category="other"
    )
    reply = ticket_reply_send(ticket=ticket, author=admin_user, body="Bonjour")
    Notification.objects.update(created_at=_days_ago(91))

    personal_data_purge()

    assert not Notification.objects.exists()
    assert TicketMessage.objects.get(pk=reply.pk).notification is None


def _ticket(number: int, status: str, *, changed_days_ago: float) -> Ticket:
    ticket = Ticket.objects.create(
        reference=f"DS-2026-{number:06d}", name="A", email="a@example.org", category="other", status=status
    )
    TicketMessage.objects.create(ticket=ticket, kind="citizen", body="Bonjour")
    Ticket.objects.filter(pk=ticket.pk).update(updated_at=_days_ago(changed_days_ago))
    return ticket


def test_answered_tickets_go_a_period_after_their_last_change_open_ones_stay(settings):
    settings.SUPPORT_TICKET_RETENTION_DAYS = 365
    kept = {
        _ticket(1, Ticket.Status.NEW, changed_days_ago=900),  # support has not answered yet
        _ticket(2, Ticket.Status.IN_PROGRESS, changed_days_ago=900),
        _ticket(3, Ticket.Status.RESOLVED, changed_days_ago=300),
    }
    for number, status in enumerate(
        (Ticket.Status.RESOLVED, Ticket.Status.CLOSED, Ticket.Status.WAITING_CITIZEN), start=4
    ):
        _ticket(number, status, changed_days_ago=366)

    assert personal_data_purge()["support_tickets"] == 3
    assert set(Ticket.objects.all()) == kept
    assert TicketMessage.objects.count() == 3  # the messages went with their tickets


def test_refused_logins_go_after_their_period_and_outlive_a_purged_account(site, settings):
    settings.REFUSED_LOGIN_RETENTION_DAYS = 365
    settings.CITIZEN_ACCOUNT_RETENTION_DAYS = 365
    service_provider, _secret = site
    gone = _citizen("d" * 64, joined_days_ago=800)  # no connection: its account goes tonight
    old, recent = (
        RefusedLogin.objects.create(cause=cause, account=gone, service_provider=service_provider)
        for cause in ("suspended", "deceased")
    )
    RefusedLogin.objects.filter(pk=old.pk).update(created_at=_days_ago(366))
    RefusedLogin.objects.filter(pk=recent.pk).update(created_at=_days_ago(364))

    assert personal_data_purge()["refused_logins"] == 1
    kept = RefusedLogin.objects.get()
    assert kept == recent and kept.account is None  # the account went; the refusal keeps its period


def test_the_purge_logs_counts_only(old_and_new, caplog):
    caplog.set_level("DEBUG")

    personal_data_purge()

    messages = [record.getMessage() for record in caplog.records]
    assert (
        "personal data purged: 6 connection records, 1 citizen accounts, 4 notifications, "
        "0 support tickets, 0 refused logins; 0 statistics rows; partner space: 0 unverified sign-ups, "
        "0 invitations, 0 inactive people, 0 history entries" in messages
    )
    assert not any(re.search(r"\b(CX|DS|FC)-", message) or "@" in message for message in messages)


def test_the_purge_runs_every_night():
    schedule = django_settings.CELERY_BEAT_SCHEDULE
    entry = next(entry for entry in schedule.values() if entry["task"].endswith(".personal_data_purge"))

    assert entry["task"] == "franceconnect.federation.tasks.personal_data_purge"
    assert "franceconnect.federation.tasks.sessions_clear_expired" in {e["task"] for e in schedule.values()}


def test_sessions_end_with_the_single_sign_on():
    assert django_settings.SESSION_COOKIE_AGE == django_settings.SSO_LIFETIME_SECONDS == 1800
