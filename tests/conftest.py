import os

# Playwright's synchronous API runs an event loop in the test thread; Django must allow
# synchronous database access from it for the live server fixtures.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The browser fixtures (chromium, page, screenshot, axe) serve tests/browser and tests/e2e.
pytest_plugins = ["tests.browser_fixtures"]
