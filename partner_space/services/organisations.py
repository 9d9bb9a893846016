"""Organisations and their members: creating one, inviting colleagues, accepting an invitation.

Roles (``Role``): an administrator invites and manages the organisation; a developer creates and
configures its sites; a reader sees them. What each may do is ``may`` (partner_space/selectors.py).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.models import Notification
from notifications.services import notification_create
from partner_space import links
from partner_space.models import Invitation, Membership, Organisation, PartnerPerson, Role
from partner_space.services.accounts import email_normalise
from partner_space.siret import siret_normalise


@transaction.atomic
def organisation_create(*, person: PartnerPerson, name: str, siret: str = "") -> Organisation:
    """A new organisation, its creator its first administrator."""
    organisation = Organisation(name=name.strip(), siret=siret_normalise(siret))
    organisation.full_clean()
    organisation.save()
    Membership.objects.create(organisation=organisation, person=person, role=Role.ADMINISTRATOR)
    return organisation


def _invitation_state(invitation: Invitation) -> str:
    return f"{invitation.pk}|{invitation.email}|{invitation.accepted_at}"


def invitation_link(invitation: Invitation, language: str) -> str:
    token = links.link_token(links.INVITATION, invitation.pk, _invitation_state(invitation))
    with translation.override(language):
        return settings.PUBLIC_BASE_URL + reverse("partner_invitation", args=[token])


@transaction.atomic
def invitation_send(
    *, organisation: Organisation, email: str, role: str, invited_by: PartnerPerson, language: str
) -> Invitation:
    email = email_normalise(email)
    if Membership.objects.filter(organisation=organisation, person__email=email).exists():
        raise ValidationError(_("This person is already a member of the organisation."), code="member")
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, invited_by=invited_by
    )
    notification_create(
        kind=Notification.Kind.PARTNER_INVITATION,
        recipient=email,
        language=language,
        context={
            "organisation_name": organisation.name,
            "inviter_name": invited_by.full_name,
            "role": role,
            "invitation_url": invitation_link(invitation, language),
            "days": settings.PARTNER_INVITATION_DAYS,
        },
    )
    return invitation


def invitation_of_link(token: str) -> Invitation | None:
    """The invitation a link names while it is valid (not altered, expired or accepted)."""
    read = links.link_read(links.INVITATION, token, max_age_seconds=settings.PARTNER_INVITATION_DAYS * 86400)
    if read is None:
        return None
    pk, fingerprint = read
    invitation = Invitation.objects.select_related("organisation").filter(pk=pk).first()
    if invitation is None or not links.link_state_matches(
        links.INVITATION, fingerprint, _invitation_state(invitation)
    ):
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, person: PartnerPerson) -> Membership | None:
    """The person joins with the invitation's role; None if it was accepted meanwhile (once only)."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at is not None:
        return None
    locked.accepted_at = timezone.now()
    locked.save(update_fields=["accepted_at"])
    membership, _created = Membership.objects.get_or_create(
        organisation_id=locked.organisation_id, person=person, defaults={"role": locked.role}
    )
    return membership
