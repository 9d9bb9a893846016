import os

# Playwright's synchronous API runs an event loop in the test thread; Django must allow
# synchronous database access from it for the live server fixtures.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Fixtures shared across the test packages.
pytest_plugins = [
    "tests.browser_fixtures",
    "tests.identity_provider_fixtures",
    "tests.flow_fixtures",
    "tests.server_fixtures",
]
