"""Create a new signing key: it signs from the next start on; older keys stay published in the JWKS."""

from django.conf import settings
from django.core.management.base import BaseCommand

from demo.identity_provider.keys import signing_key_create


class Command(BaseCommand):
    help = "Rotate the demo identity provider's signing key (takes effect at the next start)."

    def handle(self, *args, **options):
        path = signing_key_create(settings.KEYS_DIR)
        self.stdout.write(f"new signing key {path.name}")
