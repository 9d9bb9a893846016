"""Register a partner site and print its credentials as one JSON object (the secret is shown once)."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from franceconnect.federation.provider.scopes import SUPPORTED_SCOPES
from franceconnect.federation.services import service_provider_register
from franceconnect.infrastructure.vocabulary import EIDAS_LEVELS, LOWEST_EIDAS_LEVEL


class Command(BaseCommand):
    help = (
        "Register a partner site (OpenID Connect client) and print its client_id and client_secret as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--redirect-uri", required=True, action="append", dest="redirect_uris")
        parser.add_argument(
            "--post-logout-redirect-uri", action="append", default=[], dest="post_logout_redirect_uris"
        )
        parser.add_argument("--algorithm", choices=["ES256", "RS256"], default="ES256")
        parser.add_argument(
            "--scopes", default="openid identite_pivot email", help=f"among: {' '.join(SUPPORTED_SCOPES)}"
        )
        parser.add_argument("--site-url", default="")
        parser.add_argument("--eidas-level", choices=EIDAS_LEVELS, default=LOWEST_EIDAS_LEVEL)
        parser.add_argument("--sector-identifier", default="")
        parser.add_argument("--contact-email", default="")
        parser.add_argument("--consent-required", action="store_true")

    def handle(self, *args, **options):
        try:
            service_provider, secret = service_provider_register(
                name=options["name"],
                redirect_uris=options["redirect_uris"],
                post_logout_redirect_uris=options["post_logout_redirect_uris"],
                algorithm=options["algorithm"],
                scopes=options["scopes"].split(),
                site_url=options["site_url"],
                eidas_level=options["eidas_level"],
                sector_identifier=options["sector_identifier"],
                contact_email=options["contact_email"],
                consent_required=options["consent_required"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(json.dumps({"client_id": service_provider.client_id, "client_secret": secret}))
