"""At phone size (375 by 667), the language switcher is whole and usable, and the tap targets of
the home page, the chooser and the confirmation screen are at least 24 px (or spaced as WCAG 2.5.8
allows) and do not touch."""

import pytest

from tests.flow_fixtures import Partner, query_of

pytestmark = [pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 667}
TARGETS = "a[href], button, input:not([type=hidden]), select, textarea, label[for]"

# Each interactive element that is shown: its box in CSS pixels, and its accessible name for the
# failure message. Targets inside one another (a label's link) are one target.
BOXES = """(selector) => [...document.querySelectorAll(selector)]
  .filter((element) => element.checkVisibility({visibilityProperty: true, opacityProperty: true}))
  .map((element) => {
    // A DSFR tile or card is one target: its link's ::before covers it whole.
    const enlarged = element.matches('.fr-enlarge-link a') ? element.closest('.fr-enlarge-link') : null;
    const box = (enlarged || element).getBoundingClientRect();
    return {name: (element.innerText || element.value || element.getAttribute('aria-label') || element.tagName).trim().slice(0, 40),
            x: box.x + window.scrollX, y: box.y + window.scrollY, width: box.width, height: box.height};
  })
  .filter((box) => box.width > 0 && box.height > 0)"""


MINIMUM = 24  # CSS pixels, WCAG 2.2 success criterion 2.5.8 (Target Size, Minimum)


def _touching(first: dict, second: dict) -> bool:
    """Overlapping or sharing an edge (no space between them)."""
    return (
        first["x"] < second["x"] + second["width"] + 1
        and second["x"] < first["x"] + first["width"] + 1
        and first["y"] < second["y"] + second["height"] + 1
        and second["y"] < first["y"] + first["height"] + 1
    )


