import pytest

from service_catalog.categories import categories_ensure


@pytest.fixture(autouse=True)
def categories(db):
    """Reference data from a migration: transactional tests elsewhere flush it."""
    categories_ensure()
