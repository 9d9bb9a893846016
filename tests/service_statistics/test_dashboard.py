"""The statistics dashboard: exact figures on known data, who may see it, bounded periods, CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.utils import timezone

from franceconnect.federation.models import User
from franceconnect.federation.staff_roles import AUDITORS, OPERATORS, SUPPORT_AGENTS, staff_roles_ensure
from service_statistics import selectors
from service_statistics.models import DailyFigure, LoginStop
from service_statistics.selectors import Period
from service_statistics.services import connection_figures_coarser
from tests.service_statistics.factories import provider_create, site_create
from tests.staff_fixtures import second_factor_verify

pytestmark = pytest.mark.django_db

CONNECTIONS, PASSAGES, EMAILS, CHECKS = (
    DailyFigure.Figure.CONNECTIONS,
    DailyFigure.Figure.PASSAGES,
    DailyFigure.Figure.SECURITY_EMAILS,
    DailyFigure.Figure.HEALTH_CHECKS,
)


def _coarser_figures():
    """The per site and per provider figures the fold derives from the connections' (services)."""
    DailyFigure.objects.exclude(figure=CONNECTIONS).filter(figure__startswith="connections").delete()
    DailyFigure.objects.bulk_create(
        connection_figures_coarser(DailyFigure.objects.filter(figure=CONNECTIONS))
    )


@pytest.fixture
def known():
    """Two sites, two providers; today, yesterday, and 8 and 10 days ago (outside 7 days)."""
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    impots, caf = site_create("Impots"), site_create("CAF")
    x, y = provider_create("x", "impots.gouv.fr"), provider_create("y", "ameli.fr")

    def figure(figure, day, count, *, label="", site=0, provider=0):
        DailyFigure.objects.create(
            figure=figure,
            day=day,
            label=label,
            service_provider_pk=site.pk if site else 0,
            identity_provider_pk=provider.pk if provider else 0,
            count=count,
        )

    figure(CONNECTIONS, today, 3, site=impots, provider=x)
    figure(CONNECTIONS, today, 2, site=caf, provider=y)
    figure(CONNECTIONS, yesterday, 1, site=impots, provider=y)
    figure(CONNECTIONS, today - timedelta(days=8), 100, site=impots, provider=x)
    for step, count in [
        ("authorize", 10),
        ("chooser", 8),
        ("identity_provider", 7),
        ("hinted", 1),
        ("identity_check", 6),
        ("confirmation", 5),
        ("single_sign_on", 2),
    ]:
        figure(PASSAGES, today, count, label=step, site=impots)
    for step, code in [
        ("authorize", "invalid_request"),
        ("authorize", "invalid_request"),
        ("identity_provider", "cancelled"),
        ("identity_check", "identity_not_verified"),
        ("token", "invalid_grant"),
    ]:
        LoginStop.objects.create(step=step, code=code, service_provider=impots)
    LoginStop.objects.create(
        step="chooser", code="back_to_site", occurred_at=timezone.now() - timedelta(days=10)
    )
    figure(EMAILS, today, 4, label="sent")
    figure(EMAILS, today, 1, label="failed")
    figure(EMAILS, yesterday, 1, label="skipped")
    figure(CHECKS, today, 3, label="ok", provider=x)
    figure(CHECKS, today, 1, label="failed", provider=x)
    figure(CHECKS, today, 2, label="ok", provider=y)
    _coarser_figures()
    return {"today": today, "yesterday": yesterday, "sites": (impots, caf), "providers": (x, y)}


def test_connections_per_day_by_site_and_by_provider(known):
    period = Period.of(7)

    by_site = selectors.connections_per_day(period, by="site")
    by_provider = selectors.connections_per_day(period, by="provider")

    assert [series.name for series in by_site.series] == ["Impots", "CAF"]
    assert dict(by_site.rows)[known["today"]] == [3, 2]
    assert dict(by_site.rows)[known["yesterday"]] == [1, 0]
    assert by_site.totals == [4, 2]
    assert [series.name for series in by_provider.series] == ["impots.gouv.fr", "ameli.fr"]
    assert by_provider.totals == [3, 3]
    assert len(by_site.days) == 7 and by_site.days[-1] == known["today"]


def test_beyond_the_top_sites_the_others_are_added_up(known, monkeypatch):
    monkeypatch.setattr(selectors, "TOP", 1)
    extra = [site_create(name) for name in ("Retraite", "Emploi")]
    for site in extra:
        DailyFigure.objects.create(
            figure=CONNECTIONS, day=known["today"], service_provider_pk=site.pk, count=1
        )
    _coarser_figures()

    chart = selectors.connections_per_day(Period.of(7), by="site")

    assert [(series.name, total) for series, total in zip(chart.series, chart.totals, strict=True)] == [
        ("Impots", 4),
        ("autres", 4),
    ]


def test_where_logins_stop(known):
    steps, connections = selectors.funnel(Period.of(7))

    assert connections == 6
    assert [
        (step.step, step.reached if step.went_on is not None else None, step.stopped) for step in steps
    ] == [
        ("authorize", 12, 2),
        ("chooser", 8, 2),
        ("identity_provider", 7, 1),
        ("identity_check", 6, 1),
        ("confirmation", 7, 1),
        ("token", None, 1),
        ("userinfo", None, 0),
    ]
    by_step = {step.step: step for step in steps}
    assert by_step["authorize"].errors == [("invalid_request", 2)]
    assert by_step["authorize"].stopped_share == 16.7
    assert by_step["chooser"].errors == []  # the one 10 days ago is outside the period
    assert by_step["identity_check"].errors == [("identity_not_verified", 1)]


