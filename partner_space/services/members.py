"""An organisation's administrators manage its members and invitations: change a member's role,
remove a member, cancel an invitation not accepted yet; anyone may leave. An organisation always
keeps an administrator: the last one can neither leave, be removed nor lose the role.

Each change is an ``OrganisationEvent`` (who, when, to whom, what), shown on the members page, and
the person concerned receives an e-mail (role changed, removed), in their language.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from notifications.models import Notification
from notifications.services import notification_create
from partner_space.models import Invitation, Membership, Organisation, OrganisationEvent, PartnerPerson, Role

Action = OrganisationEvent.Action


def _locked(membership: Membership) -> Membership:
    """The membership, its organisation locked: two administrators removing each other at once
    cannot leave the organisation without one."""
    Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    return Membership.objects.select_related("person__user", "organisation").get(pk=membership.pk)


def _is_last_administrator(membership: Membership) -> bool:
    return (
        membership.role == Role.ADMINISTRATOR
        and not Membership.objects.filter(organisation_id=membership.organisation_id, role=Role.ADMINISTRATOR)
        .exclude(pk=membership.pk)
        .exists()
    )


def _notify(kind: str, person: PartnerPerson, *, organisation: Organisation, actor: PartnerPerson, **context):
    notification_create(
        kind=kind,
        recipient=person.email,
        language=person.language,
        context={"organisation_name": organisation.name, "actor_name": actor.full_name, **context},
    )


@transaction.atomic
def membership_role_change(*, membership: Membership, role: str, actor: PartnerPerson) -> Membership:
    membership = _locked(membership)
    if role not in Role.values:
        raise ValidationError(_("Choose a role."), code="role")
    if role == membership.role:
        return membership
    if _is_last_administrator(membership):
        raise ValidationError(
            _("The organisation's last administrator keeps the role: make someone else administrator first."),
            code="last_administrator",
        )
    before, membership.role = membership.role, role
    membership.save(update_fields=["role"])
    OrganisationEvent.objects.create(
        organisation=membership.organisation,
        action=Action.ROLE_CHANGED,
        actor=actor,
        subject_email=membership.person.email,
        role_before=before,
        role_after=role,
    )
    _notify(
        Notification.Kind.PARTNER_ROLE_CHANGED,
        membership.person,
        organisation=membership.organisation,
        actor=actor,
        role_before=before,
        role=role,
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: PartnerPerson) -> None:
    """An administrator removes a member, or a person leaves (``actor`` is the member)."""
    membership = _locked(membership)
    if _is_last_administrator(membership):
        raise ValidationError(
            _(
                "The organisation's last administrator cannot leave it: make someone else administrator first."
            ),
            code="last_administrator",
        )
    leaving = membership.person_id == actor.pk
    OrganisationEvent.objects.create(
        organisation=membership.organisation,
        action=Action.MEMBER_LEFT if leaving else Action.MEMBER_REMOVED,
        actor=actor,
        subject_email=membership.person.email,
        role_before=membership.role,
    )
    membership.delete()
    if not leaving:
        _notify(
            Notification.Kind.PARTNER_MEMBER_REMOVED,
            membership.person,
            organisation=membership.organisation,
            actor=actor,
        )


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, actor: PartnerPerson) -> bool:
    """The invitation goes (its link with it); False if it was accepted meanwhile."""
    locked = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    if locked.accepted_at is not None:
        return False
    OrganisationEvent.objects.create(
        organisation=locked.organisation,
        action=Action.INVITATION_CANCELLED,
        actor=actor,
        subject_email=locked.email,
        role_before=locked.role,
    )
    locked.delete()
    return True
