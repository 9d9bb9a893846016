"""Citizens' accounts in admin: operators suspend and lift with a reason, recorded; support agents
read, reach the account from a ticket, and cannot suspend; refused logins are read-only."""

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group

from franceconnect.federation.models import Connection, LoginPolicyChange, RefusedLogin, User
from franceconnect.federation.services import service_provider_register
from franceconnect.federation.staff_roles import AUDITORS, OPERATORS, SUPPORT_AGENTS, staff_roles_ensure
from support.models import Ticket, TicketMessage
from tests.staff_fixtures import second_factor_verify

pytestmark = pytest.mark.django_db

ACCOUNTS = "/admin/franceconnect/citizenaccount/"
REFUSALS = "/admin/franceconnect/refusedlogin/"


@pytest.fixture(autouse=True)
def staff_roles():
    staff_roles_ensure(django_apps)


def _member(client, django_user_model, role: str):
    user = django_user_model.objects.create_user(f"staff-{role}", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    second_factor_verify(client, user)
    return user


@pytest.fixture
def account():
    return User.objects.create(username="citizen-abc", account_key="a" * 64)


@pytest.fixture
def site():
    return service_provider_register(
        name="Site partenaire",
        redirect_uris=["https://partner.example/callback"],
        post_logout_redirect_uris=[],
        algorithm="ES256",
        scopes=["openid"],
    )[0]


def _suspend(client, account, reason: str, **extra):
    return client.post(f"{ACCOUNTS}{account.pk}/suspension/", {"reason": reason, **extra})


def test_an_operator_suspends_and_lifts_with_a_reason_each_recorded(client, django_user_model, account):
    operator = _member(client, django_user_model, OPERATORS)
    page = client.get(f"{ACCOUNTS}{account.pk}/change/")
    assert page.status_code == 200 and f"{account.pk}/suspension/" in page.content.decode()
    assert client.get(f"{ACCOUNTS}{account.pk}/suspension/").status_code == 200

    suspended = _suspend(client, account, "Usurpation signalée, DS-2026-000042")

    assert suspended.status_code == 302
    account.refresh_from_db()
    assert account.suspended_at is not None
    assert account.login_policy.sessions_not_before is not None  # every session ended
    change = LoginPolicyChange.objects.get(action="account_suspended")
    assert change.operator == operator and change.reason == "Usurpation signalée, DS-2026-000042"

    _suspend(client, account, "Identité vérifiée par le support")

    account.refresh_from_db()
    assert account.suspended_at is None
    assert (
        LoginPolicyChange.objects.get(action="suspension_lifted").reason == "Identité vérifiée par le support"
    )
    assert (
        "Identité vérifiée par le support" in client.get(f"{ACCOUNTS}{account.pk}/change/").content.decode()
    )


def test_the_reason_is_required(client, django_user_model, account):
    _member(client, django_user_model, OPERATORS)

    answer = _suspend(client, account, "   ")

    assert answer.status_code == 200 and answer.context["form"].errors
    account.refresh_from_db()
    assert account.suspended_at is None and not LoginPolicyChange.objects.exists()


def test_a_support_agent_reads_the_account_and_cannot_suspend_it(client, django_user_model, account):
    _member(client, django_user_model, SUPPORT_AGENTS)

    page = client.get(f"{ACCOUNTS}{account.pk}/change/")

    assert page.status_code == 200 and "/suspension/" not in page.content.decode()
    assert client.get(f"{ACCOUNTS}{account.pk}/suspension/").status_code == 403
    assert _suspend(client, account, "Essai").status_code == 403
    listed = client.post(
        ACCOUNTS,
        {"action": "suspend_accounts", "_selected_action": [account.pk], "apply": "1", "reason": "Essai"},
    )
    assert listed.status_code in (200, 302)
    account.refresh_from_db()
    assert account.suspended_at is None


def test_the_list_action_suspends_with_a_reason(client, django_user_model, account):
    _member(client, django_user_model, OPERATORS)

    asked = client.post(ACCOUNTS, {"action": "suspend_accounts", "_selected_action": [account.pk]})
    assert asked.status_code == 200 and "reason" in asked.context["form"].fields
    client.post(
        ACCOUNTS,
        {
            "action": "suspend_accounts",
            "_selected_action": [account.pk],
            "apply": "1",
            "reason": "Usurpation",
        },
    )

    account.refresh_from_db()
    assert account.suspended_at is not None


def test_a_ticket_opens_its_account_and_a_suspension_from_it_leaves_a_note(
    client, django_user_model, account, site
):
    _member(client, django_user_model, OPERATORS)
    client.logout()
    operator = User.objects.get(username=f"staff-{OPERATORS}")
    operator.groups.add(Group.objects.get(name=SUPPORT_AGENTS))  # tickets too
    second_factor_verify(client, operator)
    Connection.objects.create(reference="CX-AAAAAAAAA2", citizen=account, service_provider=site, acr="eidas1")
    ticket = Ticket.objects.create(
        reference="DS-2026-000042",
        name="A",
        email="a@example.org",
        category="identity_theft",
        connection_reference="CX-AAAAAAAAA2",
    )

    page = client.get(f"/admin/support/ticket/{ticket.pk}/change/").content.decode()

    account_link = f"{ACCOUNTS}{account.pk}/change/?ticket={ticket.pk}"
    assert account_link in page.replace("&amp;", "&")
    assert f"{account.pk}/suspension/?ticket={ticket.pk}" in client.get(account_link).content.decode()
    _suspend(client, account, "Usurpation", ticket=ticket.pk)
    note = TicketMessage.objects.get(ticket=ticket)
    assert note.kind == TicketMessage.Kind.NOTE and "Usurpation" in note.body


def test_refused_logins_are_read_only_and_filterable_by_support(client, django_user_model, account, site):
    _member(client, django_user_model, SUPPORT_AGENTS)
    RefusedLogin.objects.create(cause="suspended", account=account, service_provider=site)
    RefusedLogin.objects.create(cause="deceased", service_provider=site)

    listed = client.get(REFUSALS, {"cause__exact": "deceased"})

    assert listed.status_code == 200 and listed.context["cl"].result_count == 1
    refusal = RefusedLogin.objects.get(cause="suspended")
    assert client.get(f"{REFUSALS}{refusal.pk}/change/").status_code == 200
    assert client.post(f"{REFUSALS}{refusal.pk}/delete/").status_code == 403
    assert client.get(f"{REFUSALS}add/").status_code == 403


def test_auditors_read_refused_logins_and_accounts():
    auditors = set(Group.objects.get(name=AUDITORS).permissions.values_list("codename", flat=True))
    operators = set(Group.objects.get(name=OPERATORS).permissions.values_list("codename", flat=True))
    support = set(Group.objects.get(name=SUPPORT_AGENTS).permissions.values_list("codename", flat=True))

    assert {"view_refusedlogin", "view_citizenaccount"} <= auditors & support
    assert "suspend_citizenaccount" in operators and "suspend_citizenaccount" not in support | auditors
