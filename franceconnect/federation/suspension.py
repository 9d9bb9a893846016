"""Suspending a citizen's account after an identity theft, and lifting the suspension.

Only an operator does it (the ``suspend_citizenaccount`` permission), always with a reason; both
are recorded in the account's history (``LoginPolicyChange``, what operators and support read).
A suspension ends every single sign-on and space session of the account (``sessions_not_before``),
and until it is lifted every login ends on the page « Compte suspendu », recorded as a
``RefusedLogin``. The flag is on the account's own row, which every login reads already.

The portal sends no e-mail of its own about it: it keeps no address with an account, and the
address of the latest login may be the impostor's. The person is told by support, in reply to
their ticket; a suspension or lift made from a ticket leaves an internal note on it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from franceconnect.federation import login_policy
from franceconnect.federation.models import LoginPolicyChange, User


def _reason_required(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Give the reason: it is kept in the account's history."))
    return reason


def _note_on_ticket(ticket, operator: User, text: str) -> None:
    if ticket is not None:
        from support.services import ticket_note_add

        ticket_note_add(ticket=ticket, author=operator, body=text)


@transaction.atomic
def account_suspend(*, account: User, operator: User, reason: str, ticket=None) -> LoginPolicyChange:
    """Suspend the account and end every session of it."""
    reason = _reason_required(reason)
    account = User.objects.select_for_update().get(pk=account.pk)
    if account.suspended_at is not None:
        raise ValidationError(_("This account is already suspended."))
    account.suspended_at = timezone.now()
    account.save(update_fields=["suspended_at"])
    login_policy.sessions_end(
        account=account, actor=LoginPolicyChange.Actor.OPERATOR, operator=operator, reason=reason
    )
    _note_on_ticket(
        ticket,
        operator,
        _("Account %(account)s suspended: %(reason)s") % {"account": account.username, "reason": reason},
    )
    return LoginPolicyChange.objects.create(
        account=account,
        action=LoginPolicyChange.Action.ACCOUNT_SUSPENDED,
        actor=LoginPolicyChange.Actor.OPERATOR,
        operator=operator,
        reason=reason,
    )


@transaction.atomic
def account_suspension_lift(*, account: User, operator: User, reason: str, ticket=None) -> LoginPolicyChange:
    """The account can be used again from the next login (the sessions it had stay ended)."""
    reason = _reason_required(reason)
    account = User.objects.select_for_update().get(pk=account.pk)
    if account.suspended_at is None:
        raise ValidationError(_("This account is not suspended."))
    account.suspended_at = None
    account.save(update_fields=["suspended_at"])
    _note_on_ticket(
        ticket,
        operator,
        _("Suspension of account %(account)s lifted: %(reason)s")
        % {"account": account.username, "reason": reason},
    )
    return LoginPolicyChange.objects.create(
        account=account,
        action=LoginPolicyChange.Action.SUSPENSION_LIFTED,
        actor=LoginPolicyChange.Actor.OPERATOR,
        operator=operator,
        reason=reason,
    )
