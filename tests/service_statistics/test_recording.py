"""Where logins stop: one row per stop, at its step, with its code, site and identity provider, and
nothing about the person; passages counted in memory on the way, and no row for a login that
goes all the way."""

import re

import pytest
from django.db import DatabaseError

from demo.identity_register import DemoIdentityRegister
from franceconnect.federation.identity_register import NOT_FOUND
from franceconnect.federation.models import Connection
from service_statistics import services
from service_statistics.models import LoginStop
from tests.flow_fixtures import interaction_in, query_of

pytestmark = pytest.mark.django_db


def _stops() -> list[tuple[str, str]]:
    return list(LoginStop.objects.order_by("pk").values_list("step", "code"))


def test_a_login_that_goes_all_the_way_records_no_stop_and_counts_its_passages(
    partner, citizen, passages_today
):
    citizen.log_in_at_provider(partner.authorize())
    back = citizen.confirm()
    token = partner.token(query_of(back["Location"])["code"]).json()
    assert partner.userinfo(token["access_token"]).status_code == 200

    assert _stops() == []
    assert passages_today() == {
        "authorize": 1,
        "chooser": 1,
        "identity_provider": 1,
        "identity_check": 1,
        "confirmation": 1,
    }
    assert Connection.objects.count() == 1  # the last step is counted from the connections


def test_the_passages_are_counted_per_site_and_provider(partner, citizen, registered_fake):
    from django.utils import timezone

    from franceconnect.infrastructure import counters
    from service_statistics.passages import tally_name

    citizen.log_in_at_provider(partner.authorize())
    counters.tallies_flush()

    fields = counters.tally_read(tally_name(timezone.localdate()))
    site = partner.service_provider.pk
    assert fields[f"chooser:{site}:0"] == 1
    assert fields[f"identity_provider:{site}:{registered_fake.pk}"] == 1


def test_a_refused_authorization_request_stops_at_the_request(partner, citizen):
    response = partner.authorize(nonce="short")

    assert query_of(response["Location"])["error"] == "invalid_request"
    stop = LoginStop.objects.get()
    assert (stop.step, stop.code, stop.service_provider_id) == (
        "authorize",
        "invalid_request",
        partner.service_provider.pk,
    )


def test_an_unknown_client_stops_at_the_request_without_a_site(client):
    response = client.get("/api/v2/authorize", {"client_id": "nobody", "redirect_uri": "https://x.example/"})

    assert response.status_code == 400
    stop = LoginStop.objects.get()
    assert (stop.step, stop.service_provider_id) == ("authorize", None)


def test_going_back_to_the_site_from_the_chooser_stops_at_the_chooser(client, partner, citizen):
    chooser = partner.authorize()
    cancel = re.search(r'href="([^"]+/annuler/)"', chooser.content.decode()).group(1)

    client.get(cancel)

    assert _stops() == [("chooser", "back_to_site")]


def test_going_back_to_the_site_from_an_error_page_is_not_a_second_stop(
    client, partner, citizen, registered_fake
):
    chooser = partner.authorize()
    partner.service_provider.excluded_identity_providers.add(registered_fake)
    page = client.get(f"/connexion/{interaction_in(chooser)}/fi/fake/")
    way_back = re.search(r'href="([^"]+/annuler/[^"]*)"', page.content.decode()).group(1)

    client.get(way_back.replace("&amp;", "&"))

    assert _stops() == [("chooser", "provider_not_offered")]  # the error's, and no other


def test_a_provider_failure_stops_at_the_identity_provider(client, partner, citizen, registered_fake):
    chooser = partner.authorize()
    to_provider = client.get(f"/connexion/{interaction_in(chooser)}/fi/fake/")

    client.get("/fi/retour", {"error": "access_denied", "state": query_of(to_provider["Location"])["state"]})

    stop = LoginStop.objects.get()
    assert (stop.step, stop.code, stop.service_provider_id, stop.identity_provider_id) == (
        "identity_provider",
        "cancelled",
        partner.service_provider.pk,
        registered_fake.pk,
    )


def test_an_answer_for_an_unknown_state_stops_at_the_identity_provider(client):
    client.get("/fi/retour", {"code": "x", "state": "never-sent"})

    assert _stops() == [("identity_provider", "state_mismatch")]


def test_an_identity_unknown_to_the_register_stops_at_the_identity_check(
    partner, citizen, monkeypatch, passages_today
):
    monkeypatch.setattr(DemoIdentityRegister, "check", lambda self, identity: NOT_FOUND)

    assert citizen.log_in_at_provider(partner.authorize()).status_code == 403

    assert _stops() == [("identity_check", "identity_not_verified")]
    assert passages_today()["identity_check"] == 1 and "confirmation" not in passages_today()


def test_cancelling_on_the_confirmation_screen_stops_at_the_confirmation(partner, citizen):
    citizen.log_in_at_provider(partner.authorize())

    partner.client.post(citizen.confirmation_path, {"cancel": ""})

    assert _stops() == [("confirmation", "back_to_site")]


def test_an_account_disabled_during_the_confirmation_stops_there(partner, citizen):
    from franceconnect.federation.models import User

    citizen.log_in_at_provider(partner.authorize())
    User.objects.filter(account_key__isnull=False).update(is_active=False)

    citizen.confirm()

    assert _stops() == [("confirmation", "account_disabled")]


def test_a_refused_code_exchange_is_recorded_with_its_site(partner, citizen):
    citizen.log_in_at_provider(partner.authorize())
    code = query_of(citizen.confirm()["Location"])["code"]

    assert partner.token(code, client_secret="wrong").status_code == 401

    stop = LoginStop.objects.get()
    assert (stop.step, stop.code, stop.service_provider_id) == (
        "token",
        "invalid_client",
        partner.service_provider.pk,
    )


def test_an_invalid_access_token_at_userinfo_is_recorded(partner):
    assert partner.userinfo("not-a-token").status_code == 401

    assert _stops() == [("userinfo", "invalid_token")]


def test_a_stop_holds_no_personal_data():
    fields = {field.name for field in LoginStop._meta.get_fields()}

    assert fields == {"id", "occurred_at", "step", "code", "service_provider", "identity_provider"}


def test_a_database_that_cannot_record_the_stop_does_not_change_the_answer(partner, citizen, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("down")

    monkeypatch.setattr(services.LoginStop.objects, "create", broken)

    response = partner.authorize(nonce="short")

    assert query_of(response["Location"])["error"] == "invalid_request"
