"""The e-mail pipeline at saturation: `python -m bench.emails --backlog 10000` (README, Benchmark).

On the benchmark's stack (one Celery worker process, ``--concurrency=1``, and the SMTP sink), with
the portal idle: writes a backlog of pending security e-mails as the login writes them (one stored
row each, bench.emails' ``--queue-backlog`` step in the stack's environment), queues every row's
task — twice with ``--queue-twice``, as a re-dispatch sweep racing the first queueing would — and
times the drain until the sink has them all. Reports the e-mails per second of the worker process
(the queue never empties: saturation), its CPU per e-mail, the drain time, and the Message-IDs
the sink received more than once (none expected: the task locks the row and checks its status).
"""

import argparse
import json
import logging
import re
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime

import psycopg
import redis

from bench.run import RESULTS
from bench.scale import SERVER
from bench.stack import ROOT, MailSink, Stack
from tests.ports import free_port

MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.MULTILINE | re.IGNORECASE)


class RecordingSink(MailSink):
    """The benchmark's sink, keeping each message's Message-ID."""

    def __init__(self, port: int):
        super().__init__(port)
        self.message_ids: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        found = MESSAGE_ID.search(envelope.original_content or envelope.content)
        self.message_ids.append(found.group(1) if found else b"")
        return await super().handle_DATA(server, session, envelope)


def duplicates(message_ids: list[bytes]) -> int:
    """How many deliveries repeated a Message-ID already received."""
    return sum(count - 1 for count in Counter(message_ids).values() if count > 1)


def queue_backlog(count: int, twice: bool) -> None:
    """In the stack's environment: ``count`` pending security e-mails, then their tasks queued."""
    import django

    django.setup()
    from django.core.mail import make_msgid

    from notifications.models import Notification
    from notifications.tasks import notification_dispatch

    context = {"connected_at": datetime.now(UTC).isoformat(), "site_name": "Site de mesure",
               "identity_provider_name": "impots.gouv.fr", "full_name": "Angela Dubois",
               "report_url": "https://portal.invalid/mon-espace/signalement/x/"}  # fmt: skip
    rows = [
        Notification(
            kind=Notification.Kind.SECURITY_CONNECTION,
            recipient=f"citizen{number}@example.test",
            message_id=make_msgid(domain="bench.invalid"),
            context={**context, "reference": f"CX-B{number:09d}"},
        )
        for number in range(count)
    ]
    created = Notification.objects.bulk_create(rows, batch_size=2000)
    print(json.dumps({"queued_at": time.time()}), flush=True)
    for notification in created:  # twice in a row: the second finds the row being sent, or sent
        for _copy in range(2 if twice else 1):
            notification_dispatch(notification_id=notification.pk)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backlog", type=int, default=10_000)
    parser.add_argument("--queue-twice", action="store_true", help="queue every e-mail's task twice")
    parser.add_argument("--database", default="scale_emails")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/4")
    parser.add_argument("--queue-backlog", type=int, help=argparse.SUPPRESS)  # the step run in the stack
    args = parser.parse_args(argv)
    if args.queue_backlog is not None:
        queue_backlog(args.queue_backlog, args.queue_twice)
        return 0
    logging.getLogger("mail.log").setLevel(logging.WARNING)

    stamp = time.strftime("%Y%m%d-%H%M%S")
    var_dir = ROOT / "var" / f"emails-{stamp}"
    var_dir.mkdir(parents=True)
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", args.database], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", args.database], check=True)
    redis.Redis.from_url(args.redis).flushdb()
    stack = Stack(var_dir=var_dir, portal_port=free_port(), idp_port=free_port(), smtp_port=free_port(),
                  portal_workers=1, database_url=SERVER + args.database, redis_url=args.redis)  # fmt: skip
    report = {"command": "python -m bench.emails " + " ".join(argv),
              "started": datetime.now(UTC).isoformat(timespec="seconds"), "worker_processes": 1}  # fmt: skip
    try:
        stack.prepare()
        stack.start()
        stack.sink.controller.stop()  # the recording sink instead, on the same port
        stack.sink = RecordingSink(stack.smtp_port)
        stack.sink.controller.start()
        cpu_before = stack.cpu_seconds()["worker"]
        queued = subprocess.run(
            [sys.executable, "-m", "bench.emails", "--queue-backlog", str(args.backlog),
             *(["--queue-twice"] if args.queue_twice else [])],
            cwd=ROOT, env=stack.environment(), capture_output=True, text=True, check=True,
        )  # fmt: skip
        started = json.loads(queued.stdout.splitlines()[0])["queued_at"]
        queued_seconds = time.time() - started
        deadline = time.monotonic() + 1800
        while len(stack.sink.arrivals) < args.backlog and time.monotonic() < deadline:
            time.sleep(0.5)
        drained = time.time() - started
        time.sleep(5 if args.queue_twice else 0)  # the second round's tasks: each should find its row sent
        arrivals = stack.sink.arrivals
        worker_cpu = stack.cpu_seconds()["worker"] - cpu_before
        steady = arrivals[len(arrivals) // 10 : len(arrivals) * 9 // 10]  # the middle 80 %
        report.update(
            backlog=args.backlog,
            tasks_queued=args.backlog * (2 if args.queue_twice else 1),
            seconds_to_queue=round(queued_seconds, 1),
            delivered=len(arrivals),
            drain_seconds=round(drained, 1),
            emails_per_second_overall=round(len(arrivals) / drained, 1),
            emails_per_second_steady=round((len(steady) - 1) / (steady[-1] - steady[0]), 1) if len(steady) > 1 else None,
            worker_cpu_ms_per_email=round(worker_cpu * 1000 / max(len(arrivals), 1), 2),
            message_ids_received_twice=duplicates(stack.sink.message_ids),
        )  # fmt: skip
        with psycopg.connect(SERVER + args.database) as connection:
            rows = connection.execute(
                "SELECT status, count(*), max(attempts) FROM notifications_notification GROUP BY status"
            ).fetchall()
        report["rows_by_status"] = {
            status: {"rows": count, "most_attempts": most} for status, count, most in rows
        }
    finally:
        stack.stop()
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", args.database], check=False
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"emails-{stamp}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
