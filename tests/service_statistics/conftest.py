import pytest
from django.core.cache import cache
from django.utils import timezone

from franceconnect.infrastructure import counters
from service_statistics.passages import tally_name


@pytest.fixture(autouse=True)
def no_earlier_tallies():
    """Passages counted by earlier tests in this process are dropped, not sent."""
    counters._tallies_take()
    counters._tally_expiry_set.clear()  # the cache is emptied: the tallies' expiry goes with it
    cache.clear()
    yield
    counters._tallies_take()


@pytest.fixture
def passages_today():
    """Today's passages once this process's tallies are sent, as {step: count} (all sites)."""

    def read() -> dict[str, int]:
        counters.tallies_flush()
        counted: dict[str, int] = {}
        for field, count in counters.tally_read(tally_name(timezone.localdate())).items():
            step = field.split(":")[0]
            counted[step] = counted.get(step, 0) + count
        return counted

    return read
