"""The demo administrator's current second-factor code: ``.venv/bin/python -m demo.admin_code``.

The demo's TOTP key is published (like its password) so that anyone can try the back office;
``demo.setup`` gives it to the demo administrator. A real deployment enrols each person's own
device with ``manage.py staff_totp_device``.
"""

from django_otp.oath import TOTP

DEMO_ADMIN_TOTP_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key, hex


def demo_admin_code() -> str:
    totp = TOTP(bytes.fromhex(DEMO_ADMIN_TOTP_KEY))
    return f"{totp.token():06d}"


if __name__ == "__main__":
    print(demo_admin_code())
