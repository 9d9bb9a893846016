"""The citizen's journey in Chromium, from a demo partner site to the portal, a demo identity
provider and back, with a screenshot at each step and accessibility checks on the portal's pages."""

import re

import pytest

from tests.browser_fixtures import format_violations

pytestmark = pytest.mark.browser


def chooser_url(federation) -> re.Pattern:
    """The chooser, answered by /api/v2/authorize itself."""
    return re.compile(rf"{re.escape(federation.portal_url)}/api/v2/authorize\?")


def confirmation_url(federation) -> re.Pattern:
    """The confirmation screen, answered by the identity provider's callback itself."""
    return re.compile(rf"{re.escape(federation.portal_url)}/fi/retour\?")


def test_a_citizen_connects_to_a_partner_site_in_chromium(
    federation, page, screenshot, axe_serious_violations
):
    site = federation.partner_sites["famille"]

    page.goto(f"{site.url}/")
    screenshot("1-partner-site")
    page.get_by_role("button", name="S'identifier avec FranceConnect").click()

    page.wait_for_url(chooser_url(federation))
    assert page.get_by_text("Connexion en cours sur Caisse des familles (démo)").is_visible()
    screenshot("2-chooser")
    violations = axe_serious_violations()
    assert violations == [], format_violations(violations)

    page.get_by_role("link", name="ameli.fr (démo)").click()
    page.get_by_label("Identifiant").fill("olga.petrova")
    page.get_by_label("Mot de passe").fill("demo-password")
    screenshot("3-identity-provider")
    page.get_by_role("button", name="Se connecter").click()

    page.wait_for_url(confirmation_url(federation))
    assert page.get_by_role("heading", level=1).inner_text() == "Bienvenue Olga PETROVA"
    assert page.get_by_text("féminin").is_visible() and page.get_by_text("né(e) à l'étranger").is_visible()
    assert page.get_by_text("2 novembre 1990").is_visible() and page.get_by_text("Russie").is_visible()
    continue_button = page.get_by_role("button", name="Continuer sur Caisse des familles (démo)")
    assert "fr-btn--secondary" not in continue_button.get_attribute("class")  # the blue primary button
    screenshot("4-confirmation")
    violations = axe_serious_violations()
    assert violations == [], format_violations(violations)

    continue_button.click()
    page.wait_for_url(f"{site.url}/moi/")
    assert page.get_by_text("Bonjour Olga PETROVA").is_visible()
    screenshot("5-logged-in-on-the-partner-site")
    assert page.console_errors == []


def test_the_journey_by_keyboard_only(federation, page):
    site = federation.partner_sites["retraite"]
    page.goto(f"{site.url}/")
    page.get_by_role("button", name="S'identifier avec FranceConnect").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(chooser_url(federation))

    page.get_by_role("link", name="impots.gouv.fr (démo)").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Identifiant").fill("marie-ange.santoni")
    page.get_by_label("Mot de passe").fill("demo-password")
    page.keyboard.press("Enter")
    page.wait_for_url(confirmation_url(federation))
    assert page.get_by_text("Ajaccio (2A)").is_visible()

    page.get_by_role("button", name="Continuer sur Mon compte retraite (démo)").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site.url}/moi/")
    assert page.get_by_text("Bonjour Marie-Ange SANTONI").is_visible()
