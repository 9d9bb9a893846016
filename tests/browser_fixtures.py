"""Browser fixtures: Playwright driving Debian's Chromium against pytest-django's live server.

Chromium comes from Debian (``apt-get install chromium``); Playwright never downloads a browser.
Without it these tests are skipped, unless REQUIRE_BROWSER=1 (as in CI) makes that a failure.
"""

import json
import os
import re
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ROOT = Path(__file__).resolve().parents[1]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        message = f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)."
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and page.console_errors.append(f"{message.text} ({message.location.get('url', '')})")
        ),
    )
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request):
    """Save a full-page screenshot under artifacts/screenshots/<test>-<label>.png."""

    def take(label: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{request.node.originalname}-{label}")
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def axe_serious_violations(page):
    """Run axe-core in the page and return the violations of serious or critical impact."""

    def run() -> list[dict]:
        if not AXE_SCRIPT.exists():
            pytest.fail(f"{AXE_SCRIPT} is missing: run `npm ci` (make test does it).")
        # Evaluated through the DevTools protocol: the page's CSP forbids injected script tags.
        page.evaluate(AXE_SCRIPT.read_text())
        results = page.evaluate("async () => await axe.run(document)")
        return [
            {
                "id": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "targets": [node["target"] for node in violation["nodes"]],
            }
            for violation in results["violations"]
            if violation["impact"] in {"serious", "critical"}
        ]

    return run


def format_violations(violations: list[dict]) -> str:
    return json.dumps(violations, indent=2, ensure_ascii=False)
