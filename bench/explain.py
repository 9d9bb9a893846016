"""The back office's costly queries, before and after issue 20, under EXPLAIN ANALYZE:
`python -m bench.explain --database scale_10m` (a database loaded by bench.scale --keep-database).

"before" are the statements Django's admin defaults ran (the whole table counted, ``date_hierarchy``'s
``SELECT DISTINCT date_trunc``, a plain field's filter values, ``icontains`` searches, one aggregate
with FILTER); "after" the ones the lists run now (franceconnect/infrastructure/admin_lists.py).
Prints, per statement, the execution time and the plan's top node.
"""

import argparse
import json
import sys

import psycopg

from bench.scale import SERVER

BEFORE = {
    "connections: count of the whole table": "SELECT COUNT(*) FROM franceconnect_connection",
    "connections: date_hierarchy's years": "SELECT DISTINCT DATE_TRUNC('year', created_at AT TIME ZONE 'Europe/Paris')"
    " FROM franceconnect_connection WHERE created_at IS NOT NULL ORDER BY 1",
    "connections: the eIDAS level filter's values": "SELECT DISTINCT acr FROM franceconnect_connection ORDER BY 1",
    "connections: search icontains": "SELECT COUNT(*) FROM franceconnect_connection"
    " WHERE UPPER(reference::text) LIKE UPPER('%%' || %(reference)s || '%%')",
    "notifications: pending and failed in one aggregate": "SELECT COUNT(id) FILTER (WHERE status = 'pending'),"
    " COUNT(id) FILTER (WHERE status = 'failed') FROM notifications_notification",
    "notifications: search icontains on three fields": "SELECT n.id FROM notifications_notification n"
    " LEFT JOIN franceconnect_connection c ON c.id = n.connection_id WHERE UPPER(c.reference::text) LIKE"
    " UPPER('%%' || %(recipient)s || '%%') OR UPPER(n.recipient::text) LIKE UPPER('%%' || %(recipient)s || '%%')"
    " OR UPPER(n.message_id::text) LIKE UPPER('%%' || %(recipient)s || '%%') ORDER BY n.created_at DESC LIMIT 100",
    "accounts: search by username or connection (iexact, DISTINCT)": "SELECT COUNT(*) FROM (SELECT DISTINCT u.id"
    " FROM franceconnect_user u LEFT JOIN franceconnect_connection c ON u.id = c.citizen_id WHERE"
    " u.account_key IS NOT NULL AND (UPPER(u.username::text) = UPPER(%(reference)s)"
    " OR UPPER(c.reference::text) = UPPER(%(reference)s))) s",
    "statistics: connections per day and site, 90 days (per site and provider figures)": "SELECT day,"
    " service_provider_pk, SUM(count) FROM service_statistics_dailyfigure WHERE figure = 'connections'"
    " AND day >= CURRENT_DATE - 89 GROUP BY 1, 2",
    "statistics: connections in 90 days (per site and provider figures)": "SELECT SUM(count)"
    " FROM service_statistics_dailyfigure WHERE figure = 'connections' AND day >= CURRENT_DATE - 89",
    "connections: the busiest sites of the week (per site and provider figures)": "SELECT service_provider_pk"
    " FROM service_statistics_dailyfigure WHERE figure = 'connections' AND day >= CURRENT_DATE - 7"
    " GROUP BY 1 ORDER BY SUM(count) DESC LIMIT 20",
    "tickets: the queue's order (priority, age), first page": "SELECT * FROM support_ticket"
    " ORDER BY priority, created_at LIMIT 100",
    "accounts: date_hierarchy's years": "SELECT DISTINCT DATE_TRUNC('year', date_joined AT TIME ZONE 'Europe/Paris')"
    " FROM franceconnect_user WHERE account_key IS NOT NULL ORDER BY 1",
}
AFTER = {
    "connections: bounded count": "SELECT COUNT(*) FROM (SELECT id FROM franceconnect_connection LIMIT 10001) s",
    "connections: the planner's estimate": "EXPLAIN (FORMAT JSON) SELECT * FROM franceconnect_connection",
    "connections: first page": "SELECT * FROM franceconnect_connection ORDER BY created_at DESC LIMIT 100",
    "connections: page 1,000 (OFFSET 99,900)": "SELECT * FROM franceconnect_connection ORDER BY created_at DESC"
    " LIMIT 100 OFFSET 99900",
    "connections: search a whole reference": "SELECT * FROM franceconnect_connection WHERE reference = %(reference)s",
    "connections: the busiest sites of the week (per site figures)": "SELECT service_provider_pk"
    " FROM service_statistics_dailyfigure WHERE figure = 'connections_site' AND day >= CURRENT_DATE - 7"
    " GROUP BY 1 ORDER BY SUM(count) DESC LIMIT 20",
    "notifications: pending, then failed, on the status index": "SELECT (SELECT COUNT(*) FROM notifications_notification"
    " WHERE status = 'pending'), (SELECT COUNT(*) FROM notifications_notification WHERE status = 'failed')",
    "notifications: search a whole address": "SELECT * FROM notifications_notification WHERE recipient = %(recipient)s"
    " ORDER BY created_at DESC LIMIT 100",
    "accounts: search by connection": "SELECT u.id FROM franceconnect_user u JOIN franceconnect_connection c"
    " ON c.citizen_id = u.id WHERE u.account_key IS NOT NULL AND c.reference = %(reference)s",
    "statistics: connections per day and site, 90 days (per site figures)": "SELECT day, service_provider_pk,"
    " SUM(count) FROM service_statistics_dailyfigure WHERE figure = 'connections_site'"
    " AND day >= CURRENT_DATE - 89 GROUP BY 1, 2",
    "statistics: connections in 90 days (per provider figures)": "SELECT SUM(count)"
    " FROM service_statistics_dailyfigure WHERE figure = 'connections_provider' AND day >= CURRENT_DATE - 89",
    "tickets: the queue's order on its index, first page": "SELECT * FROM support_ticket"
    " ORDER BY priority, created_at LIMIT 100",
    "citizen space: sites of the history (1,000 connections)": "SELECT service_provider_id, COUNT(*), MAX(created_at)"
    " FROM franceconnect_connection WHERE citizen_id = %(heavy)s AND created_at >= now() - interval '183 days'"
    " GROUP BY 1 ORDER BY 3 DESC",
}


