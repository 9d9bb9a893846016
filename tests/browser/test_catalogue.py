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


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_on_a_phone_the_results_of_a_search_are_in_view_and_focused(chromium, live_server, javascript):
    from service_catalog.categories import categories_ensure
    from service_catalog.models import Category, Service

    categories_ensure()
    category = Category.objects.get(slug="impots")
    for number in range(8):
        Service.objects.create(
            name=f"Payer ses impôts, démarche {number}",
            slug=f"impots-{number}",
            description="Une démarche en ligne.",
            organisation="DGFiP",
            url="https://www.impots.gouv.fr/",
            category=category,
        )
    context = chromium.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        viewport={"width": 375, "height": 667},
        is_mobile=True,
        has_touch=True,
        java_script_enabled=javascript,
    )
    page = context.new_page()
    try:
        page.goto("/nos-services/")
        page.get_by_role("textbox", name="Rechercher").fill("impots")
        page.get_by_role("button", name="Rechercher").click()
        page.wait_for_url("**/nos-services/?q=impots*")

        results = page.locator("#results")
        assert "8 services trouvés" in results.inner_text()
        assert page.evaluate("document.activeElement.id") == "results"
        top = results.evaluate("element => element.getBoundingClientRect().top")
        assert 0 <= top < 667 / 2, f"the results heading is at {top}px, out of the first screen's top half"
    finally:
        context.close()
