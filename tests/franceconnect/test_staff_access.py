"""The back office: a second factor for everyone, a lockout after wrong passwords, idle sessions
that end, and roles as permission groups."""

import io

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.admin_code import demo_admin_code
from franceconnect.federation.staff_roles import (
    AUDITORS,
    OPERATORS,
    STAFF_ROLES,
    SUPPORT_AGENTS,
    staff_roles_ensure,
)
from support.models import Ticket
from tests.staff_fixtures import current_code, second_factor_verify

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def staff_roles():
    """The groups of migration franceconnect.0005 (a transactional test elsewhere may have
    flushed them); ensuring them again is what the migration does, idempotently."""
    staff_roles_ensure(django_apps)


PASSWORD = "a long staff password 42"


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_user("agent", password=PASSWORD, is_staff=True, is_superuser=True)
    return user, TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def _login(client, username="agent", password=PASSWORD, code=""):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "otp_token": code},
        REMOTE_ADDR="192.0.2.10",
    )


def test_a_password_alone_does_not_open_the_back_office(client, staff):
    user, _device = staff
    client.force_login(user)  # the password was right, no code was given

    answer = client.get("/admin/")

    assert answer.status_code == 302 and answer["Location"].startswith("/admin/login/")


def test_the_login_form_asks_for_the_code_and_a_right_one_opens_the_back_office(client, staff):
    _user, device = staff
    page = client.get("/admin/login/")
    assert 'name="otp_token"' in page.content.decode()

    assert _login(client, code=current_code(device)).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_and_slows_the_next_tries(client, staff):
    _user, device = staff
    wrong = "000000" if current_code(device) != "000000" else "111111"

    assert _login(client, code=wrong).status_code == 200
    assert client.get("/admin/").status_code == 302
    # django-otp's throttling: right after a failure, even the right code waits.
    assert _login(client, code=current_code(device)).status_code == 200
    device.refresh_from_db()
    device.throttle_reset()
    assert _login(client, code=current_code(device)).status_code == 302


def test_wrong_passwords_lock_the_account_even_against_the_right_one(client, staff, settings):
    _user, device = staff
    for _attempt in range(settings.STAFF_LOGIN_FAILURE_LIMIT):
        _login(client, password="wrong", code=current_code(device))

    locked = _login(client, code=current_code(device))

    assert locked.status_code == 403 and "staff_locked_out" in locked.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_staff_session_ends_when_idle(client, staff, settings):
    user, _device = staff
    second_factor_verify(client, user)

    client.get("/admin/")

    assert client.session.get_expiry_age() == settings.STAFF_SESSION_IDLE_SECONDS


def test_the_second_factor_is_asked_on_the_back_office_only(client):
    """A citizen's page does not run django-otp (its login pays nothing for the back office)."""
    response = client.get("/")

    assert response.status_code == 200
    assert not hasattr(response.wsgi_request.user, "is_verified")


def test_the_roles_exist_with_their_permissions():
    for name, grants in STAFF_ROLES.items():
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert codenames == {
            f"{action}_{model}" for (_app, model), actions in grants.items() for action in actions
        }
    operators = set(Group.objects.get(name=OPERATORS).permissions.values_list("codename", flat=True))
    auditors = set(Group.objects.get(name=AUDITORS).permissions.values_list("codename", flat=True))
    assert "change_identityprovider" in operators
    assert all(codename.startswith("view_") for codename in auditors)


def _member(client, django_user_model, role: str, username: str):
    user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    second_factor_verify(client, user)
    return user


def test_a_support_agent_handles_tickets_and_never_sees_secrets(client, django_user_model):
    _member(client, django_user_model, SUPPORT_AGENTS, "support-1")
    ticket = Ticket.objects.create(
        reference="DS-2026 000009", name="A", email="a@example.org", category="other"
    )

    assert client.get("/admin/support/ticket/").status_code == 200
    assert client.get(f"/admin/support/ticket/{ticket.pk}/change/").status_code == 200
    assert client.get("/admin/identity_providers/identityprovider/").status_code == 403
    assert client.get("/admin/franceconnect/serviceprovider/").status_code == 403


def test_an_auditor_reads_and_cannot_act(client, django_user_model):
    _member(client, django_user_model, AUDITORS, "auditor-1")
    ticket = Ticket.objects.create(
        reference="DS-2026 000010", name="A", email="a@example.org", category="other"
    )

    listing = client.get("/admin/support/ticket/")
    assert listing.status_code == 200
    assert "mark_resolved" not in listing.content.decode()  # no action offered
    client.post("/admin/support/ticket/", {"action": "mark_resolved", "_selected_action": [ticket.pk]})
    assert Ticket.objects.get().status == Ticket.Status.NEW
    assert client.get("/admin/identity_providers/identityprovider/").status_code == 200
    assert client.get("/admin/identity_providers/identityprovider/add/").status_code == 403


def test_a_device_is_enrolled_by_command(django_user_model):
    user = django_user_model.objects.create_user("newcomer", password=PASSWORD, is_staff=True)
    out = io.StringIO()

    call_command("staff_totp_device", "newcomer", stdout=out)

    assert "otpauth://totp/" in out.getvalue()
    first = TOTPDevice.objects.get(user=user)
    assert first.confirmed
    with pytest.raises(CommandError):  # one device per person…
        call_command("staff_totp_device", "newcomer", stdout=io.StringIO())
    call_command("staff_totp_device", "newcomer", "--replace", stdout=io.StringIO())  # …replaced
    assert TOTPDevice.objects.get(user=user).pk != first.pk


def test_the_demo_administrator_logs_in_with_the_published_code(client):
    from demo.setup import DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME, demo_admin_ensure

    demo_admin_ensure()

    assert _login(client, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASSWORD, demo_admin_code()).status_code == 302
    assert client.get("/admin/").status_code == 200
