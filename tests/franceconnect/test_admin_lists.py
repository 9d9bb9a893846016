"""The back office's lists with a nation's data (issue 20): each list page reads indexes, never a
whole table — no unbounded COUNT(*), no SELECT DISTINCT for a date menu or a filter, no
``LIKE '%…%'`` search — and the sites' filter offers a few sites, not all of them. Measured with
10 million connections in bench/reports/2026-11-29-issue20-scale.md."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from franceconnect.federation.models import Connection, User
from franceconnect.federation.services import service_provider_register
from franceconnect.infrastructure import admin_lists
from franceconnect.infrastructure.admin_lists import LargeTablePaginator
from notifications.models import Notification
from notifications.selectors import notification_counts

pytestmark = pytest.mark.django_db

CONNECTIONS = "/admin/franceconnect/connection/"
NOTIFICATIONS = "/admin/notifications/notification/"
ACCOUNTS = "/admin/franceconnect/citizenaccount/"


@pytest.fixture
def connections():
    citizen = User.objects.create(username="citizen-abc", account_key="a" * 64)
    sites = [
        service_provider_register(
            name=f"Site {number}",
            redirect_uris=[f"https://site{number}.example/cb"],
            post_logout_redirect_uris=[],
            algorithm="ES256",
            scopes=["openid"],
        )[0]
        for number in range(3)
    ]
    return [
        Connection.objects.create(reference=f"CX-AAAAAAAAA{number}", citizen=citizen, service_provider=sites[number % 3], acr="eidas1")
        for number in range(2, 8)
    ]  # fmt: skip


def _reads_the_whole_table(sql: str, table: str) -> bool:
    sql, source = sql.upper(), f'FROM "{table.upper()}"'
    unbounded_count = (
        sql.startswith('SELECT COUNT(*) AS "__COUNT" ') and source in sql and " WHERE " not in sql
    )
    return ("SELECT DISTINCT" in sql and source in sql) or unbounded_count or " LIKE " in sql


@pytest.mark.parametrize(
    "query", ["", "?q=cx-aaaaaaaaa3", "?acr=eidas1", "?created_at__gte=2026-01-01+00:00:00%2B01:00"]
)
def test_the_connections_list_reads_no_whole_table(admin_client, connections, query):
    with CaptureQueriesContext(connection) as queries:
        page = admin_client.get(CONNECTIONS + query)

    assert page.status_code == 200
    assert not [q["sql"] for q in queries if _reads_the_whole_table(q["sql"], "franceconnect_connection")]


def test_a_reference_is_searched_whole_on_its_index(admin_client, connections):
    found = admin_client.get(CONNECTIONS, {"q": " cx-aaaaaaaaa3 "}).context["cl"].result_list
    partial = admin_client.get(CONNECTIONS, {"q": "AAAAAAAAA"}).context["cl"].result_list

    assert [row.reference for row in found] == ["CX-AAAAAAAAA3"]
    assert list(partial) == []


def test_the_site_filter_offers_the_busiest_sites_and_the_one_chosen(admin_client, connections, monkeypatch):
    monkeypatch.setattr(admin_lists, "SITES_OFFERED", 1)
    chosen = connections[0].service_provider

    page = admin_client.get(CONNECTIONS, {"site": chosen.pk})

    assert [row.pk for row in page.context["cl"].result_list] == [
        row.pk for row in sorted(connections, key=lambda c: c.created_at, reverse=True) if row.service_provider_id == chosen.pk
    ]  # fmt: skip
    assert chosen.name in page.content.decode()


def test_the_notifications_list_and_its_searches_read_no_whole_table(admin_client, connections):
    Notification.objects.create(kind="security_connection", recipient="angela@example.org",
                                message_id="<x@test>", connection=connections[0])  # fmt: skip
    for query in ("", "?q=angela@example.org", "?q=<x@test>", f"?q={connections[0].reference}"):
        with CaptureQueriesContext(connection) as queries:
            page = admin_client.get(NOTIFICATIONS + query)
        assert page.status_code == 200
        assert len(page.context["cl"].result_list) == 1
        assert not [
            q["sql"] for q in queries if _reads_the_whole_table(q["sql"], "notifications_notification")
        ]


def test_pending_and_failed_are_counted_on_the_status_index():
    with CaptureQueriesContext(connection) as queries:
        counts = notification_counts()

    assert counts == {"pending": 0, "failed": 0}
    assert all("FILTER" not in q["sql"] and '"status" =' in q["sql"] for q in queries)


def test_the_recipient_has_an_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'notifications_notification'")
        definitions = [row[0] for row in cursor.fetchall()]

    assert any(definition.endswith("(recipient)") for definition in definitions)


def test_an_account_is_found_by_username_or_connection_without_a_join_over_every_row(
    admin_client, connections
):
    for term in ("citizen-abc", connections[1].reference):
        with CaptureQueriesContext(connection) as queries:
            page = admin_client.get(ACCOUNTS, {"q": term})
        assert [row.username for row in page.context["cl"].result_list] == ["citizen-abc"]
        assert not [q["sql"] for q in queries if "DISTINCT" in q["sql"] or "UPPER(" in q["sql"]]


def test_above_the_exact_limit_the_count_is_the_planners_estimate(connections, monkeypatch):
    monkeypatch.setattr(admin_lists, "EXACT_COUNT_LIMIT", 3)

    with CaptureQueriesContext(connection) as queries:
        count = LargeTablePaginator(Connection.objects.all(), 100).count

    assert count >= 4  # at least what the bounded count saw
    assert any(q["sql"].startswith("EXPLAIN") for q in queries)
    assert not any(q["sql"].startswith('SELECT COUNT(*) AS "__count"') for q in queries)
    assert LargeTablePaginator(Connection.objects.filter(reference="CX-AAAAAAAAA2"), 100).count == 1


def test_tickets_are_listed_in_queue_order_and_found_by_address_on_indexes(admin_client):
    from support.models import Ticket

    ticket = Ticket.objects.create(reference="DS-2026-000042", name="Angela", email="angela@example.org",
                                   category="other", connection_reference="CX-AAAAAAAAA2")  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'support_ticket'")
        definitions = [row[0] for row in cursor.fetchall()]
    for query in ("ds-2026-000042", "angela@example.org", "CX-AAAAAAAAA2"):
        with CaptureQueriesContext(connection) as queries:
            page = admin_client.get("/admin/support/ticket/", {"q": query})
        assert list(page.context["cl"].result_list) == [ticket]
        assert not [q["sql"] for q in queries if _reads_the_whole_table(q["sql"], "support_ticket")]

    assert any(definition.endswith("(priority, created_at)") for definition in definitions)
    assert any(definition.endswith("(email)") for definition in definitions)


def test_the_staff_are_read_from_their_own_index_not_among_every_citizens_account():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'franceconnect_user'")
        definitions = [row[0] for row in cursor.fetchall()]

    assert any("WHERE is_staff" in definition for definition in definitions)
