"""Computes the dashboard's daily figures again for the last days, e.g. after installing it:
`manage.py statistics_fold --days 90` (what the beat task does every 10 minutes for two days)."""

from django.core.management.base import BaseCommand

from service_statistics.services import daily_figures_fold


class Command(BaseCommand):
    help = "Compute the statistics dashboard's daily figures again for the last days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=2, help="how many days, today included (2)")

    def handle(self, *args, days: int, **options):
        if days < 1:
            self.stderr.write("--days must be 1 or more")
            return
        written = daily_figures_fold(days=days)
        self.stdout.write(f"{written} daily figures written for the last {days} days")