def explain(cursor, sql: str, params: dict) -> dict:
    if sql.startswith("EXPLAIN"):
        cursor.execute(sql, params)
        plan = cursor.fetchone()[0][0]["Plan"]
        return {"ms": 0.0, "plan": f"{plan['Node Type']} (estimate {plan['Plan Rows']} rows, not executed)"}
    cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
    result = cursor.fetchone()[0][0]
    plan = result["Plan"]
    nodes, stack = [], [plan]
    while stack:  # the scans: what each statement reads
        node = stack.pop()
        if "Scan" in node["Node Type"]:
            nodes.append(f"{node['Node Type']} on {node.get('Relation Name', '?')}"
                         + (f" using {node['Index Name']}" if "Index Name" in node else ""))  # fmt: skip
        stack.extend(node.get("Plans", []))
    return {
        "ms": round(result["Execution Time"], 1),
        "plan": "; ".join(dict.fromkeys(nodes)) or plan["Node Type"],
    }


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    args = parser.parse_args(argv)
    with psycopg.connect(SERVER + args.database) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT reference FROM franceconnect_connection ORDER BY id DESC OFFSET 1000 LIMIT 1")
        reference = cursor.fetchone()[0]
        cursor.execute(
            "SELECT recipient FROM notifications_notification ORDER BY id DESC OFFSET 1000 LIMIT 1"
        )
        recipient = cursor.fetchone()[0]
        cursor.execute(
            "SELECT citizen_id FROM franceconnect_connection GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1"
        )
        params = {"reference": reference, "recipient": recipient, "heavy": cursor.fetchone()[0]}
        report = {"command": "python -m bench.explain " + " ".join(argv), "database": args.database}
        for name, statements in (("before", BEFORE), ("after", AFTER)):
            report[name] = {}
            for label, sql in statements.items():
                report[name][label] = explain(cursor, sql, params)
                print(
                    f"{name:6} {report[name][label]['ms']:>9} ms  {label}: {report[name][label]['plan']}",
                    flush=True,
                )
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
