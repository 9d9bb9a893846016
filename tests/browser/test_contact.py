import pytest

from support.models import Ticket
from tests.browser_fixtures import format_violations


@pytest.mark.django_db(transaction=True)
def test_a_citizen_fills_and_sends_the_contact_form_in_french(page, screenshot, axe_serious_violations):
    page.goto("/contact/")
    violations = axe_serious_violations()
    assert violations == [], format_violations(violations)
    screenshot("empty")

    page.get_by_role("button", name="Envoyer ma demande").click()
    assert page.get_by_text("Le formulaire contient 4 erreurs").is_visible()
    # The summary takes the focus (read first by a screen reader), and each error leads to its field.
    assert page.evaluate("document.activeElement.id") == "form-summary"
    screenshot("errors")
    violations = axe_serious_violations()
    assert violations == [], format_violations(violations)
    page.get_by_role("link", name="Indiquez votre nom.").click()
    assert page.evaluate("document.activeElement.id") == "id_name"

    page.get_by_label("Votre nom").fill("Angela Dubois")
    page.get_by_label("Votre adresse électronique").fill("angela@example.org")
    page.get_by_label("Votre demande concerne").select_option("cannot_connect")
    page.get_by_label("Votre message").fill("Je n'arrive pas à me connecter depuis ce matin.")
    page.get_by_role("button", name="Envoyer ma demande").click()

    reference = Ticket.objects.get().reference
    assert page.get_by_text(reference).is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == "Votre demande a bien été envoyée"
    screenshot("sent")
    assert page.console_errors == []
