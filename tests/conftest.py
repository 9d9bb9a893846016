import os

import pytest

# Playwright's synchronous API runs an event loop in the test thread; Django must allow
# synchronous database access from it for the live server fixtures.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Fixtures shared across the test packages.
pytest_plugins = [
    "tests.browser_fixtures",
    "tests.identity_provider_fixtures",
    "tests.flow_fixtures",
    "tests.server_fixtures",
    "tests.staff_fixtures",
]


@pytest.fixture(autouse=True)
def configuration_memo_renewed(request):
    """Rolled-back test transactions send no signals: each test starts with the memo renewed."""
    if "django_db_setup" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        yield  # no database, no memo to renew (and no cache needed)
        return
    from franceconnect.infrastructure.cache import CONFIGURATION

    CONFIGURATION.changed()
    yield


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the portal's default language, whatever language the test before it
    activated in this thread (a view's request activates one and may leave it)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
