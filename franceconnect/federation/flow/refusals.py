"""The logins the portal refuses once it knows who is logging in, each with its page and its record.

- the register of persons does not know the identity (« Identité non vérifiée »), or records the
  person as deceased: refused before any account is made;
- an operator suspended the account (after an identity theft): refused at the identity provider's
  callback and, under a single sign-on opened before, at « Continuer sur <site> ».

Every refusal is recorded (``RefusedLogin``: time, cause, site, identity provider, the account when
there is one; never a name nor birth data), and nothing reaches the site but ``access_denied``
through « Revenir sur <site> ». The callback's other refusal, a provider the citizen blocked, is
recorded by franceconnect.federation.flow.views.
"""

import logging

from franceconnect.federation.flow import errors
from franceconnect.federation.flow.journey import way_back
from franceconnect.federation.identity_register import RegisterStatus
from franceconnect.federation.models import RefusedLogin, User
from franceconnect.federation.provider.subjects import account_key, pivot_hash
from franceconnect.federation.services import refused_login_record
from franceconnect.infrastructure.errors import error_page
from service_statistics.services import login_stop_record
from service_statistics.steps import Step

logger = logging.getLogger(__name__)


def register_refusal(request, interaction, site, provider, status: RegisterStatus, identity):
    """The page for an identity the register does not let in, or None when it does."""
    if status is RegisterStatus.NOT_FOUND:
        kind, explanation, cause = (
            errors.IDENTITY_NOT_VERIFIED,
            errors.IDENTITY_NOT_VERIFIED_EXPLANATION,
            RefusedLogin.Cause.NOT_FOUND,
        )
        account = None  # the register never knew this identity: no account was made under it
    elif status is RegisterStatus.DECEASED:
        kind, explanation, cause = (
            errors.IDENTITY_DECEASED,
            errors.IDENTITY_DECEASED_EXPLANATION,
            RefusedLogin.Cause.DECEASED,
        )
        # The person may have used the portal while alive: support then sees the attempt beside
        # that account's connections.
        account = User.objects.filter(account_key=account_key(pivot_hash(identity.as_dict()))).first()
    else:
        return None
    refused_login_record(
        cause=cause, account=account, service_provider=site, identity_provider_id=provider.pk
    )
    login_stop_record(
        step=Step.IDENTITY_CHECK,
        code=kind.code,
        service_provider_pk=site.pk,
        identity_provider_pk=provider.pk,
    )
    logger.info("login refused: %s (provider=%s)", cause, provider.slug)
    return error_page(
        request,
        kind,
        way_back=way_back(interaction, site, after_stop=True),
        identity_provider=provider.name,
        explanation=explanation,
    )


def account_suspended(
    request, interaction, site, account: User, *, provider_id: int, provider_name: str, step: Step
):
    """The page « Votre compte est suspendu », and its records: the account's refused login, and
    the statistics' stop at ``step`` (the identity check, or the confirmation under a single sign-on)."""
    refused_login_record(
        cause=RefusedLogin.Cause.SUSPENDED,
        account=account,
        service_provider=site,
        identity_provider_id=provider_id,
    )
    login_stop_record(
        step=step,
        code=errors.ACCOUNT_SUSPENDED.code,
        service_provider_pk=site.pk,
        identity_provider_pk=provider_id,
    )
    logger.info("login refused: account %s suspended", account.pk)
    return error_page(
        request,
        errors.ACCOUNT_SUSPENDED,
        way_back=way_back(interaction, site, after_stop=True),
        identity_provider=provider_name,
        explanation=errors.ACCOUNT_SUSPENDED_EXPLANATION,
    )
