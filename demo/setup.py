"""Prepare the portal's demo database: migrations, static files and demo data.

Idempotent: ``make demo`` runs it at every start, so existing rows are updated, not duplicated.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "franceconnect.settings")
os.environ.setdefault("PORTAL_ENV", "demo")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "demo-admin-password"  # noqa: S105 — published in the README, demo only


def demo_admin_ensure() -> None:
    user, _ = get_user_model().objects.get_or_create(
        username=DEMO_ADMIN_USERNAME, defaults={"email": "admin@demo.localhost"}
    )
    user.is_staff = user.is_superuser = True
    user.set_password(DEMO_ADMIN_PASSWORD)
    user.save()


def main() -> None:
    if settings.PORTAL_ENV != "demo":
        raise SystemExit("demo.setup only runs with PORTAL_ENV=demo.")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    demo_admin_ensure()


if __name__ == "__main__":
    main()
