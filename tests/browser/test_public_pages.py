import pytest

from tests.browser_fixtures import format_violations

# The accessibility statement says axe-core checks these pages (franceconnect/public_pages/accessibility.py).
PAGES = [
    "/accessibilite/",
    "/mentions-legales/",
    "/donnees-personnelles/",
    "/plan-du-site/",
    "/ru/donnees-personnelles/",
    "/partenaires/inscription/",
    "/partenaires/connexion/",
]


@pytest.mark.django_db(transaction=True)
def test_the_pages_of_a_public_service_have_no_serious_accessibility_violation(
    page, screenshot, axe_serious_violations
):
    for path in PAGES:
        page.goto(path)
        screenshot(path.strip("/").replace("/", "-"))
        violations = axe_serious_violations()
        assert violations == [], f"{path}: {format_violations(violations)}"

    page.goto("/")
    page.get_by_role("link", name="Plan du site").click()
    page.wait_for_url("**/plan-du-site/")
    assert page.get_by_role("heading", level=1).inner_text() == "Plan du site"
    assert page.console_errors == []
