"""bench.dataset's generated rows: unique references, consistent keys, the heavy account's
history, and COPY's text format (no database: the generators are plain functions)."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from bench.dataset import (
    HEAVY_ACCOUNT_CONNECTIONS,
    HISTORY_DAYS,
    Plan,
    Size,
    account_rows,
    connection_reference,
    connection_rows,
    copy_line,
    site_rows,
    stop_rows,
    ticket_rows,
)
from franceconnect.infrastructure.references import is_connection_reference

NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)


@pytest.fixture
def plan():
    size = Size(connections=20_000, accounts=500, sites=40, identity_providers=5, tickets=50)
    return Plan(size=size, now=NOW, first_account=10, first_site=4, first_connection=100,
                site_ids=[1, 2, 3, *range(4, 41)], identity_provider_ids=[1, 2, 4, 5, 6])  # fmt: skip


def test_connection_references_are_unique_and_in_the_portals_format():
    references = [connection_reference(number) for number in range(50_000)]

    assert len(set(references)) == len(references)
    assert all(is_connection_reference(reference) for reference in references[:100])


def test_connections_point_to_generated_accounts_sites_and_providers_oldest_first(plan):
    rows = list(connection_rows(plan))

    assert [row[0] for row in rows] == list(range(100, 100 + 20_000))
    assert len({row[1] for row in rows}) == len(rows)
    assert {row[5] for row in rows} <= set(range(10, 10 + 500))
    assert {row[7] for row in rows} <= set(plan.site_ids)
    assert {row[6] for row in rows} <= set(plan.identity_provider_ids)
    times = [datetime.fromisoformat(row[4]) for row in rows]
    assert times == sorted(times) and times[-1] <= NOW and times[0] > NOW - timedelta(days=366)


def test_the_heavy_account_has_its_thousand_connections_in_the_history_period(plan):
    heavy = [row for row in connection_rows(plan) if row[5] == plan.heavy_account]

    assert len(heavy) == HEAVY_ACCOUNT_CONNECTIONS
    assert min(datetime.fromisoformat(row[4]) for row in heavy) >= NOW - timedelta(days=HISTORY_DAYS)
    assert len({row[7] for row in heavy}) == 30  # across several sites, as the space's summary shows


def test_the_same_plan_generates_the_same_rows(plan):
    assert list(connection_rows(plan))[:50] == list(connection_rows(plan))[:50]


def test_accounts_sites_tickets_and_stops_have_unique_keys(plan):
    accounts = list(account_rows(plan))
    sites = list(site_rows(plan))
    tickets = list(ticket_rows(plan, first_ticket=7))
    stops = list(stop_rows(plan, first_stop=1))

    assert len(accounts) == 500 and len({row[10] for row in accounts}) == 500  # account keys
    assert len({row[3] for row in accounts}) == 500  # usernames
    assert [row[0] for row in sites] == list(range(4, 41))  # only the sites not already there
    assert len({row[1] for row in sites}) == len(sites)  # client ids
    assert len({row[1] for row in tickets}) == 50  # references
    assert len(stops) == 400 and Counter(row[2] for row in stops).keys() <= {
        "chooser", "identity_provider", "identity_check", "confirmation", "token"}  # fmt: skip


def test_copy_lines_escape_what_copys_text_format_reads_specially():
    line = copy_line([1, None, True, "a\tb\\c\nd", '{"k": "v"}'])

    assert line == '1\t\\N\tt\ta\\tb\\\\c\\nd\t{"k": "v"}\n'
