import pytest

from tests.browser_fixtures import format_violations

HOME_IN_EACH_LANGUAGE = [
    ("fr", "/", "Qui peut l'utiliser ?"),
    ("en", "/en/", "Who can use it?"),
    ("ru", "/ru/", "Кто может им пользоваться?"),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("language", "path", "who_heading"), HOME_IN_EACH_LANGUAGE)
def test_home_page_renders_in_each_language_without_serious_accessibility_violation(
    page, screenshot, axe_serious_violations, language, path, who_heading
):
    page.goto(path)

    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_role("heading", level=2, name=who_heading).is_visible()
    assert page.locator("header .fr-header__service-title").inner_text().strip() == "FranceConnect"
    assert page.locator("ol li").count() == 5
    # The DSFR stylesheet and script really loaded (CSP allows them, static files are served).
    assert page.evaluate("getComputedStyle(document.querySelector('.fr-header')).display") != "inline"
    assert page.evaluate("document.documentElement.hasAttribute('data-fr-js')")
    screenshot(language)

    violations = axe_serious_violations()
    assert violations == [], format_violations(violations)
    assert page.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_language_switcher_moves_to_the_same_page_in_another_language(page, screenshot):
    page.goto("/")
    page.get_by_role("button", name="FR").first.click()
    page.get_by_role("link", name="EN - English").first.click()

    page.wait_for_url("**/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text().startswith("FranceConnect: one login")
    screenshot("after-switch")


@pytest.mark.django_db(transaction=True)
def test_skip_link_leads_to_the_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#content"
    assert page.locator("main#content").count() == 1
