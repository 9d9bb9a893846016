"""The partner space's personal data past its period, purged by the nightly personal_data_purge:
unverified sign-ups, expired or used invitations, inactive people (never an organisation's last
administrator while it has sites), and the organisations' history."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from franceconnect.federation.services import service_provider_register
from franceconnect.federation.tasks import personal_data_purge
from partner_space.models import Invitation, Membership, Organisation, OrganisationEvent, PartnerPerson, Role
from partner_space.services import organisation_create
from tests.partner_space.conftest import member_add, person_make

pytestmark = pytest.mark.django_db


def _days_ago(days: float):
    return timezone.now() - timedelta(days=days)


def _inactive(person: PartnerPerson, days: float, *, logged_in: bool = True) -> PartnerPerson:
    get_user_model().objects.filter(pk=person.pk).update(
        date_joined=_days_ago(days + 10), last_login=_days_ago(days) if logged_in else None
    )
    return person


def _site_of(organisation: Organisation):
    site, _secret = service_provider_register(
        name="Mon service",
        redirect_uris=["https://service.example/callback"],
        post_logout_redirect_uris=[],
        algorithm="ES256",
        scopes=["openid"],
        organisation=organisation,
    )
    return site


def test_unverified_sign_ups_go_after_their_period(settings):
    settings.PARTNER_UNVERIFIED_ACCOUNT_DAYS = 7
    old, recent = person_make("old@p.example", verified=False), person_make("new@p.example", verified=False)
    verified = person_make("verified@p.example")
    PartnerPerson.objects.filter(pk__in=[old.pk, verified.pk]).update(created_at=_days_ago(8))
    PartnerPerson.objects.filter(pk=recent.pk).update(created_at=_days_ago(6))

    assert personal_data_purge()["partner_unverified_accounts"] == 1

    assert set(PartnerPerson.objects.values_list("email", flat=True)) == {
        "new@p.example",
        "verified@p.example",
    }
    assert not get_user_model().objects.filter(pk=old.pk).exists()


def test_invitations_go_a_period_after_their_expiry_or_their_use(settings):
    settings.PARTNER_INVITATION_DAYS, settings.PARTNER_INVITATION_RETENTION_DAYS = 7, 30
    admin = person_make()
    organisation = organisation_create(person=admin, name="Org")

    def invitation(email, *, sent_days_ago, accepted_days_ago=None):
        row = Invitation.objects.create(
            organisation=organisation, email=email, role=Role.READER, invited_by=admin
        )
        Invitation.objects.filter(pk=row.pk).update(
            created_at=_days_ago(sent_days_ago),
            accepted_at=None if accepted_days_ago is None else _days_ago(accepted_days_ago),
        )

    invitation("expired-long-ago@p.example", sent_days_ago=38)
    invitation("expired-lately@p.example", sent_days_ago=36)
    invitation("used-long-ago@p.example", sent_days_ago=33, accepted_days_ago=31)
    invitation("used-lately@p.example", sent_days_ago=33, accepted_days_ago=29)
    invitation("pending@p.example", sent_days_ago=1)

    assert personal_data_purge()["partner_invitations"] == 2

    assert set(Invitation.objects.values_list("email", flat=True)) == {
        "expired-lately@p.example",
        "used-lately@p.example",
        "pending@p.example",
    }


def test_inactive_people_go_with_their_memberships_and_authenticator(settings):
    settings.PARTNER_ACCOUNT_INACTIVE_DAYS = 1095
    admin = person_make("admin@p.example")
    organisation = organisation_create(person=admin, name="Org")
    _site_of(organisation)
    gone = _inactive(person_make("gone@p.example"), 1096)
    never_logged_in = _inactive(person_make("never@p.example"), 1096, logged_in=False)
    active = _inactive(person_make("active@p.example"), 1000)
    for person in (gone, never_logged_in, active):
        member_add(organisation, person, Role.DEVELOPER)
    TOTPDevice.objects.create(user=gone.user, name="phone", confirmed=True)

    assert personal_data_purge()["partner_people"] == 2

    assert set(Membership.objects.values_list("person__email", flat=True)) == {
        "admin@p.example",
        "active@p.example",
    }
    assert not TOTPDevice.objects.exists()
    assert not get_user_model().objects.filter(pk__in=[gone.pk, never_logged_in.pk]).exists()


def test_the_last_administrator_of_an_organisation_with_sites_is_kept(settings):
    settings.PARTNER_ACCOUNT_INACTIVE_DAYS = 1095
    first, second = person_make("first@p.example"), person_make("second@p.example")
    organisation = organisation_create(person=first, name="Org with sites")
    member_add(organisation, second, Role.ADMINISTRATOR)
    _site_of(organisation)
    _inactive(first, 2000), _inactive(second, 2000)

    assert personal_data_purge()["partner_people"] == 1  # one of two; the other is now the last
    assert personal_data_purge()["partner_people"] == 0

    assert Membership.objects.get(organisation=organisation).role == Role.ADMINISTRATOR


def test_an_organisation_without_sites_goes_with_its_last_member(settings):
    settings.PARTNER_ACCOUNT_INACTIVE_DAYS = 1095
    lonely = _inactive(person_make("lonely@p.example"), 1100)
    organisation_create(person=lonely, name="Nothing in it")
    kept = person_make("kept@p.example")
    shared = organisation_create(person=kept, name="Shared")
    member_add(shared, lonely, Role.ADMINISTRATOR)

    assert personal_data_purge()["partner_people"] == 1

    assert list(Organisation.objects.values_list("name", flat=True)) == ["Shared"]


def test_the_organisations_history_goes_after_the_same_period(settings):
    settings.PARTNER_ACCOUNT_INACTIVE_DAYS = 1095
    admin = person_make()
    organisation = organisation_create(person=admin, name="Org")
    for days in (1096, 10):
        event = OrganisationEvent.objects.create(
            organisation=organisation,
            action=OrganisationEvent.Action.MEMBER_REMOVED,
            actor=admin,
            subject_email="x@p.example",
        )
        OrganisationEvent.objects.filter(pk=event.pk).update(created_at=_days_ago(days))

    assert personal_data_purge()["partner_history"] == 1
    assert OrganisationEvent.objects.count() == 1
