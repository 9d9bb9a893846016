"""Operators' messages to citizens in the browser: an information banner on the portal's pages and
an identity provider's warning read before the citizen is sent there, then the login goes on.
Screenshots and axe in French, English and Russian."""

from datetime import timedelta

import pytest
from django.utils import timezone

from announcements.models import Banner
from identity_providers.models import IdentityProvider
from tests.e2e.test_citizen_space_journey import (
    CITIZEN,
    PASSWORD,
    SITE_NAMES,
    _logged_in_at_site,
    _start_at_site,
    checked,  # noqa: F401 (fixture)
)

pytestmark = pytest.mark.browser

IMPOTS = "impots.gouv.fr (démo)"


def test_a_banner_and_a_provider_warning_then_the_login_goes_on(federation, page, checked):  # noqa: F811
    now = timezone.now()
    Banner.objects.create(
        message_fr="Maintenance prévue le 3 décembre de 22 h à minuit.",
        message_en="Maintenance planned on 3 December from 10 pm to midnight.",
        message_ru="Плановые работы 3 декабря с 22:00 до полуночи.",
        level=Banner.Level.WARNING,
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=1),
    )
    provider = IdentityProvider.objects.get(slug="impots")
    provider.warning_fr = "Votre identifiant impots.gouv.fr est votre numéro fiscal à 13 chiffres."
    provider.warning_en = "Your impots.gouv.fr login is your 13-digit tax number."
    provider.save()

    for language, prefix, text in (
        ("fr", "", "Maintenance prévue le 3 décembre"),
        ("en", "/en", "Maintenance planned on 3 December"),
        ("ru", "/ru", "Плановые работы 3 декабря"),
    ):
        page.goto(f"{prefix}/")
        assert page.locator(".fr-notice").first.inner_text().strip().startswith(text[:20])
        checked(f"banner-{language}")

    _start_at_site(page, federation, "retraite")
    page.get_by_role("link", name=IMPOTS, exact=True).click()
    assert "numéro fiscal à 13 chiffres" in page.locator("main").inner_text()
    checked("provider-warning-fr")
    page.get_by_role("link", name=f"Continuer sur {IMPOTS}").click()
    page.get_by_label("Identifiant").fill(CITIZEN)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    _logged_in_at_site(page, federation, "retraite")
    assert SITE_NAMES["retraite"]
