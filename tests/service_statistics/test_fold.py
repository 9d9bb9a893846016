"""The beat task folds the day's passages (Redis) and the rows the portal keeps (connections,
e-mails, health checks) into daily figures: set, not added, so that it can run twice or late."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from franceconnect.federation.services import personal_data_purge
from franceconnect.infrastructure import counters
from notifications.models import Notification
from service_statistics.models import DailyFigure, LoginStop
from service_statistics.passages import passage
from service_statistics.services import daily_figures_fold
from service_statistics.tasks import statistics_fold
from tests.service_statistics.factories import (
    PARIS,
    connection_at,
    health_check_at,
    provider_create,
    security_email_at,
    site_create,
)

pytestmark = pytest.mark.django_db


def _figures(figure) -> set[tuple]:
    return set(
        DailyFigure.objects.filter(figure=figure).values_list(
            "day", "label", "service_provider_pk", "identity_provider_pk", "count"
        )
    )


@pytest.fixture
def site():
    return site_create("Impots")


@pytest.fixture
def provider():
    return provider_create("impots", "impots.gouv.fr")


def test_passages_are_folded_from_redis_and_folding_again_sets_the_same_counts(site, provider):
    today = timezone.localdate()
    for _ in range(3):
        passage("chooser", site=site)
    passage("identity_provider", site=site, identity_provider_pk=provider.pk)
    counters.tallies_flush()

    statistics_fold()
    first = _figures(DailyFigure.Figure.PASSAGES)
    statistics_fold()

    assert (
        first
        == _figures(DailyFigure.Figure.PASSAGES)
        == {
            (today, "chooser", site.pk, 0, 3),
            (today, "identity_provider", site.pk, provider.pk, 1),
        }
    )


def test_a_later_fold_takes_the_new_total_instead_of_adding(site):
    passage("chooser", site=site)
    counters.tallies_flush()
    daily_figures_fold()
    passage("chooser", site=site)
    counters.tallies_flush()

    daily_figures_fold()

    assert DailyFigure.objects.get(figure="passages").count == 2


def test_passages_ride_the_next_requests_counters(site):
    from franceconnect.infrastructure.counters import Counted, count_requests, parse_rate

    passage("chooser", site=site)
    count_requests([Counted("test:ip", "192.0.2.1", parse_rate("10/m"))])  # no flush of its own

    assert counters.tally_read(f"steps:{timezone.localdate():%Y%m%d}") == {f"chooser:{site.pk}:0": 1}


def test_without_redis_the_passages_go_through_the_cache(settings, site):
    settings.REDIS_URL = ""
    passage("chooser", site=site)
    passage("chooser", site=site)
    counters.tallies_flush()

    daily_figures_fold()

    assert DailyFigure.objects.get(figure="passages").count == 2


def test_an_expired_tally_leaves_the_folded_count_alone(site):
    passage("chooser", site=site)
    counters.tallies_flush()
    daily_figures_fold()
    from django.core.cache import cache

    cache.clear()  # Redis forgot the day (expired, or restarted)

    daily_figures_fold()

    assert DailyFigure.objects.get(figure="passages").count == 1


def test_connections_emails_and_health_checks_are_counted_per_day_in_paris(site, provider):
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    noon = datetime.combine(today, datetime.min.time(), PARIS) + timedelta(hours=12)
    # 00:30 in Paris is still the day before in UTC: it counts for today.
    just_after_midnight = datetime.combine(today, datetime.min.time(), PARIS) + timedelta(minutes=30)
    connection_at(noon, site, provider)
    connection_at(just_after_midnight, site, provider)
    connection_at(just_after_midnight - timedelta(hours=1), site, None)
    security_email_at(noon, Notification.Status.SENT)
    security_email_at(noon, Notification.Status.FAILED)
    health_check_at(noon, provider, ok=True)
    health_check_at(noon, provider, ok=False)
    health_check_at(noon - timedelta(hours=1), provider, ok=True)

    statistics_fold()
    statistics_fold()

    assert _figures(DailyFigure.Figure.CONNECTIONS) == {
        (today, "", site.pk, provider.pk, 2),
        (yesterday, "", site.pk, 0, 1),
    }
    # What the dashboard reads: per day and site, per day and provider (far fewer rows at scale).
    assert _figures(DailyFigure.Figure.CONNECTIONS_BY_SITE) == {
        (today, "", site.pk, 0, 2),
        (yesterday, "", site.pk, 0, 1),
    }
    assert _figures(DailyFigure.Figure.CONNECTIONS_BY_PROVIDER) == {
        (today, "", 0, provider.pk, 2),
        (yesterday, "", 0, 0, 1),
    }
    assert _figures(DailyFigure.Figure.SECURITY_EMAILS) == {
        (today, "sent", 0, 0, 1),
        (today, "failed", 0, 0, 1),
    }
    assert _figures(DailyFigure.Figure.HEALTH_CHECKS) == {
        (today, "ok", 0, provider.pk, 2),
        (today, "failed", 0, provider.pk, 1),
    }


def test_an_email_sent_since_the_last_fold_moves_from_pending_to_sent(site, provider):
    email = security_email_at(timezone.now(), Notification.Status.PENDING)
    daily_figures_fold()
    Notification.objects.filter(pk=email.pk).update(status=Notification.Status.SENT)

    daily_figures_fold()

    assert [label for _d, label, *_rest in _figures(DailyFigure.Figure.SECURITY_EMAILS)] == ["sent"]


def test_the_nightly_purge_deletes_statistics_past_their_period(settings):
    settings.STATISTICS_RETENTION_DAYS = 30
    old = timezone.now() - timedelta(days=31)
    LoginStop.objects.create(step="chooser", code="back_to_site", occurred_at=old)
    LoginStop.objects.create(step="chooser", code="back_to_site")
    DailyFigure.objects.create(figure="connections", day=timezone.localdate(old), count=1)
    DailyFigure.objects.create(figure="connections", day=timezone.localdate(), count=1)

    assert personal_data_purge().statistics == 2

    assert LoginStop.objects.count() == 1 and DailyFigure.objects.count() == 1


@pytest.mark.skipif(not counters.settings.REDIS_URL, reason="the Redis path")
def test_a_days_tally_expires_after_a_week_and_more(site):
    passage("chooser", site=site)
    counters.tallies_flush()

    ttl = counters._client().ttl(f"{counters.TALLY_PREFIX}steps:{timezone.localdate():%Y%m%d}")

    assert counters.TALLY_LIFETIME_SECONDS - 60 < ttl <= counters.TALLY_LIFETIME_SECONDS
