"""How long the partner space keeps its people and invitations (README « Données personnelles »),
purged by the nightly ``personal_data_purge`` (franceconnect/federation/services.py).

- A sign-up whose address was never verified is an account nobody can use: it goes after
  PARTNER_UNVERIFIED_ACCOUNT_DAYS.
- An invitation holds an address and who invited it: it goes PARTNER_INVITATION_RETENTION_DAYS
  after its link expired, or after it was used if sooner.
- A person who has not logged in for PARTNER_ACCOUNT_INACTIVE_DAYS goes with their memberships and
  authenticator (like a citizen's account, judged from the last login, or the account's creation
  when there was none), except an organisation's last administrator while the organisation has
  sites: nobody could manage those sites any more, so the person is kept. An organisation left
  with neither member nor site goes with its last member.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from franceconnect.infrastructure.retention import delete_in_batches, retention_cutoff
from partner_space.models import Invitation, Membership, Organisation, OrganisationEvent, PartnerPerson, Role


def partner_unverified_accounts_purge() -> int:
    cutoff = retention_cutoff(settings.PARTNER_UNVERIFIED_ACCOUNT_DAYS)
    users = get_user_model().objects.filter(
        is_staff=False,
        account_key__isnull=True,
        partner_person__email_verified_at__isnull=True,
        partner_person__created_at__lt=cutoff,
    )
    return delete_in_batches(users, batch_size=settings.PURGE_BATCH_SIZE)


def partner_invitations_purge_expired() -> int:
    kept = settings.PARTNER_INVITATION_RETENTION_DAYS
    expired_before = retention_cutoff(settings.PARTNER_INVITATION_DAYS + kept)
    used_before = retention_cutoff(kept)
    return delete_in_batches(
        Invitation.objects.filter(Q(created_at__lt=expired_before) | Q(accepted_at__lt=used_before)),
        batch_size=settings.PURGE_BATCH_SIZE,
    )


def partner_history_purge_expired() -> int:
    cutoff = retention_cutoff(settings.PARTNER_ACCOUNT_INACTIVE_DAYS)
    return delete_in_batches(
        OrganisationEvent.objects.filter(created_at__lt=cutoff), batch_size=settings.PURGE_BATCH_SIZE
    )


def _inactive_people():
    cutoff = retention_cutoff(settings.PARTNER_ACCOUNT_INACTIVE_DAYS)
    return PartnerPerson.objects.filter(
        Q(user__last_login__lt=cutoff) | Q(user__last_login__isnull=True, user__date_joined__lt=cutoff),
        email_verified_at__isnull=False,
        user__is_staff=False,
    )


def _is_last_administrator_of_sites(person: PartnerPerson) -> bool:
    administered = Membership.objects.filter(person=person, role=Role.ADMINISTRATOR).values("organisation_id")
    for organisation in Organisation.objects.select_for_update().filter(pk__in=administered):
        others = Membership.objects.filter(organisation=organisation, role=Role.ADMINISTRATOR).exclude(
            person=person
        )
        if organisation.sites.exists() and not others.exists():
            return True
    return False


def partner_people_purge_inactive() -> int:
    """One person per transaction: the second of two inactive administrators of the same
    organisation is its last one once the first is gone, and stays."""
    deleted = 0
    for person_id in list(_inactive_people().order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            person = _inactive_people().select_for_update().filter(pk=person_id).first()
            if person is None or _is_last_administrator_of_sites(person):
                continue
            organisation_ids = list(person.memberships.values_list("organisation_id", flat=True))
            person.user.delete()
            Organisation.objects.filter(
                pk__in=organisation_ids, memberships__isnull=True, sites__isnull=True
            ).delete()
            deleted += 1
    return deleted
