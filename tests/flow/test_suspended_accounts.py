"""A suspended account: its single sign-on ends, its logins end on « Votre compte est suspendu »
with the way to support, nothing reaches the site, and each refusal is recorded."""

import html
from urllib.parse import unquote

import pytest

from franceconnect.federation import suspension
from franceconnect.federation.models import Connection, LoginPolicyChange, RefusedLogin, User
from service_statistics.models import LoginStop
from support.prefill import prefill_from
from tests.flow_fixtures import query_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(django_user_model):
    return django_user_model.objects.create_user("operator-1", is_staff=True)


@pytest.fixture
def known_account(partner, citizen):
    """The citizen logged in once (their account exists), then logged out."""
    citizen.log_in_at_provider(partner.authorize())
    citizen.confirm()
    citizen.client.post("/se-deconnecter/")
    return User.objects.get(account_key__isnull=False)


def test_the_next_login_of_a_suspended_account_is_refused_and_recorded(
    partner, citizen, known_account, operator
):
    suspension.account_suspend(account=known_account, operator=operator, reason="Usurpation, DS-2026-000042")

    page = citizen.log_in_at_provider(partner.authorize())

    assert page.status_code == 403
    text = html.unescape(page.content.decode())
    assert "Votre compte est suspendu" in text and "account_suspended" in text
    assert "Revenir sur Site partenaire" in text
    signed = text.split("/contact/?p=")[1].split('"')[0]
    assert prefill_from(unquote(signed))["category"] == "account_suspended"
    refusal = RefusedLogin.objects.get()
    assert refusal.cause == "suspended" and refusal.account == known_account
    # The statistics count where it stopped, without the account.
    assert list(LoginStop.objects.values_list("step", "code")) == [("identity_check", "account_suspended")]
    assert Connection.objects.count() == 1  # the first login's only
    assert (
        citizen.confirmation_path is None or citizen.client.get(citizen.confirmation_path).status_code != 200
    )


def test_a_suspension_ends_the_single_sign_on_before_anything_is_released(partner, citizen, operator):
    citizen.log_in_at_provider(partner.authorize())  # the confirmation screen, under a single sign-on
    account = User.objects.get(account_key__isnull=False)
    suspension.account_suspend(account=account, operator=operator, reason="Usurpation")

    refused = citizen.confirm()

    assert refused.status_code == 403 and "account_suspended" in refused.content.decode()
    assert not Connection.objects.exists()
    assert RefusedLogin.objects.get().cause == "suspended"
    assert list(LoginStop.objects.values_list("step", "code")) == [("confirmation", "account_suspended")]
    # The single sign-on is over: another site's request asks for a login again.
    assert "_auth_user_id" not in citizen.client.session


def test_once_lifted_the_account_logs_in_again_with_the_same_sub(partner, citizen, known_account, operator):
    suspension.account_suspend(account=known_account, operator=operator, reason="Usurpation")
    suspension.account_suspension_lift(account=known_account, operator=operator, reason="Identité vérifiée")

    citizen.log_in_at_provider(partner.authorize())
    back = citizen.confirm()

    assert back.status_code == 302 and "code" in query_of(back["Location"])
    assert User.objects.filter(account_key__isnull=False).count() == 1
    actions = list(
        LoginPolicyChange.objects.filter(account=known_account).values_list("action", "operator", "reason")
    )
    assert ("account_suspended", operator.pk, "Usurpation") in actions
    assert ("sessions_ended", operator.pk, "Usurpation") in actions
    assert ("suspension_lifted", operator.pk, "Identité vérifiée") in actions
