import pytest
from django.core.management import call_command

from tests.browser_fixtures import format_violations


@pytest.mark.django_db(transaction=True)
def test_the_catalogue_page_searches_without_javascript_trouble_and_is_accessible(
    page, screenshot, axe_serious_violations
):
    from django.conf import settings

    call_command("catalogue_import", str(settings.BASE_DIR / "service_catalog" / "data" / "procedures.csv"))
    page.goto("/nos-services/")
    violations = axe_serious_violations()
    assert violations == [], format_violations(violations)

    page.get_by_role("textbox", name="Rechercher").fill("impot")
    page.get_by_role("button", name="Rechercher").click()
    assert "trouvé" in page.get_by_role("heading", level=2).inner_text()
    screenshot("search-impot")
    violations = axe_serious_violations()
    assert violations == [], format_violations(violations)
    assert page.console_errors == []
