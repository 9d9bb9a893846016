"""A citizen's say over their own account: which identity providers may be used to log in as
them, and ending every single sign-on of the account at once (« ce n'était pas moi »).

The checks run on a login's path: for the accounts that never had a policy (``has_login_policy``
is false: nearly all of them) they read nothing; for the others, one query, once per request. Every write records what changed, who
made it and why (``LoginPolicyChange``, what operators read in admin), and a citizen's own
changes are confirmed by e-mail to the address of the login they made them under.
"""

import time
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from franceconnect.federation.models import LoginPolicy, LoginPolicyChange, User
from notifications.models import Notification
from notifications.services import notification_create

# A blocked provider tried again and again sends one e-mail per site and per window, not one per try.
BLOCKED_LOGIN_EMAIL_WINDOW_SECONDS = 900


def policy_of(account: User) -> LoginPolicy | None:
    """The account's policy (None: the citizen never decided anything); read once per instance."""
    if not account.has_login_policy:
        return None
    try:
        return account.login_policy
    except LoginPolicy.DoesNotExist:
        return None


def _policy_for_update(account: User) -> LoginPolicy:
    """The account's policy, locked, created the first time (and the account marked as having one)."""
    policy, created = LoginPolicy.objects.select_for_update().get_or_create(account=account)
    if created or not account.has_login_policy:
        User.objects.filter(pk=account.pk).update(has_login_policy=True)
        account.has_login_policy = True
    account.login_policy = policy
    return policy


def provider_allowed(account: User, provider_id: int) -> bool:
    """Whether this identity provider may be used to log in as this account."""
    policy = policy_of(account)
    if policy is None:
        return True
    if provider_id in policy.blocked_identity_providers:
        return False
    return policy.future_providers_allowed or provider_id in policy.identity_providers_seen


def single_sign_on_ended(account: User, opened_at: float) -> bool:
    """Whether a single sign-on (or a space session) opened at ``opened_at`` was ended since."""
    policy = policy_of(account)
    return (
        policy is not None
        and policy.sessions_not_before is not None
        and opened_at < policy.sessions_not_before.timestamp()
    )


@dataclass(frozen=True)
class ProviderChoice:
    """One identity provider as the citizen sees it in their space."""

    id: int
    name: str
    allowed: bool


def provider_choices(account: User, providers) -> list[ProviderChoice]:
    return [
        ProviderChoice(provider.pk, provider.name, provider_allowed(account, provider.pk))
        for provider in providers
    ]


def future_providers_allowed(account: User) -> bool:
    policy = policy_of(account)
    return policy is None or policy.future_providers_allowed


@transaction.atomic
def login_policy_update(
    *,
    account: User,
    providers,
    allowed_ids: set[int],
    future_allowed: bool,
    actor: str,
    operator: User | None = None,
    reason: str = "",
    notify_email: str = "",
    language: str = "fr",
) -> list[LoginPolicyChange]:
    """The citizen's (or an operator's) decision on every provider of ``providers`` (the ones they
    were shown): those not in ``allowed_ids`` are blocked. At least one of them stays allowed."""
    shown = {provider.pk: provider for provider in providers}
    if not allowed_ids & shown.keys():
        raise ValidationError(_("At least one identity provider must stay allowed."))
    policy = _policy_for_update(account)
    changes = []
    for provider_id, provider in shown.items():
        was_allowed = provider_allowed(account, provider_id)
        now_allowed = provider_id in allowed_ids
        if was_allowed != now_allowed:
            action = (
                LoginPolicyChange.Action.PROVIDER_ALLOWED
                if now_allowed
                else LoginPolicyChange.Action.PROVIDER_BLOCKED
            )
            changes.append(LoginPolicyChange(action=action, identity_provider=provider))
    if policy.future_providers_allowed != future_allowed:
        action = (
            LoginPolicyChange.Action.FUTURE_ALLOWED
            if future_allowed
            else LoginPolicyChange.Action.FUTURE_REFUSED
        )
        changes.append(LoginPolicyChange(action=action))
    # Providers not shown (inactive ones) keep what was decided about them before.
    blocked_elsewhere = [pk for pk in policy.blocked_identity_providers if pk not in shown]
    policy.blocked_identity_providers = sorted(
        blocked_elsewhere + [pk for pk in shown if pk not in allowed_ids]
    )
    policy.identity_providers_seen = sorted(set(policy.identity_providers_seen) | shown.keys())
    policy.future_providers_allowed = future_allowed
    policy.decided_at = timezone.now()
    policy.save()
    for change in changes:
        change.account, change.actor, change.operator, change.reason = account, actor, operator, reason
    LoginPolicyChange.objects.bulk_create(changes)
    if changes and notify_email:
        notification_create(
            kind=Notification.Kind.LOGIN_POLICY_CHANGED,
            recipient=notify_email,
            language=language,
            context={
                "changed_at": policy.decided_at.isoformat(),
                "allowed": [provider.name for pk, provider in shown.items() if pk in allowed_ids],
                "blocked": [provider.name for pk, provider in shown.items() if pk not in allowed_ids],
                "future_allowed": future_allowed,
            },
        )
    return changes


@transaction.atomic
def sessions_end(*, account: User, actor: str, operator: User | None = None, reason: str = "") -> LoginPolicy:
    """Every single sign-on of the account, in any browser, ends: the next step of a login made
    under one asks for a new login at an identity provider, and space sessions close too."""
    policy = _policy_for_update(account)
    policy.sessions_not_before = timezone.now()
    policy.save(update_fields=["sessions_not_before"])
    LoginPolicyChange.objects.create(
        account=account,
        action=LoginPolicyChange.Action.SESSIONS_ENDED,
        actor=actor,
        operator=operator,
        reason=reason,
    )
    return policy


def blocked_login_notify(
    *, account: User, provider_id: int, provider_name: str, site, email: str, language: str
) -> Notification:
    """The security e-mail for a login refused because the citizen blocked its identity provider."""
    window = int(time.time()) // BLOCKED_LOGIN_EMAIL_WINDOW_SECONDS
    return notification_create(
        kind=Notification.Kind.SECURITY_BLOCKED_PROVIDER,
        recipient=email,
        language=language,
        dedupe_key=f"blocked:{account.pk}:{provider_id}:{site.pk}:{window}",
        context={
            "attempted_at": timezone.now().isoformat(),
            "site_name": site.name,
            "identity_provider_name": provider_name,
        },
    )
