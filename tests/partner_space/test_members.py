"""Administrators manage their organisation's members and invitations: change a role, remove a
member, cancel an invitation; anyone may leave; the last administrator stays. Each change is in the
organisation's history, and the person concerned receives an e-mail."""

import pytest
from django.test import Client

from notifications.models import Notification
from notifications.rendering import notification_render
from partner_space.models import Invitation, Membership, OrganisationEvent, Role
from partner_space.services import organisation_create
from tests.partner_space.conftest import log_in, member_add, person_make

pytestmark = pytest.mark.django_db

Action = OrganisationEvent.Action


@pytest.fixture
def colleague(organisation):
    person = person_make("colleague@partenaire.example")
    person.language = "en"
    person.save()
    return member_add(organisation, person, Role.DEVELOPER)


def _members_url(organisation, suffix=""):
    return f"/partenaires/organisations/{organisation.pk}/{suffix}"


def _client_of(person) -> Client:
    client = Client()
    assert log_in(client, person).status_code == 302
    return client


def test_an_administrator_changes_a_role_recorded_and_emailed(logged_in, organisation, person, colleague):
    response = logged_in.post(_members_url(organisation, f"membres/{colleague.pk}/role/"), {"role": "reader"})

    assert response.status_code == 302 and response["Location"] == _members_url(organisation, "membres/")
    colleague.refresh_from_db()
    assert colleague.role == Role.READER
    event = OrganisationEvent.objects.get()
    assert (event.action, event.actor, event.subject_email) == (
        Action.ROLE_CHANGED,
        person,
        colleague.person.email,
    )
    assert (event.role_before, event.role_after) == (Role.DEVELOPER, Role.READER)
    email = Notification.objects.get(kind=Notification.Kind.PARTNER_ROLE_CHANGED)
    assert email.recipient == colleague.person.email and email.language == "en"
    subject, text, _html = notification_render(email)
    assert "Direction du numérique" in subject
    assert "Your role now: reader" in text and "Your role before: developer" in text
    page = logged_in.get(_members_url(organisation, "membres/")).content.decode()
    assert "History of the members" in page or "Historique des membres" in page
    assert colleague.person.email in page


def test_removing_a_member_asks_first_then_records_and_emails(logged_in, organisation, person, colleague):
    url = _members_url(organisation, f"membres/{colleague.pk}/retrait/")
    confirm = logged_in.get(url)
    assert confirm.status_code == 200 and colleague.person.email in confirm.content.decode()
    assert Membership.objects.filter(pk=colleague.pk).exists()

    assert logged_in.post(url).status_code == 302

    assert not Membership.objects.filter(pk=colleague.pk).exists()
    assert OrganisationEvent.objects.get().action == Action.MEMBER_REMOVED
    email = Notification.objects.get(kind=Notification.Kind.PARTNER_MEMBER_REMOVED)
    assert email.recipient == colleague.person.email
    assert "removed you from Direction du numérique" in notification_render(email)[1]


def test_a_member_leaves_without_an_email(organisation, colleague):
    client = _client_of(colleague.person)
    response = client.post(_members_url(organisation, f"membres/{colleague.pk}/retrait/"))

    assert response.status_code == 302 and response["Location"] == "/partenaires/"
    assert not Membership.objects.filter(pk=colleague.pk).exists()
    assert OrganisationEvent.objects.get().action == Action.MEMBER_LEFT
    assert not Notification.objects.filter(kind=Notification.Kind.PARTNER_MEMBER_REMOVED).exists()


def test_the_last_administrator_can_neither_leave_be_demoted_nor_removed(logged_in, organisation, person):
    own = Membership.objects.get(person=person)

    left = logged_in.post(_members_url(organisation, f"membres/{own.pk}/retrait/"), follow=True)
    demoted = logged_in.post(
        _members_url(organisation, f"membres/{own.pk}/role/"), {"role": "reader"}, follow=True
    )

    own.refresh_from_db()
    assert own.role == Role.ADMINISTRATOR
    assert "last administrator" in left.content.decode() or "dernier administrateur" in left.content.decode()
    assert demoted.status_code == 200 and not OrganisationEvent.objects.exists()


