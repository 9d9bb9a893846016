"""Create new signing keys; they sign after the next restart, older keys stay published."""

from django.core.management.base import BaseCommand

from franceconnect.federation.provider.signing_keys import ALGORITHMS, signing_key_create


class Command(BaseCommand):
    help = "Create a new signing key for each algorithm (or one) in OIDC_SIGNING_KEYS_DIR."

    def add_arguments(self, parser):
        parser.add_argument("--algorithm", choices=ALGORITHMS, action="append")

    def handle(self, *args, **options):
        for alg in options["algorithm"] or ALGORITHMS:
            path = signing_key_create(alg)
            self.stdout.write(f"{alg}: new key {path.name} (active after the next restart)")