def _contains(outer: dict, inner: dict) -> bool:
    return (
        outer["x"] <= inner["x"] + 0.5
        and outer["y"] <= inner["y"] + 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


def _centre(box: dict) -> tuple[float, float]:
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def _distance_to_box(point: tuple[float, float], box: dict) -> float:
    dx = max(box["x"] - point[0], 0, point[0] - box["x"] - box["width"])
    dy = max(box["y"] - point[1], 0, point[1] - box["y"] - box["height"])
    return (dx * dx + dy * dy) ** 0.5


def _undersized_without_spacing(box: dict, others: list[dict]) -> bool:
    """WCAG 2.5.8's spacing exception: a target under 24 by 24 px passes if a 24 px circle on its
    centre meets no other target (nor the circle of another undersized target)."""
    if box["width"] >= MINIMUM and box["height"] >= MINIMUM:
        return False
    centre = _centre(box)
    for other in others:
        if other is box:
            continue
        reach = MINIMUM if other["width"] < MINIMUM or other["height"] < MINIMUM else MINIMUM / 2
        if _distance_to_box(centre, other) < reach:
            return True
    return False


def _named(box: dict) -> str:
    return f"{box['name']!r} {box['width']:.0f}×{box['height']:.0f} at ({box['x']:.0f}, {box['y']:.0f})"


def _rows_sharing_an_edge(first: dict, second: dict) -> bool:
    """Two full rows of a menu list, one above the other, each as tall as a thumb (44 px)."""
    stacked = (
        abs(first["y"] + first["height"] - second["y"]) < 1
        or abs(second["y"] + second["height"] - first["y"]) < 1
    )
    return stacked and min(first["height"], second["height"]) >= 44


def assert_targets_apart(page, scope: str, *, menu_rows: bool = False) -> None:
    """Every shown target is 24 px or spaced as WCAG 2.5.8 says, and no two targets touch (in a
    menu list, ``menu_rows``, rows of 44 px may share their edge: DSFR's phone menu)."""
    boxes = page.evaluate(BOXES, f"{scope} :is({TARGETS})")
    too_small = [_named(box) for box in boxes if _undersized_without_spacing(box, boxes)]
    assert too_small == [], too_small
    clashes = [
        (_named(first), _named(second))
        for index, first in enumerate(boxes)
        for second in boxes[index + 1 :]
        if _touching(first, second)
        and not _contains(first, second)
        and not _contains(second, first)
        and not (menu_rows and _rows_sharing_an_edge(first, second))
    ]
    assert clashes == [], clashes


# Scrolling boxes whose content is wider than they are: the part past their edge is cut, or the
# box scrolls sideways (the phone menu scrolled 8 px to show the whole switcher, and cut its left
# side). Boxes that hide their overflow on purpose (DSFR's icon-only buttons) are not counted.
OVERFLOWING = """(selector) => [...document.querySelectorAll(selector)]
  .filter((element) => ['auto', 'scroll'].includes(getComputedStyle(element).overflowX))
  .filter((element) => element.scrollWidth > element.clientWidth + 1)
  .map((element) => `${element.tagName}.${element.className}: ${element.scrollWidth} > ${element.clientWidth}`)"""


def assert_nothing_clipped(page, scope: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    clipped = page.evaluate(OVERFLOWING, f"{scope}, {scope} *")
    assert clipped == [], clipped


def _wait_until_still(page, locator) -> None:
    previous = None
    for _attempt in range(30):
        box = locator.bounding_box()
        if box is not None and box == previous:
            return
        previous = box
        page.wait_for_timeout(100)
    raise AssertionError(f"{locator} keeps moving")


def assert_language_switcher_usable(page, language: str, destination: str) -> None:
    """Open the menu, see every language inside the screen, and choose one."""
    page.get_by_role("button", name="Menu").click()  # DSFR's phone menu holds the header's tools
    switcher = page.locator("#fr-menu-mobile .fr-translate__btn")
    switcher.click()
    _wait_until_still(page, page.locator("#fr-menu-mobile .fr-translate__menu"))  # DSFR opens it in steps
    for link in page.locator("#fr-menu-mobile .fr-translate__language:not([aria-current])").all():
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (link.inner_text(), box)
        assert box["height"] >= 24
    button = switcher.bounding_box()
    assert button["x"] >= 0 and button["x"] + button["width"] <= PHONE["width"], button
    assert_targets_apart(page, "#fr-menu-mobile", menu_rows=True)
    assert_nothing_clipped(page, "#fr-menu-mobile")
    page.locator(f"#fr-menu-mobile .fr-translate__language[hreflang={language}]").click()
    page.wait_for_url(f"**{destination}")


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


@pytest.mark.parametrize(("language", "path"), [("fr", "/"), ("en", "/en/"), ("ru", "/ru/")])
def test_the_home_page_on_a_phone(phone, screenshot, language, path):
    phone.goto(path)
    screenshot(f"home-{language}")

    assert_nothing_clipped(phone, "body")
    assert_targets_apart(phone, "body")
    other = "ru" if language != "ru" else "en"
    assert_language_switcher_usable(phone, other, f"/{other}/")
    screenshot(f"home-{language}-switched-to-{other}")


def _browser_login(page, live_server, site, fake_provider, language: str):
    """The chooser from a partner's request, then the fake provider answering in the browser."""
    partner = Partner(None, *site)
    params = partner.authorize_params(ui_locales=language)
    page.goto("/api/v2/authorize?" + "&".join(f"{key}={value}" for key, value in params.items()))

    def provider_answers(route):
        # Playwright routes no redirect: the portal's redirect to the provider is fetched here and
        # answered as the provider would, straight back to the portal with a code.
        to_provider = route.fetch(max_redirects=0)
        location = to_provider.headers["location"]
        code = fake_provider.authorize(location)
        query = query_of(location)
        back = f"{query['redirect_uri']}?code={code}&state={query['state']}"
        route.fulfill(response=to_provider, headers={**to_provider.headers, "location": back})

    page.route(lambda url: "/fi/fake/" in url, provider_answers)


@pytest.mark.parametrize("language", ["fr", "en", "ru"])
def test_the_chooser_and_the_confirmation_screen_on_a_phone(
    phone,
    screenshot,
    live_server,
    site,
    fake_provider,
    registered_fake,
    demo_register_knows_everyone,
    language,
):
    _browser_login(phone, live_server, site, fake_provider, language)
    screenshot(f"chooser-{language}")
    assert_nothing_clipped(phone, "body")
    assert_targets_apart(phone, "body")

    phone.locator("main .fr-tile a").first.click()
    phone.wait_for_url(lambda url: "/fi/retour?" in url)
    screenshot(f"confirmation-{language}")
    assert_nothing_clipped(phone, "body")
    assert_targets_apart(phone, "body")