def test_with_a_second_administrator_the_first_may_leave(logged_in, organisation, person, colleague):
    logged_in.post(_members_url(organisation, f"membres/{colleague.pk}/role/"), {"role": "administrator"})
    own = Membership.objects.get(person=person)

    assert logged_in.post(_members_url(organisation, f"membres/{own.pk}/retrait/")).status_code == 302

    assert list(Membership.objects.values_list("role", flat=True)) == [Role.ADMINISTRATOR]


def test_cancelling_an_invitation_asks_first_and_its_link_stops_working(logged_in, organisation, person):
    logged_in.post(
        _members_url(organisation, "membres/"), {"email": "new@partenaire.example", "role": "reader"}
    )
    invitation = Invitation.objects.get()
    url = _members_url(organisation, f"invitations/{invitation.pk}/annulation/")
    assert logged_in.get(url).status_code == 200

    assert logged_in.post(url).status_code == 302

    assert not Invitation.objects.exists()
    event = OrganisationEvent.objects.get()
    assert (event.action, event.subject_email) == (Action.INVITATION_CANCELLED, "new@partenaire.example")
    link = Notification.objects.get(kind=Notification.Kind.PARTNER_INVITATION).context["invitation_url"]
    assert logged_in.get(link.split("127.0.0.1:8000", 1)[-1]).status_code == 404


@pytest.mark.parametrize("role", [Role.DEVELOPER, Role.READER])
def test_other_roles_are_refused_403(organisation, colleague, role):
    other = member_add(organisation, person_make("other@partenaire.example"), Role.READER)
    colleague.role = role
    colleague.save()
    invitation = Invitation.objects.create(organisation=organisation, email="x@p.example", role=Role.READER)
    client = _client_of(colleague.person)

    for method, suffix, data in [
        ("post", f"membres/{other.pk}/role/", {"role": "administrator"}),
        ("get", f"membres/{other.pk}/retrait/", {}),
        ("post", f"membres/{other.pk}/retrait/", {}),
        ("get", f"invitations/{invitation.pk}/annulation/", {}),
        ("post", f"invitations/{invitation.pk}/annulation/", {}),
    ]:
        assert getattr(client, method)(_members_url(organisation, suffix), data).status_code == 403, suffix
    assert Membership.objects.filter(pk=other.pk, role=Role.READER).exists() and Invitation.objects.exists()


def test_ids_of_another_organisation_are_404(logged_in, organisation):
    stranger = person_make("stranger@ailleurs.example")
    elsewhere = organisation_create(person=stranger, name="Ailleurs")
    their_member = Membership.objects.get(organisation=elsewhere)
    their_invitation = Invitation.objects.create(
        organisation=elsewhere, email="y@p.example", role=Role.READER
    )

    for method, path in [
        ("post", _members_url(organisation, f"membres/{their_member.pk}/role/")),
        ("get", _members_url(organisation, f"membres/{their_member.pk}/retrait/")),
        ("post", _members_url(organisation, f"invitations/{their_invitation.pk}/annulation/")),
        ("post", _members_url(elsewhere, f"membres/{their_member.pk}/role/")),
        ("get", _members_url(elsewhere, f"invitations/{their_invitation.pk}/annulation/")),
    ]:
        assert (
            getattr(logged_in, method)(path, {"role": "reader"} if method == "post" else {}).status_code
            == 404
        )
    assert Membership.objects.get(pk=their_member.pk).role == Role.ADMINISTRATOR


def test_the_forms_are_csrf_protected(organisation, person, colleague):
    client = Client(enforce_csrf_checks=True)
    client.cookies = _client_of(person).cookies  # a partner session, but no CSRF token

    response = client.post(_members_url(organisation, f"membres/{colleague.pk}/retrait/"))

    assert response.status_code == 403 and Membership.objects.filter(pk=colleague.pk).exists()
