"""A nation's data for a migrated portal database, generated to be loaded in minutes by
bench.dataset_load (`python -m bench.dataset_load`, which imports this module, never the reverse).

    python -m bench.dataset_load --database-url postgres://postgres@127.0.0.1:5432/scale_1m --size 1m

Sizes (README, Benchmark, « Scale »): connection records, citizens' accounts, partner sites and
identity providers, with what the back office and the citizen space read beside them: the security
e-mails of the notification retention period (90 days), support tickets, stopped logins and the
statistics' daily figures (the e-mails and figures derived in SQL from the connections, as the
portal and ``statistics_fold`` would). One account has 1,000
connections in the citizen space's history period: the space's worst page.

Rows are generated here (deterministic, seeded) and written with PostgreSQL COPY in text format,
with the tables' secondary indexes and unique constraints dropped during the copy and rebuilt
after it, and foreign-key triggers off for the loading session (``session_replication_role``):
the rows are consistent by construction, which tests/bench/test_dataset.py checks.
"""

import hashlib
import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from franceconnect.infrastructure.references import ALPHABET, CONNECTION_PREFIX, ticket_reference


@dataclass(frozen=True)
class Size:
    connections: int
    accounts: int
    sites: int = 5000
    identity_providers: int = 50
    tickets: int = 2000
    stops_per_connection: float = 0.02


SIZES = {
    "10k": Size(connections=10_000, accounts=100_000, tickets=1_000),
    "1m": Size(connections=1_000_000, accounts=1_000_000, tickets=20_000),
    "10m": Size(connections=10_000_000, accounts=3_000_000, tickets=100_000),
}
HEAVY_ACCOUNT_CONNECTIONS = 1000  # the citizen space's history for one account (issue 20)
HISTORY_DAYS = 183  # CITIZEN_SPACE_HISTORY_DAYS's default
NOTIFICATION_DAYS = 90  # NOTIFICATION_RETENTION_DAYS's default: older e-mails are purged
SPREAD_DAYS = 365  # connections of the last year
CLAIMS = json.dumps(["sub", "given_name", "family_name", "birthdate", "gender", "birthcountry", "email"])
STEPS = ["chooser", "identity_provider", "identity_check", "confirmation", "token"]
CATEGORIES = ["cannot_connect", "identity_provider", "site", "identity_theft", "other"]


def connection_reference(number: int) -> str:
    """A unique reference in the portal's format (CX- and ten characters of its alphabet)."""
    characters = []
    for _ in range(10):
        number, digit = divmod(number, len(ALPHABET))
        characters.append(ALPHABET[digit])
    return f"{CONNECTION_PREFIX}-{''.join(reversed(characters))}"


def account_key(number: int) -> str:
    return hashlib.sha256(f"scale-account-{number}".encode()).hexdigest()


def copy_line(values: Iterable) -> str:
    """One row in COPY's text format: None is \\N; tabs, newlines and backslashes escaped."""
    fields = []
    for value in values:
        if value is None:
            fields.append("\\N")
        elif isinstance(value, bool):
            fields.append("t" if value else "f")
        else:
            text = str(value)
            if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
                text = (
                    text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
                )
            fields.append(text)
    return "\t".join(fields) + "\n"


@dataclass(frozen=True)
class Plan:
    """Where the generated rows start, and what they point to, in one database."""

    size: Size
    now: datetime
    first_account: int
    first_site: int
    first_connection: int
    site_ids: list[int]  # the generated sites and the ones already there
    identity_provider_ids: list[int]
    seed: int = 20

    @property
    def heavy_account(self) -> int:
        return self.first_account


def account_rows(plan: Plan) -> Iterator[tuple]:
    """franceconnect_user: id, password, is_superuser, username, first_name, last_name, email,
    is_staff, is_active, date_joined, account_key, has_login_policy."""
    for offset in range(plan.size.accounts):
        number = plan.first_account + offset
        joined = (
            plan.now
            - timedelta(days=SPREAD_DAYS * 2)
            + timedelta(seconds=offset * 17 % (86400 * SPREAD_DAYS))
        )
        yield (number, "!", False, f"citizen-scale-{number:012d}", "", "", "", False, True, joined.isoformat(),
               account_key(number), False)  # fmt: skip


