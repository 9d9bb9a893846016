"""The seed's journey in French, English and Russian, on a desktop screen and on a phone: from a demo
partner site (French, it sends ui_locales=fr) the person chooses their language with the portal's
switcher, logs in at a demo identity provider and reads their identity as people write it. A
screenshot at each step (artifacts/screenshots/), and axe on every page of the journey."""

import re
from dataclasses import dataclass

import pytest

from tests.browser_fixtures import format_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}


@dataclass(frozen=True)
class Journey:
    language: str
    screen: str
    citizen: str
    provider: str
    site: str
    shown: tuple[str, ...]  # on the confirmation screen, readable


JOURNEYS = [
    Journey(
        "fr", "desktop", "angela.dubois", "impots", "retraite",
        ("24 août 1962", "Paris 7e Arrondissement (75)", "France", "MOREAU"),
    ),
    Journey("fr", "phone", "bernard.mugnier", "ameli", "famille", ("12 mai 1950", "Annecy-le-Vieux (74)")),
    Journey("en", "desktop", "marie-ange.santoni", "impots", "retraite", ("30 June 1978", "Ajaccio (2A)")),
    Journey("en", "phone", "olga.petrova", "ameli", "famille", ("2 November 1990", "Russia")),
    Journey("ru", "desktop", "olga.petrova", "ameli", "retraite", ("2 ноября 1990 г.", "Россия")),
    Journey(
        "ru", "phone", "angela.dubois", "ameli", "famille",
        ("24 августа 1962 г.", "Paris 7e Arrondissement (75)", "Франция"),
    ),
]  # fmt: skip


def _choose_language(page, journey: Journey) -> None:
    """The portal's switcher, in the header (in the menu on a phone)."""
    if journey.screen == "phone":
        page.locator(".fr-header__navbar .fr-btn--menu").click()
        scope = page.locator("#fr-menu-mobile")
    else:
        scope = page.locator(".fr-header__tools")
    scope.locator(".fr-translate__btn").click()
    scope.locator(f".fr-translate__language[hreflang={journey.language}]").click()
    page.wait_for_function(f"document.documentElement.lang === '{journey.language}'")


@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda journey: f"{journey.language}-{journey.screen}")
def test_the_seed_journey_in_each_language_and_screen(
    federation, page, screenshot, axe_serious_violations, journey
):
    page.set_viewport_size(PHONE if journey.screen == "phone" else DESKTOP)
    site = federation.partner_sites[journey.site]
    step = 0

    def checked(label: str) -> None:
        nonlocal step
        step += 1
        screenshot(f"{journey.language}-{journey.screen}-{step}-{label}")
        violations = axe_serious_violations()
        assert violations == [], f"{label}: {format_violations(violations)}"

    page.goto(f"{site.url}/")
    checked("partner-site")
    page.get_by_role("button", name="S'identifier avec FranceConnect").click()
    page.wait_for_url(re.compile(rf"{re.escape(federation.portal_url)}/"))
    assert page.evaluate("document.documentElement.lang") == "fr"  # the site's ui_locales
    if journey.language != "fr":
        _choose_language(page, journey)
    checked("chooser")

    page.locator(f"a[href*='/fi/{journey.provider}/']").click()
    page.get_by_label("Identifiant").fill(journey.citizen)
    page.get_by_label("Mot de passe").fill("demo-password")
    checked("identity-provider")
    page.get_by_role("button", name="Se connecter").click()

    continue_button = page.locator("button[name=continue]")
    continue_button.wait_for()
    assert page.evaluate("document.documentElement.lang") == journey.language  # the choice held
    values = page.locator("main dl dd").all_inner_texts()
    assert all(value in values for value in journey.shown), values
    assert not any(re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{5}|99\d{3}", value) for value in values), values
    checked("confirmation")

    continue_button.click()
    page.wait_for_url(f"{site.url}/moi/")
    checked("logged-in-on-the-partner-site")
    assert page.console_errors == []
