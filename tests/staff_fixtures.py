"""The back office asks for a second factor: staff clients verified by a TOTP device, as after a
real login with its code (django-otp keeps the device in the session)."""

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def second_factor_verify(client, user) -> TOTPDevice:
    """Log ``user`` in on ``client`` with a verified TOTP device, without the login form."""
    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin client, verified by a second factor as the back office requires."""
    second_factor_verify(client, admin_user)
    return client
