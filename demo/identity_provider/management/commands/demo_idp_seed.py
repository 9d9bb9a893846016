"""Create this instance's demo citizens and register the portal as its OpenID client (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from oauth2_provider.models import get_application_model

from demo.citizens import CITIZENS, DEMO_PASSWORD, as_held_by
from demo.identity_provider.models import Citizen


class Command(BaseCommand):
    help = "Seed the demo identity provider with its citizens and the portal's client registration."

    def add_arguments(self, parser):
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", required=True)
        parser.add_argument("--redirect-uri", required=True, action="append")
        parser.add_argument("--post-logout-redirect-uri", action="append", default=[])
        parser.add_argument(
            "--ask-consent",
            action="store_true",
            help="Ask the citizen to allow the portal after login (so that they can refuse: access_denied).",
        )

    def handle(self, *args, **options):
        for person in CITIZENS:
            if settings.INSTANCE not in person["providers"]:
                continue
            citizen, _ = Citizen.objects.get_or_create(username=person["username"])
            person = as_held_by(person, settings.INSTANCE)  # with this provider's own mistakes
            for field in (
                "given_name",
                "family_name",
                "birthdate",
                "gender",
                "birthplace",
                "birthcountry",
                "email",
                "usage_name",
            ):
                setattr(citizen, field, person[field])
            citizen.set_password(DEMO_PASSWORD)
            citizen.save()

        Application = get_application_model()
        application = Application.objects.filter(client_id=options["client_id"]).first() or Application(
            client_id=options["client_id"]
        )
        application.name = "Portail FranceConnect (démo)"
        application.client_secret = options["client_secret"]
        application.client_type = Application.CLIENT_CONFIDENTIAL
        application.authorization_grant_type = Application.GRANT_AUTHORIZATION_CODE
        application.redirect_uris = " ".join(options["redirect_uri"])
        application.post_logout_redirect_uris = " ".join(options["post_logout_redirect_uri"])
        application.algorithm = Application.RS256_ALGORITHM
        application.skip_authorization = not options["ask_consent"]
        application.save()
        self.stdout.write(f"{settings.INSTANCE_NAME}: citizens and portal client ready")
