"""Enrol a staff member's second factor: a TOTP device, shown once as a QR code and a link.

    manage.py staff_totp_device <username> [--replace]

The person scans the QR code (or opens the otpauth:// link) with an authenticator app; the back
office then asks for its six-digit code at each login. A person has one device: ``--replace``
removes the one they had (a lost phone, a new one).
"""

import io

import qrcode
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Create a TOTP device (second factor) for a staff account and show it once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--replace", action="store_true", help="replace the account's device")

    def handle(self, *args, username: str, replace: bool, **options):
        user = get_user_model().objects.filter(username=username, is_staff=True).first()
        if user is None:
            raise CommandError(f"no staff account named {username!r}")
        with transaction.atomic():
            existing = TOTPDevice.objects.filter(user=user)
            if existing.exists() and not replace:
                raise CommandError(f"{username} already has a device: --replace to replace it")
            existing.delete()
            device = TOTPDevice.objects.create(
                user=user, name="application d'authentification", confirmed=True
            )
        code = qrcode.QRCode(border=1)
        code.add_data(device.config_url)
        picture = io.StringIO()
        code.print_ascii(out=picture, invert=True)
        self.stdout.write(picture.getvalue())
        self.stdout.write(device.config_url)
        self.stdout.write(f"Device {device.pk} created for {username}: scan it now, it is not shown again.")
