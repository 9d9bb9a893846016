"""Staff access to the back office: a second factor, a lockout, and sessions that end when idle.

- **Second factor** (django-otp): the admin site is django-otp's ``OTPAdminSite``; its login form
  asks for a one-time code of the person's TOTP device, and a session that was not verified by
  one is treated as not staff. Devices are enrolled with ``manage.py staff_totp_device``.
- **Lockout** (django-axes): after ``STAFF_LOGIN_FAILURE_LIMIT`` wrong passwords for one username,
  or from one address, further attempts are refused for ``STAFF_LOCKOUT_MINUTES``, the right
  password included; the address is the client's as ``TRUSTED_PROXIES`` tells it.
- **Idle sessions**: a staff session ends ``STAFF_SESSION_IDLE_SECONDS`` after the last page of
  the back office.

The middleware below runs django-otp's on the back office only: a citizen's login pays nothing.
"""

import re

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

from franceconnect.infrastructure.errors import ErrorKind, error_page

# /admin/, /en/admin/, /ru/admin/…
BACK_OFFICE_PATH = re.compile(r"^/(?:[a-z]{2}/)?admin/")


class StaffLoginForm(OTPAdminAuthenticationForm):
    """Each staff member has one TOTP device (``manage.py staff_totp_device``): the code is checked
    against it, with no device list to choose from first (django-otp asks for one otherwise)."""

    def clean_otp(self, user):
        if user is not None and not self.cleaned_data.get("otp_device"):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is not None:
                self.cleaned_data["otp_device"] = device.persistent_id
        return super().clean_otp(user)


def admin_site_requires_second_factor() -> None:
    """django-otp's documented way to make the default admin site an OTPAdminSite."""
    admin.site.__class__ = OTPAdminSite
    admin.site.login_form = StaffLoginForm
    admin.site.login_template = "admin/staff_login.html"


class StaffAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.with_second_factor = OTPMiddleware(get_response)

    def __call__(self, request):
        if not BACK_OFFICE_PATH.match(request.path_info):
            return self.get_response(request)
        response = self.with_second_factor(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            # Each page of the back office starts the idle period again.
            request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
        return response


class StaffOnlyAxesHandler(AxesDatabaseHandler):
    """django-axes' database handler (AXES_HANDLER), for staff accounts only: a citizen's login
    (the federation flow calls Django's login()) costs no query and leaves no access log."""

    def user_logged_in(self, sender, request, user, **kwargs):
        if user.is_staff:
            super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender, request, user, **kwargs):
        if user is not None and user.is_staff:
            super().user_logged_out(sender, request, user, **kwargs)


STAFF_LOCKED_OUT = ErrorKind(
    "staff_locked_out",
    403,
    _("Too many failed attempts"),
    _(
        "The back office is locked for this account or this connection after too many wrong passwords. Try again later, or ask another administrator to unlock it."
    ),
)


def lockout_page(request, credentials, *args, **kwargs):
    """django-axes' answer to a locked-out attempt: a readable page (AXES_LOCKOUT_CALLABLE)."""
    return error_page(request, STAFF_LOCKED_OUT, status=403)
