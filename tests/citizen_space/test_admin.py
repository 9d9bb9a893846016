"""Operators see a citizen's login policy and change it only through actions that ask for a reason."""

import pytest

from franceconnect.federation import login_policy
from franceconnect.federation.models import Connection, LoginPolicy, LoginPolicyChange, User
from identity_providers.models import IdentityProvider
from support.models import Ticket

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/franceconnect/loginpolicy/"


@pytest.fixture
def providers():
    common = {"discovery_url": "https://idp.example/.well-known/openid-configuration", "client_id": "portal"}
    return [
        IdentityProvider.objects.create(slug="impots", name="impots.gouv.fr", **common),
        IdentityProvider.objects.create(slug="ameli", name="ameli.fr", **common),
    ]


@pytest.fixture
def blocked_account(providers):
    account = User.objects.create(username="citizen-abc", account_key="a" * 64)
    login_policy.login_policy_update(
        account=account,
        providers=providers,
        allowed_ids={providers[0].pk},
        future_allowed=False,
        actor=LoginPolicyChange.Actor.CITIZEN,
    )
    return account


def test_the_policy_shows_the_blocked_providers_and_each_change(admin_client, blocked_account):
    listed = admin_client.get(CHANGELIST)
    page = admin_client.get(f"{CHANGELIST}{blocked_account.pk}/change/")

    assert "ameli.fr" in listed.content.decode()
    html = page.content.decode()
    assert "ameli.fr" in html and "citizen-abc" in html
    assert html.count("<tr>") >= 3  # the changes: ameli blocked, providers added later refused
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403
    # No field can be changed from the form: the policy changes through the actions only.
    admin_client.post(f"{CHANGELIST}{blocked_account.pk}/change/", {"future_providers_allowed": "on"})
    assert LoginPolicy.objects.get().future_providers_allowed is False


def test_lifting_every_block_asks_for_a_reason_and_is_recorded(admin_client, admin_user, blocked_account):
    asked = admin_client.post(
        CHANGELIST, {"action": "allow_every_provider", "_selected_action": [blocked_account.pk]}
    )
    assert asked.status_code == 200 and "reason" in asked.context["form"].fields
    assert LoginPolicy.objects.get().blocked_identity_providers  # nothing changed yet

    admin_client.post(
        CHANGELIST,
        {
            "action": "allow_every_provider",
            "_selected_action": [blocked_account.pk],
            "apply": "1",
            "reason": "Demande DS-2026 000042, identité vérifiée",
        },
    )

    policy = LoginPolicy.objects.get()
    assert policy.blocked_identity_providers == [] and policy.future_providers_allowed is True
    change = LoginPolicyChange.objects.filter(actor=LoginPolicyChange.Actor.OPERATOR).first()
    assert change.operator == admin_user and change.reason == "Demande DS-2026 000042, identité vérifiée"


def test_an_operator_can_end_every_session_of_an_account(admin_client, blocked_account):
    admin_client.post(
        CHANGELIST,
        {
            "action": "end_every_session",
            "_selected_action": [blocked_account.pk],
            "apply": "1",
            "reason": "Usurpation signalée",
        },
    )

    assert LoginPolicy.objects.get().sessions_not_before is not None
    assert LoginPolicyChange.objects.filter(action="sessions_ended", reason="Usurpation signalée").exists()


def test_an_action_without_a_reason_changes_nothing(admin_client, blocked_account):
    admin_client.post(
        CHANGELIST,
        {"action": "end_every_session", "_selected_action": [blocked_account.pk], "apply": "1", "reason": ""},
    )

    assert LoginPolicy.objects.get().sessions_not_before is None


def test_a_ticket_shows_the_connections_of_the_account_it_concerns(
    admin_client, blocked_account, site, providers
):
    someone_else = User.objects.create(username="citizen-other", account_key="b" * 64)
    service_provider = site[0]
    for reference, account in (
        ("CX-AAAAAAAAA2", blocked_account),
        ("CX-AAAAAAAAA3", blocked_account),
        ("CX-BBBBBBBBB2", someone_else),
    ):
        Connection.objects.create(
            reference=reference,
            citizen=account,
            service_provider=service_provider,
            identity_provider=providers[1],
            acr="eidas1",
        )
    ticket = Ticket.objects.create(
        reference="DS-2026 000001", name="A", email="a@example.org", category="identity_theft",
        connection_reference="CX-AAAAAAAAA2",
    )  # fmt: skip

    html = admin_client.get(f"/admin/support/ticket/{ticket.pk}/change/").content.decode()

    assert "CX-AAAAAAAAA2" in html and "CX-AAAAAAAAA3" in html and "ameli.fr" in html
    assert "CX-BBBBBBBBB2" not in html


def test_the_list_names_blocked_providers_without_a_query_per_row(
    admin_client, providers, blocked_account, django_assert_max_num_queries
):
    for n in range(5):
        other = User.objects.create(username=f"citizen-{n}", account_key=f"{n}" * 64)
        login_policy.login_policy_update(
            account=other,
            providers=providers,
            allowed_ids={providers[0].pk},
            future_allowed=True,
            actor=LoginPolicyChange.Actor.CITIZEN,
        )
    admin_client.get(CHANGELIST)

    with django_assert_max_num_queries(8):
        listed = admin_client.get(CHANGELIST)
    assert listed.content.decode().count("ameli.fr") >= 6