def test_security_emails_and_provider_availability(known):
    emails = selectors.security_emails_per_day(Period.of(7))
    availability = selectors.availability_per_day(Period.of(7))

    assert [series.name for series in emails.series] == ["envoyée", "en attente", "sans objet", "échouée"]
    assert dict(emails.rows)[known["today"]] == [4, 0, 0, 1]
    assert dict(emails.rows)[known["yesterday"]] == [0, 0, 1, 0]
    assert [series.name for series in availability.series] == ["ameli.fr", "impots.gouv.fr"]
    assert dict(availability.rows)[known["today"]] == [100.0, 75.0]
    assert dict(availability.rows)[known["yesterday"]] == [None, None]


def _staff(client, role: str | None):
    staff_roles_ensure(django_apps)
    user = User.objects.create_user(f"staff-{role}", password="a long password 42", is_staff=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    second_factor_verify(client, user)
    return client


@pytest.mark.parametrize(
    ("role", "status"), [(AUDITORS, 200), (OPERATORS, 200), (SUPPORT_AGENTS, 403), (None, 403)]
)
def test_operators_and_auditors_see_the_dashboard_support_agents_do_not(client, role, status):
    client = _staff(client, role)

    assert client.get("/admin/statistiques/").status_code == status
    assert client.get("/admin/statistiques/export.csv").status_code == status
    assert ('href="/admin/statistiques/"' in client.get("/admin/").content.decode()) is (status == 200)


def test_the_dashboard_needs_a_verified_staff_session(client, admin_user):
    client.force_login(admin_user)  # no second factor

    response = client.get("/admin/statistiques/")

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_page_shows_the_figures_of_the_period(admin_client, known):
    page = admin_client.get("/admin/statistiques/", {"jours": "7"}).content.decode()

    assert "6 connexions sur la période" in page
    assert '<a href="?jours=7" aria-current="page">' in page
    assert "<code>invalid_request</code>&nbsp;: 2" in page
    assert "<bar-chart" in page and "DSFRChart.umd.js" in page


@pytest.mark.parametrize(
    ("asked", "days"), [("7", 7), ("90", 90), ("365", 30), ("abc", 30), ("-7", 30), ("", 30)]
)
def test_the_period_is_one_of_three_and_anything_else_is_the_default(admin_client, asked, days):
    response = admin_client.get("/admin/statistiques/", {"jours": asked})

    assert response.status_code == 200
    assert response.context["days"] == days and len(response.context["by_site"].days) == days


def _csv(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_the_csv_holds_every_figure_with_french_headers(admin_client, known):
    response = admin_client.get("/admin/statistiques/export.csv", {"jours": "7"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="statistiques-')
    rows = _csv(response)
    assert rows[0] == [
        "section",
        "jour",
        "site",
        "fournisseur d'identité",
        "étape",
        "code d'erreur",
        "statut",
        "nombre",
        "part (%)",
    ]
    today = known["today"].isoformat()
    assert ["connexions par jour et par site", today, "Impots", "", "", "", "", "3", ""] in rows
    assert [
        "connexions par jour et par fournisseur d'identité",
        today,
        "",
        "ameli.fr",
        "",
        "",
        "",
        "2",
        "",
    ] in rows
    assert ["parcours : passages par étape", "", "", "", "authorize", "", "", "12", "16.7"] in rows
    assert ["parcours : erreurs par étape", "", "", "", "token", "invalid_grant", "", "1", ""] in rows
    assert ["e-mails de sécurité par jour et par statut", today, "", "", "", "", "failed", "1", ""] in rows
    assert [
        "disponibilité des fournisseurs d'identité par jour",
        today,
        "",
        "impots.gouv.fr",
        "",
        "",
        "",
        "",
        "75.0",
    ] in rows
    assert len({len(row) for row in rows}) == 1


def test_the_csv_holds_no_personal_data(admin_client, known):
    from service_statistics.services import daily_figures_fold
    from tests.service_statistics.factories import connection_at, security_email_at

    impots, _caf = known["sites"]
    connection = connection_at(timezone.now(), impots, known["providers"][0])
    security_email_at(timezone.now(), "sent")
    daily_figures_fold()

    body = admin_client.get("/admin/statistiques/export.csv").content.decode()

    for personal in (connection.reference, connection.citizen.username, "angela", "DUBOIS", "@"):
        assert personal not in body


def test_a_site_name_cannot_become_a_spreadsheet_formula(admin_client, known):
    impots, _caf = known["sites"]
    type(impots).objects.filter(pk=impots.pk).update(name="=HYPERLINK(1)")

    rows = _csv(admin_client.get("/admin/statistiques/export.csv", {"jours": "7"}))

    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_the_dashboard_reads_a_handful_of_queries(admin_client, known, django_assert_max_num_queries):
    admin_client.get("/admin/statistiques/")  # the session, the user and the device, read once

    with django_assert_max_num_queries(14):
        admin_client.get("/admin/statistiques/", {"jours": "90"})


def test_the_charts_read_the_per_site_and_per_provider_figures_not_the_cross_product(known):
    """With 5,000 sites and 50 providers there are nearly as many per day, site and provider figures
    as connections (issue 20: 9.6 million for 10 million connections); the dashboard reads the
    figures per day and site, and per day and provider."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        selectors.connections_per_day(Period.of(90), by="site")
        selectors.connections_per_day(Period.of(90), by="provider")
        selectors.funnel(Period.of(90))

    assert not [q["sql"] for q in queries if "\"figure\" = 'connections'" in q["sql"]]
    assert [q for q in queries if "'connections_site'" in q["sql"]]
