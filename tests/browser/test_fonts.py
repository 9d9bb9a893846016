"""One font draws each Russian text: DSFR's Marianne has no Cyrillic, and Russian words mixed with
Latin ones (« FranceConnect », digits) were drawn half in Marianne, half in a fallback font."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def fonts_drawing(page, selector: str) -> set[str]:
    """The fonts Chromium really used for the text of this element (DevTools protocol)."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    document = session.send("DOM.getDocument", {"depth": 0})
    node = session.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector})
    used: set[str] = set()
    # The text nodes of the element (and of its descendants) carry the fonts.
    described = session.send("DOM.describeNode", {"nodeId": node["nodeId"], "depth": -1})

    def text_nodes(described_node):
        for child in described_node.get("children", []):
            if child["nodeType"] == 3 and child["nodeValue"].strip():
                yield child["backendNodeId"]
            yield from text_nodes(child)

    parents = session.send(
        "DOM.pushNodesByBackendIdsToFrontend", {"backendNodeIds": list(text_nodes(described["node"]))}
    )
    for node_id in parents["nodeIds"]:
        for font in session.send("CSS.getPlatformFontsForNode", {"nodeId": node_id})["fonts"]:
            used.add(font["familyName"])
    session.detach()
    return used


RUSSIAN_TEXTS = [
    "main h1",
    "main .fr-text--lead",
    "#fr-navigation",
    ".fr-translate__btn",
    "footer .fr-footer__content-desc",
]


def test_russian_pages_draw_every_text_in_one_font(page):
    page.goto("/ru/")

    fonts = {selector: fonts_drawing(page, selector) for selector in RUSSIAN_TEXTS}

    assert all(len(used) == 1 for used in fonts.values()), fonts
    assert len(set().union(*fonts.values())) == 1, fonts
    assert "Marianne" not in set().union(*fonts.values())
    assert fonts_drawing(page, ".fr-header .fr-logo") == {"Marianne"}  # the State's logo stays as it is


def test_french_pages_keep_marianne(page):
    page.goto("/")

    assert fonts_drawing(page, "main h1") == {"Marianne"}
    # The switcher names Russian in Russian: that name too is drawn in one font.
    assert len(fonts_drawing(page, '.fr-translate__language[hreflang="ru"]')) == 1