def connection_rows(plan: Plan) -> Iterator[tuple]:
    """franceconnect_connection: id, reference, acr, claims, created_at, citizen_id,
    identity_provider_id, service_provider_id. Oldest first (ids follow time, as in production);
    every tenth-of-a-thousandth row in the history period goes to the heavy account until it has
    its 1,000 connections."""
    rng = random.Random(plan.seed)  # noqa: S311 — data, not secrets
    total = plan.size.connections
    start = plan.now - timedelta(days=SPREAD_DAYS)
    step = timedelta(days=SPREAD_DAYS) / total
    history_start = plan.now - timedelta(days=HISTORY_DAYS - 1)
    in_history = max(1, int(total * (HISTORY_DAYS - 1) / SPREAD_DAYS))
    heavy_every = max(1, in_history // HEAVY_ACCOUNT_CONNECTIONS)
    heavy_sites = plan.site_ids[:30]
    heavy_given, heavy_seen = 0, 0
    accounts, sites, providers = plan.size.accounts, plan.site_ids, plan.identity_provider_ids
    for offset in range(total):
        created = start + step * (offset + 1)
        site = sites[rng.randrange(len(sites))]
        if created >= history_start:
            heavy_seen += 1
            if heavy_given < HEAVY_ACCOUNT_CONNECTIONS and heavy_seen % heavy_every == 0:
                heavy_given += 1
                citizen, site = plan.heavy_account, heavy_sites[heavy_given % len(heavy_sites)]
            else:
                citizen = plan.first_account + 1 + rng.randrange(accounts - 1)
        else:
            citizen = plan.first_account + 1 + rng.randrange(accounts - 1)
        number = plan.first_connection + offset
        yield (number, connection_reference(number), "eidas1", CLAIMS, created.isoformat(), citizen,
               providers[rng.randrange(len(providers))], site)  # fmt: skip


def site_rows(plan: Plan) -> Iterator[tuple]:
    """franceconnect_serviceprovider: confidential sites with an unusable secret."""
    created = (plan.now - timedelta(days=SPREAD_DAYS * 2)).isoformat()
    for number in plan.site_ids:
        if number < plan.first_site:  # the sites already there (demo.setup's, the benchmark's)
            continue
        yield (number, f"scale-site-{number:06d}", f"https://site-{number}.example.test/callback",
               f"https://site-{number}.example.test/", "confidential", "authorization-code", "!", True,
               f"Site partenaire {number}", False, created, created, "ES256", "", "manual", True,
               "openid identite_pivot email", False, "", "eidas1", "public", "", "production", "",
               f"https://site-{number}.example.test/")  # fmt: skip


def ticket_rows(plan: Plan, first_ticket: int) -> Iterator[tuple]:
    """support_ticket: id, reference, name, email, category, connection_reference, context,
    language, status, priority, created_at, updated_at."""
    rng = random.Random(plan.seed + 1)  # noqa: S311
    for offset in range(plan.size.tickets):
        number = first_ticket + offset
        created = plan.now - timedelta(days=SPREAD_DAYS) * (1 - offset / plan.size.tickets)
        status = "closed" if offset < plan.size.tickets * 0.95 else rng.choice(["new", "in_progress"])
        yield (number, ticket_reference(year=created.year, number=number), f"Usager {number}",
               f"usager{number}@example.test", rng.choice(CATEGORIES), "", "{}", "fr", status,
               1 if rng.random() < 0.05 else 2, created.isoformat(), created.isoformat())  # fmt: skip


def stop_rows(plan: Plan, first_stop: int) -> Iterator[tuple]:
    """service_statistics_loginstop: id, occurred_at, step, code, service_provider_id, identity_provider_id."""
    rng = random.Random(plan.seed + 2)  # noqa: S311
    total = int(plan.size.connections * plan.size.stops_per_connection)
    for offset in range(total):
        occurred = plan.now - timedelta(days=SPREAD_DAYS) * (1 - offset / max(total, 1))
        yield (first_stop + offset, occurred.isoformat(), rng.choice(STEPS), "access_denied",
               plan.site_ids[rng.randrange(len(plan.site_ids))],
               plan.identity_provider_ids[rng.randrange(len(plan.identity_provider_ids))])  # fmt: skip
