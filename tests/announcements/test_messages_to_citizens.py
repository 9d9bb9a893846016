"""Operators' messages to citizens: banners on every page between two dates, and a provider's
warning read before the citizen is sent there (FranceConnect's « modale »)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from announcements.models import Banner
from tests.flow_fixtures import query_of, shows_the_chooser

pytestmark = pytest.mark.django_db


def _banner(**fields) -> Banner:
    now = timezone.now()
    values = {
        "message_fr": "Maintenance prévue le 3 décembre de 22 h à minuit.",
        "message_en": "Maintenance planned on 3 December from 10 pm to midnight.",
        "starts_at": now - timedelta(hours=1),
        "ends_at": now + timedelta(hours=1),
        **fields,
    }
    return Banner.objects.create(**values)


def test_a_published_banner_is_on_every_page_in_the_reader_s_language(client):
    _banner()

    french = client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    russian = client.get("/ru/contact/").content.decode()

    assert "Maintenance prévue le 3 décembre" in french
    assert "Maintenance planned on 3 December" in english
    assert "Maintenance prévue le 3 décembre" in russian  # no Russian text: the French one


@pytest.mark.parametrize(
    "fields",
    [
        {"starts_at": timezone.now() + timedelta(hours=1), "ends_at": timezone.now() + timedelta(hours=2)},
        {"starts_at": timezone.now() - timedelta(hours=2), "ends_at": timezone.now() - timedelta(hours=1)},
        {"is_published": False},
    ],
    ids=["not-yet", "over", "unpublished"],
)
def test_a_banner_outside_its_dates_or_unpublished_is_not_shown(client, fields):
    _banner(**fields)

    assert "Maintenance prévue" not in client.get("/").content.decode()


def test_banners_cost_a_page_no_query_once_read(client, django_assert_num_queries):
    _banner()
    client.get("/")

    with django_assert_num_queries(0):
        assert "Maintenance prévue" in client.get("/accessibilite/").content.decode()


def test_a_provider_s_warning_is_read_before_the_citizen_is_sent_there(
    partner, citizen, registered_fake, client
):
    registered_fake.warning_fr = "Le service de connexion de ce fournisseur change d'adresse ce mois-ci."
    registered_fake.save()
    chooser = partner.authorize()
    assert shows_the_chooser(chooser)
    link = next(choice["url"] for choice in chooser.context["choices"])

    warning = client.get(link)

    assert warning.status_code == 200
    html = warning.content.decode()
    assert "change d&#x27;adresse ce mois-ci" in html or "change d'adresse ce mois-ci" in html
    onward = client.get(f"{link}?avertissement=lu")
    assert onward.status_code == 302 and query_of(onward["Location"])["state"]  # off to the provider


def test_a_provider_hinted_by_the_site_shows_its_warning_too(partner, citizen, registered_fake):
    registered_fake.warning_fr = "Attention : incident en cours."
    registered_fake.save()

    answer = partner.authorize(idp_hint="fake")

    assert answer.status_code == 302 and answer["Location"].endswith("/fi/fake/")


def test_a_provider_without_a_warning_sends_the_citizen_straight_there(
    partner, citizen, registered_fake, client
):
    chooser = partner.authorize()
    link = next(choice["url"] for choice in chooser.context["choices"])

    assert client.get(link).status_code == 302
