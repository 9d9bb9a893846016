"""The back office in a browser, as a member of staff uses it: logged in with the second factor,
at 1280 px, the main pages checked by axe (no serious or critical violation) and screenshotted."""

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser_fixtures import format_violations
from tests.staff_fixtures import current_code

PAGES = {
    "home": "/admin/",
    "identity-providers": "/admin/identity_providers/identityprovider/",
    "partner-sites": "/admin/franceconnect/serviceprovider/",
    "partner-site-form": "/admin/franceconnect/serviceprovider/add/",
    "connections": "/admin/franceconnect/connection/",
    "tickets": "/admin/support/ticket/",
    "notifications": "/admin/notifications/notification/",
    "login-policies": "/admin/franceconnect/loginpolicy/",
    "citizen-accounts": "/admin/franceconnect/citizenaccount/",
    "refused-logins": "/admin/franceconnect/refusedlogin/",
    "banners": "/admin/announcements/banner/",
}


@pytest.fixture
def staff_page(page, transactional_db):
    user = get_user_model().objects.create_superuser("operator", "operator@example.org", "a long password 42")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/admin/login/")
    page.locator("#id_username").fill("operator")
    page.locator("#id_password").fill("a long password 42")
    page.locator("#id_otp_token").fill(current_code(device))
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")
    return page


def test_the_main_admin_pages_pass_axe(staff_page, screenshot, axe_serious_violations):
    failures = {}
    for label, path in PAGES.items():
        assert staff_page.goto(path).status == 200, path
        screenshot(label)
        violations = axe_serious_violations()
        if violations:
            failures[label] = format_violations(violations)
    assert failures == {}, failures


def test_the_login_page_passes_axe(page, screenshot, axe_serious_violations):
    page.goto("/admin/login/")
    screenshot("login")
    assert axe_serious_violations() == []
