"""The pages that read the portal's data, timed one request after another (bench.scale).

The back office is reached as a person reaches it: the demo administrator's password and the
current code of its published TOTP key (demo/admin_code.py), through the login form. The citizen
space's history needs a space session, which only a federated login to the space opens: here it is
written straight into the session store (bench.space_session, in the stack's environment) for the
account with 1,000 connections, as the space's own sign-in would write it.
"""

import html
import re
import subprocess
import sys
from dataclasses import dataclass

import psycopg

from bench.driver import HTTP, Answer, Cookies, send
from bench.stack import ROOT, Stack
from demo.admin_code import demo_admin_code
from demo.setup import DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME

TARGET_MS = 200  # issue 20: every page under 200 ms p95 at the largest size


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    session: str  # "staff" or "space"


def search_terms(database_url: str, heavy_account: int) -> dict[str, str]:
    """Values that exist, from the middle of the data: a connection's reference, a recipient, a
    ticket's e-mail and an account's username."""
    with psycopg.connect(database_url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT reference FROM franceconnect_connection ORDER BY id DESC OFFSET 1000 LIMIT 1")
        reference = cursor.fetchone()[0]
        cursor.execute(
            "SELECT recipient FROM notifications_notification ORDER BY id DESC OFFSET 1000 LIMIT 1"
        )
        recipient = cursor.fetchone()[0]
        cursor.execute("SELECT email FROM support_ticket ORDER BY id DESC OFFSET 100 LIMIT 1")
        ticket_email = cursor.fetchone()[0]
        cursor.execute("SELECT username FROM franceconnect_user WHERE id = %s", [heavy_account])
        username = cursor.fetchone()[0]
    return {
        "reference": reference,
        "recipient": recipient,
        "ticket_email": ticket_email,
        "username": username,
    }


def pages(terms: dict[str, str]) -> list[Page]:
    return [
        Page("admin: connections", "/admin/franceconnect/connection/", "staff"),
        Page("admin: connections, search by reference", f"/admin/franceconnect/connection/?q={terms['reference']}", "staff"),
        Page("admin: connections, page 50", "/admin/franceconnect/connection/?p=50", "staff"),
        Page("admin: notifications", "/admin/notifications/notification/", "staff"),
        Page("admin: notifications, search by reference", f"/admin/notifications/notification/?q={terms['reference']}", "staff"),
        Page("admin: notifications, search by recipient", f"/admin/notifications/notification/?q={terms['recipient']}", "staff"),
        Page("admin: tickets", "/admin/support/ticket/", "staff"),
        Page("admin: tickets, search by e-mail", f"/admin/support/ticket/?q={terms['ticket_email']}", "staff"),
        Page("admin: citizen accounts", "/admin/franceconnect/citizenaccount/", "staff"),
        Page("admin: citizen accounts, search by username", f"/admin/franceconnect/citizenaccount/?q={terms['username']}", "staff"),
        Page("admin: citizen accounts, search by connection", f"/admin/franceconnect/citizenaccount/?q={terms['reference']}", "staff"),
        Page("statistics dashboard (30 days)", "/admin/statistiques/", "staff"),
        Page("statistics dashboard (90 days)", "/admin/statistiques/?jours=90", "staff"),
        Page("citizen space: history (1,000 connections)", "/mon-espace/", "space"),
        Page("citizen space: history, page 20", "/mon-espace/?page=20", "space"),
    ]  # fmt: skip


def staff_cookies(portal_url: str) -> Cookies:
    cookies = Cookies()
    form = send("GET", f"{portal_url}/admin/login/?next=/admin/", cookies)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    answer = send(
        "POST",
        f"{portal_url}/admin/login/?next=/admin/",
        cookies,
        form={"csrfmiddlewaretoken": csrf, "username": DEMO_ADMIN_USERNAME, "password": DEMO_ADMIN_PASSWORD,
              "otp_token": demo_admin_code(), "next": "/admin/"},
        headers={"Referer": f"{portal_url}/admin/login/"},
    )  # fmt: skip
    if answer.status != 302:
        errors = re.findall(r'class="errornote"[^>]*>([^<]+)', answer.text)
        raise RuntimeError(f"staff login refused ({answer.status}): {[html.unescape(e) for e in errors]}")
    return cookies


def space_cookies(stack: Stack, account_id: int) -> Cookies:
    """A space session for ``account_id``, written by bench.space_session in the stack's environment."""
    key = subprocess.run(
        [sys.executable, "-m", "bench.space_session", str(account_id)],
        cwd=ROOT, env=stack.environment(), capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    cookies = Cookies()
    cookies.store("127.0.0.1", [f"fc_sessionid={key}; Path=/"])
    return cookies


def measure(portal_url: str, page_list: list[Page], cookies: dict[str, Cookies], *, rounds: int) -> dict:
    from bench.run import percentile

    results = {}
    for page in page_list:
        client, server, queries, statuses = [], [], [], set()
        for _ in range(rounds + 2):
            answer: Answer = send("GET", portal_url + page.path, cookies[page.session], timeout=120)
            statuses.add(answer.status)
            client.append(answer.seconds)
            server.append(int(answer.headers.get("X-Server-Microseconds", 0)) / 1e6)
            queries.append(int(answer.headers.get("X-Query-Count", -1)))
        client, server = client[2:], server[2:]  # the first two warm the caches
        p95 = round(percentile(client, 0.95) * 1000, 1)
        results[page.name] = {
            "path": page.path,
            "status": sorted(statuses),
            "requests": rounds,
            "p50_ms": round(percentile(client, 0.5) * 1000, 1),
            "p95_ms": p95,
            "server_p95_ms": round(percentile(server, 0.95) * 1000, 1),
            "queries": max(queries),
            "under_target": p95 < TARGET_MS and statuses == {200},
        }
        print(f"  {page.name}: p95 {p95} ms, {max(queries)} queries, status {sorted(statuses)}", flush=True)
    HTTP.clear()
    return results
