"""The database side of bench.dataset: COPY with the indexes rebuilt after, and SQL for the rows
that follow from the connections (their security e-mails, the statistics' daily figures).

    python -m bench.dataset_load --database-url postgres://postgres@127.0.0.1:5432/scale_1m --size 1m
"""

import argparse
import json
import sys
import time
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import psycopg

from bench.dataset import (
    NOTIFICATION_DAYS,
    SIZES,
    Plan,
    Size,
    account_rows,
    connection_rows,
    copy_line,
    site_rows,
    stop_rows,
    ticket_rows,
)

BATCH = 20_000
COLUMNS = {
    "franceconnect_user": "id, password, is_superuser, username, first_name, last_name, email, is_staff,"
    " is_active, date_joined, account_key, has_login_policy",
    "franceconnect_serviceprovider": "id, client_id, redirect_uris, post_logout_redirect_uris, client_type,"
    " authorization_grant_type, client_secret, hash_client_secret, name, skip_authorization, created, updated,"
    " algorithm, allowed_origins, registration_source, is_active, allowed_scopes, consent_required,"
    " contact_email, eidas_level, sector, sector_identifier, environment, previous_client_secret, site_url",
    "franceconnect_connection": "id, reference, acr, claims, created_at, citizen_id, identity_provider_id,"
    " service_provider_id",
    "support_ticket": "id, reference, name, email, category, connection_reference, context, language, status,"
    " priority, created_at, updated_at",
    "service_statistics_loginstop": "id, occurred_at, step, code, service_provider_id, identity_provider_id",
}
NOTIFICATIONS_SQL = """
INSERT INTO notifications_notification (kind, recipient, language, context, status, attempts, last_error,
    message_id, dedupe_key, created_at, updated_at, sent_at, connection_id)
SELECT 'security_connection', 'citizen' || c.citizen_id || '@example.test', 'fr',
    jsonb_build_object('reference', c.reference, 'connected_at', c.created_at, 'site_name', s.name,
        'identity_provider_name', 'Fournisseur', 'full_name', 'Prénom Nom',
        'report_url', 'https://portal.invalid/mon-espace/signalement/' || c.reference || '/'),
    'sent', 1, '', '<' || c.id || '.scale@portal.invalid>', 'security:scale-' || c.id || ':' || s.id,
    c.created_at, c.created_at, c.created_at, c.id
FROM franceconnect_connection c JOIN franceconnect_serviceprovider s ON s.id = c.service_provider_id
WHERE c.created_at >= %s AND c.id >= %s
"""
TICKET_MESSAGES_SQL = """
INSERT INTO support_ticketmessage (kind, body, created_at, ticket_id)
SELECT 'citizen', 'Je n''arrive pas à me connecter au site.', t.created_at, t.id
FROM support_ticket t WHERE t.id >= %s
"""
# As statistics_fold: connections per Paris day, site and provider; security e-mails per day and status.
DAILY_FIGURES_SQL = """
DELETE FROM service_statistics_dailyfigure WHERE figure LIKE 'connections%' OR figure = 'security_emails';
INSERT INTO service_statistics_dailyfigure (figure, day, label, service_provider_pk, identity_provider_pk, count)
SELECT 'connections', (created_at AT TIME ZONE 'Europe/Paris')::date, '', service_provider_id,
    coalesce(identity_provider_id, 0), count(*)
FROM franceconnect_connection GROUP BY 2, 4, 5;
INSERT INTO service_statistics_dailyfigure (figure, day, label, service_provider_pk, identity_provider_pk, count)
INSERT INTO service_statistics_dailyfigure (figure, day, label, service_provider_pk, identity_provider_pk, count)
SELECT 'connections_site', day, '', service_provider_pk, 0, sum(count)
FROM service_statistics_dailyfigure WHERE figure = 'connections' GROUP BY day, service_provider_pk;
INSERT INTO service_statistics_dailyfigure (figure, day, label, service_provider_pk, identity_provider_pk, count)
SELECT 'connections_provider', day, '', 0, identity_provider_pk, sum(count)
FROM service_statistics_dailyfigure WHERE figure = 'connections' GROUP BY day, identity_provider_pk;
INSERT INTO service_statistics_dailyfigure (figure, day, label, service_provider_pk, identity_provider_pk, count)
SELECT 'security_emails', (created_at AT TIME ZONE 'Europe/Paris')::date, status, 0, 0, count(*)
FROM notifications_notification WHERE kind = 'security_connection' GROUP BY 2, 3;
"""
TABLES = [
    "franceconnect_user",
    "franceconnect_serviceprovider",
    "identity_providers_identityprovider",
    "franceconnect_connection",
    "notifications_notification",
    "support_ticket",
    "support_ticketmessage",
    "service_statistics_loginstop",
    "service_statistics_dailyfigure",
]


def _next_id(cursor, table: str) -> int:
    cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608 — our table names
    return cursor.fetchone()[0]


