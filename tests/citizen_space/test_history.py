from datetime import timedelta

import pytest
from django.utils import timezone, translation

from citizen_space.history import DATA_LABELS
from franceconnect.federation.models import Connection, User
from franceconnect.federation.services import service_provider_register
from tests.citizen_space.space_fixtures import follow_return, space_sign_in
from tests.flow_fixtures import REDIRECT_URI, Partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_partner(client):
    site, secret = service_provider_register(
        name="Impôts",
        redirect_uris=[REDIRECT_URI],
        post_logout_redirect_uris=[],
        algorithm="ES256",
        scopes=["openid", "given_name", "family_name"],
    )
    return Partner(client, site, secret)


def _connect(citizen, partner, **params):
    page = partner.authorize(**params)
    if page.status_code == 200 and "franceconnect/confirmation.html" in {t.name for t in page.templates}:
        citizen.read_confirmation(page)
    else:
        citizen.log_in_at_provider(page)
    assert citizen.confirm()["Location"].startswith(REDIRECT_URI)


def _space(client, citizen):
    follow_return(client, space_sign_in(client, citizen))
    return client.get("/mon-espace/")


def test_the_history_lists_each_connection_with_its_data_labels_and_reference(
    client, citizen, partner, second_partner
):
    _connect(citizen, partner)
    _connect(citizen, second_partner, scope="openid given_name family_name")

    page = _space(client, citizen)

    summaries = {summary.site_name: summary for summary in page.context["summaries"]}
    assert set(summaries) == {"Site partenaire", "Impôts", "Mon espace FranceConnect"}
    with translation.override("fr"):  # the page's language
        assert summaries["Impôts"].data == [
            str(DATA_LABELS[name]) for name in ("sub", "given_name", "family_name")
        ]
    assert (
        len(summaries["Site partenaire"].data) == 8
    )  # sub, the six of the pivot identity, the e-mail address
    html = page.content.decode()
    for connection in Connection.objects.all():
        assert connection.reference in html
    # Names of data, never their values: the birth date the site received is not shown.
    assert "1962" not in html.split("<main", 1)[1]


def test_the_history_is_filtered_by_site(client, citizen, partner, second_partner):
    _connect(citizen, partner)
    _connect(citizen, second_partner, scope="openid given_name")
    _space(client, citizen)

    page = client.get("/mon-espace/", {"site": second_partner.service_provider.pk})

    assert [entry["connection"].service_provider.name for entry in page.context["entries"]] == ["Impôts"]
    ignored = client.get("/mon-espace/", {"site": "999999"})  # not one of the citizen's sites: every site
    assert len(ignored.context["entries"]) == 3


def test_the_history_shows_only_the_citizen_s_own_connections_of_the_period(
    client, citizen, partner, settings
):
    _connect(citizen, partner)
    mine = Connection.objects.get()
    someone_else = User.objects.create(username="citizen-other", account_key="0" * 64)
    Connection.objects.create(
        reference="CX-OTHERONE1",
        citizen=someone_else,
        service_provider=partner.service_provider,
        acr="eidas1",
    )
    old = Connection.objects.create(
        reference="CX-OLDONE001",
        citizen=mine.citizen,
        service_provider=partner.service_provider,
        acr="eidas1",
    )
    Connection.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=settings.CITIZEN_SPACE_HISTORY_DAYS + 1)
    )

    page = _space(client, citizen)

    shown = {entry["connection"].reference for entry in page.context["entries"]}
    assert mine.reference in shown and "CX-OTHERONE1" not in shown and "CX-OLDONE001" not in shown


def test_the_history_is_paginated_newest_first(client, citizen, partner):
    _connect(citizen, partner)
    account = Connection.objects.get().citizen
    Connection.objects.bulk_create(
        Connection(
            reference=f"CX-PAGE{n:05d}",
            citizen=account,
            service_provider=partner.service_provider,
            acr="eidas1",
        )
        for n in range(25)
    )

    first = _space(client, citizen)
    second = client.get("/mon-espace/", {"page": 2})

    assert first.context["page"].paginator.count == 27  # 25, the site's and the space's own
    assert len(first.context["entries"]) == 20 and len(second.context["entries"]) == 7
    times = [entry["connection"].created_at for entry in first.context["entries"]]
    assert times == sorted(times, reverse=True)


def test_the_history_costs_a_fixed_number_of_queries(client, citizen, partner, django_assert_max_num_queries):
    _connect(citizen, partner)
    account = Connection.objects.get().citizen
    Connection.objects.bulk_create(
        Connection(
            reference=f"CX-MANY{n:05d}",
            citizen=account,
            service_provider=partner.service_provider,
            acr="eidas1",
        )
        for n in range(60)
    )
    _space(client, citizen)

    with django_assert_max_num_queries(6):
        assert client.get("/mon-espace/").status_code == 200
