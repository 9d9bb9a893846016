"""Read the e-mails the demo sent (the file mailbox under var/mail): `manage.py mailbox [--last N]`."""

from email import policy
from email.parser import BytesParser
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def _messages(folder: Path):
    """Django's file backend appends each message to a .log file, separated by a line of dashes."""
    for path in sorted(folder.glob("*.log"), key=lambda path: path.stat().st_mtime):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if raw.strip():
                yield BytesParser(policy=policy.default).parsebytes(raw.strip())


class Command(BaseCommand):
    help = "Print the last e-mails written to the demo's file mailbox (EMAIL_URL=filemail://…)."

    def add_arguments(self, parser):
        parser.add_argument("--last", type=int, default=5)

    def handle(self, *args, **options):
        folder = getattr(settings, "EMAIL_FILE_PATH", None)
        if not folder:
            raise CommandError(
                "EMAIL_URL is not a file mailbox (filemail://…): read the mail server instead."
            )
        folder = Path(folder)
        messages = list(_messages(folder)) if folder.exists() else []
        if not messages:
            self.stdout.write(f"No e-mail in {folder} yet.")
            return
        for message in messages[-options["last"] :]:
            body = message.get_body(preferencelist=("plain",))
            self.stdout.write("=" * 79)
            for header in ("Date", "From", "To", "Subject", "Message-ID"):
                self.stdout.write(f"{header}: {str(message[header] or '').strip()}")
            self.stdout.write("")
            self.stdout.write(body.get_content() if body else "")