def _copy(cursor, table: str, rows: Iterable[tuple]) -> int:
    count, lines = 0, []
    with cursor.copy(f"COPY {table} ({COLUMNS[table]}) FROM STDIN") as copy:
        for row in rows:
            lines.append(copy_line(row))
            if len(lines) == BATCH:
                copy.write("".join(lines))
                count += len(lines)
                lines = []
        copy.write("".join(lines))
    return count + len(lines)


@contextmanager
def _indexes_rebuilt_after(cursor, table: str):
    """Drops the table's secondary indexes and unique constraints (not its primary key) and builds
    them again at the end: one sort per index instead of millions of random B-tree inserts."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'u'",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN"
        " (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype IN ('p', 'u'))",
        [table, table],
    )
    indexes = cursor.fetchall()
    for name, _definition in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        for name, definition in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for _name, definition in indexes:
            cursor.execute(definition)


def _identity_providers(cursor, wanted: int) -> list[int]:
    """The demo's providers and copies of the first one (same discovery: each one works) up to ``wanted``."""
    cursor.execute("SELECT id FROM identity_providers_identityprovider ORDER BY id")
    existing = [row[0] for row in cursor.fetchall()]
    cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name"
                   " NOT IN ('id', 'slug', 'name', 'order')", ["identity_providers_identityprovider"])  # fmt: skip
    others = ", ".join(f'"{row[0]}"' for row in cursor.fetchall())
    for number in range(len(existing), wanted):
        cursor.execute(
            f'INSERT INTO identity_providers_identityprovider (slug, name, "order", {others})'  # noqa: S608
            f" SELECT %s, %s, 200 + %s, {others} FROM identity_providers_identityprovider WHERE id = %s",
            [f"scale-{number}", f"Fournisseur d'identité {number}", number, existing[0]],
        )
    cursor.execute("SELECT id FROM identity_providers_identityprovider WHERE NOT for_testing ORDER BY id")
    return [row[0] for row in cursor.fetchall()]


def load(connection, size: Size, *, now: datetime) -> dict:
    timings: dict[str, float] = {}

    @contextmanager
    def timed(name: str):
        started = time.monotonic()
        yield
        timings[name] = round(time.monotonic() - started, 1)

    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # no foreign-key triggers while copying
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SELECT id FROM franceconnect_serviceprovider ORDER BY id")
        existing_sites = [row[0] for row in cursor.fetchall()]
        first_site = _next_id(cursor, "franceconnect_serviceprovider")
        plan = Plan(
            size=size,
            now=now,
            first_account=_next_id(cursor, "franceconnect_user"),
            first_site=first_site,
            first_connection=_next_id(cursor, "franceconnect_connection"),
            site_ids=existing_sites + list(range(first_site, first_site + size.sites - len(existing_sites))),
            identity_provider_ids=_identity_providers(cursor, size.identity_providers),
        )
        first_ticket = _next_id(cursor, "support_ticket")
        for table, rows in (
            ("franceconnect_user", account_rows(plan)),
            ("franceconnect_serviceprovider", site_rows(plan)),
            ("franceconnect_connection", connection_rows(plan)),
            ("support_ticket", ticket_rows(plan, first_ticket)),
            (
                "service_statistics_loginstop",
                stop_rows(plan, _next_id(cursor, "service_statistics_loginstop")),
            ),
        ):
            with timed(table), _indexes_rebuilt_after(cursor, table):
                _copy(cursor, table, rows)
        with (
            timed("notifications_notification"),
            _indexes_rebuilt_after(cursor, "notifications_notification"),
        ):
            cursor.execute(
                NOTIFICATIONS_SQL, [now - timedelta(days=NOTIFICATION_DAYS), plan.first_connection]
            )
        with timed("support_ticketmessage"):
            cursor.execute(TICKET_MESSAGES_SQL, [first_ticket])
        with timed("service_statistics_dailyfigure"):
            cursor.execute(DAILY_FIGURES_SQL)
        with timed("sequences_and_analyze"):
            for table in TABLES:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT coalesce(max(id), 1) FROM {table}))",  # noqa: S608
                    [table],
                )
            cursor.execute("VACUUM ANALYZE")
        counts = {}
        for table in TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
        cursor.execute("SELECT pg_database_size(current_database())")
        database_bytes = cursor.fetchone()[0]
    return {
        "size": size.__dict__,
        "heavy_account_id": plan.heavy_account,
        "rows": counts,
        "database_megabytes": round(database_bytes / 2**20),
        "seconds_per_step": timings,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="a migrated portal database (demo.setup run)")
    parser.add_argument("--size", choices=sorted(SIZES), required=True)
    args = parser.parse_args(argv)
    started = time.monotonic()
    with psycopg.connect(args.database_url, autocommit=True) as connection:
        summary = load(connection, SIZES[args.size], now=datetime.now(UTC))
    summary["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
