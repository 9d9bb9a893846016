"""A site's statistics in the partner space: exact figures over 7 and 30 days, only that site's,
no personal data, readable by every role, 404 for another organisation's site."""

from datetime import timedelta

import pytest
from django.utils import timezone

from franceconnect.federation.services import service_provider_register
from partner_space.models import Role
from service_statistics.models import DailyFigure, LoginStop
from tests.partner_space.conftest import log_in, member_add, person_make

pytestmark = pytest.mark.django_db


def _other_site():
    site, _secret = service_provider_register(
        name="Autre",
        redirect_uris=["https://autre.example/cb"],
        post_logout_redirect_uris=[],
        algorithm="ES256",
        scopes=["openid"],
    )
    return site


@pytest.fixture
def figures(sandbox_site):
    other = _other_site()
    today = timezone.localdate()
    now = timezone.now()
    for site, day, count in [
        (sandbox_site, today, 3),
        (sandbox_site, today - timedelta(days=2), 2),
        (sandbox_site, today - timedelta(days=20), 5),
        (other, today, 40),
    ]:
        DailyFigure.objects.create(
            figure=DailyFigure.Figure.CONNECTIONS, day=day, service_provider_pk=site.pk, count=count
        )
    for site, ago, step, code in [
        (sandbox_site, timedelta(minutes=5), "token", "invalid_client"),
        (sandbox_site, timedelta(hours=2), "token", "invalid_client"),
        (sandbox_site, timedelta(hours=3), "authorize", "invalid_scope"),
        (sandbox_site, timedelta(days=15), "userinfo", "invalid_token"),
        (other, timedelta(minutes=1), "authorize", "invalid_request"),
    ]:
        LoginStop.objects.create(occurred_at=now - ago, step=step, code=code, service_provider=site)
    return sandbox_site


def test_seven_days(logged_in, figures):
    page = logged_in.get(f"/partenaires/sites/{figures.pk}/statistiques/?jours=7")

    assert page.status_code == 200 and page.context["days"] == 7
    assert page.context["connections"] == 5
    assert page.context["logins"].totals == [5]
    assert [(code, count) for code, count, _meaning in page.context["failures_by_code"]] == [
        ("invalid_client", 2),
        ("invalid_scope", 1),
    ]
    assert [stop.code for stop, _meaning in page.context["last_errors"]] == [
        "invalid_client",
        "invalid_client",
        "invalid_scope",
    ]
    assert sum(page.context["failures"].totals) == 3
    html = page.content.decode()
    assert "invalid_request" not in html and "Autre" not in html  # nothing of the other site


def test_thirty_days(logged_in, figures):
    page = logged_in.get(f"/partenaires/sites/{figures.pk}/statistiques/?jours=30")

    assert page.context["connections"] == 10
    assert ("invalid_token", 1) in [(code, count) for code, count, _m in page.context["failures_by_code"]]
    assert all(stop.code != "invalid_request" for stop, _m in page.context["last_errors"])


def test_any_other_period_is_thirty_days(logged_in, figures):
    assert logged_in.get(f"/partenaires/sites/{figures.pk}/statistiques/?jours=90").context["days"] == 30


def test_every_role_reads_them_and_no_one_else(client, figures, organisation):
    reader = person_make("lecteur@partenaire.example")
    member_add(organisation, reader, Role.READER)
    log_in(client, reader)
    assert client.get(f"/partenaires/sites/{figures.pk}/statistiques/").status_code == 200

    stranger = person_make("autre@ailleurs.example")
    client.post("/partenaires/deconnexion/")
    log_in(client, stranger)
    assert client.get(f"/partenaires/sites/{figures.pk}/statistiques/").status_code == 404
