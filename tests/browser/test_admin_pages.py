"""The back office in a browser, as a member of staff uses it: logged in with the second factor,
at 1280 px, the main pages checked by axe (no serious or critical violation) and screenshotted."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from franceconnect.federation.services import service_provider_register
from service_statistics.models import DailyFigure, LoginStop
from tests.browser_fixtures import format_violations
from tests.identity_provider_fixtures import fake_registered
from tests.service_statistics.factories import provider_create, site_create
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
    "statistics": "/admin/statistiques/?jours=7",
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


def _statistics_recorded() -> None:
    """A week of figures, so that the dashboard's charts and tables have something to show."""
    site, provider = site_create("Impots"), provider_create("x", "impots.gouv.fr")
    today = timezone.localdate()
    for offset in range(7):
        day = today - timedelta(days=offset)
        DailyFigure.objects.create(
            figure="connections",
            day=day,
            service_provider_pk=site.pk,
            identity_provider_pk=provider.pk,
            count=10 + offset,
        )
        # What the fold also writes, and the dashboard's connection charts read.
        DailyFigure.objects.create(
            figure="connections_site", day=day, service_provider_pk=site.pk, count=10 + offset
        )
        DailyFigure.objects.create(
            figure="connections_provider", day=day, identity_provider_pk=provider.pk, count=10 + offset
        )
        DailyFigure.objects.create(figure="security_emails", day=day, label="sent", count=9 + offset)
        DailyFigure.objects.create(
            figure="health_checks", day=day, label="ok", identity_provider_pk=provider.pk, count=1440
        )
    for step, count in [
        ("authorize", 90),
        ("chooser", 80),
        ("identity_provider", 75),
        ("identity_check", 72),
        ("confirmation", 70),
    ]:
        DailyFigure.objects.create(figure="passages", day=today, label=step, count=count)
    LoginStop.objects.create(step="identity_provider", code="cancelled", identity_provider=provider)


@pytest.fixture
def audited_rows(transactional_db, fake_provider):
    """A provider and a partner site with a long name each, changed once: rows in the lists, and
    two versions in each audit trail."""
    provider = fake_registered(fake_provider, name="Identité numérique des services postaux (démonstration)")
    provider.order = 5
    provider.save()
    site, _secret = service_provider_register(
        name="Mon compte retraite et allocations familiales (démonstration)",
        redirect_uris=["https://retraite.example/callback"],
        post_logout_redirect_uris=[],
        algorithm="ES256",
        scopes=["openid", "identite_pivot"],
    )
    site.consent_required = True
    site.save()
    return {
        "identity-provider-history": f"/admin/identity_providers/identityprovider/{provider.pk}/history/",
        "partner-site-history": f"/admin/franceconnect/serviceprovider/{site.pk}/history/",
    }


def test_the_main_admin_pages_pass_axe_and_fit_1280_px(
    staff_page, audited_rows, screenshot, axe_serious_violations
):
    _statistics_recorded()
    failures, overflowing = {}, []
    for label, path in {**PAGES, **audited_rows}.items():
        assert staff_page.goto(path).status == 200, path
        if label == "statistics":  # its five charts drawn (DSFR Chart), and a table opened
            staff_page.wait_for_function(
                "() => [...document.querySelectorAll('bar-chart canvas')].filter(c => c.height > 100).length == 5"
            )
            staff_page.locator("details summary").first.click()
        screenshot(label)
        violations = axe_serious_violations()
        if violations:
            failures[label] = format_violations(violations)
        # A list whose last columns go past the window's edge hides them behind a scroll bar.
        if not staff_page.evaluate(
            """() => [...document.querySelectorAll('#result_list, #change-history')].every(
                   table => table.getBoundingClientRect().right <= document.documentElement.clientWidth)"""
        ):
            overflowing.append(label)
    assert failures == {}, failures
    assert overflowing == []


def test_the_login_page_passes_axe(page, screenshot, axe_serious_violations):
    page.goto("/admin/login/")
    screenshot("login")
    assert axe_serious_violations() == []
