"""Writes of the federation flow: partner sites, citizens' accounts and connection records."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from oauth2_provider.generators import generate_client_secret

from franceconnect.federation.models import Connection, RefusedLogin, ServiceProvider, User
from franceconnect.federation.provider.subjects import account_key
from franceconnect.federation.report_links import report_link
from franceconnect.infrastructure.references import connection_reference_new
from franceconnect.infrastructure.retention import delete_in_batches, retention_cutoff
from notifications.models import Notification
from notifications.services import notification_create, notifications_purge_expired
from partner_space.retention import (
    partner_history_purge_expired,
    partner_invitations_purge_expired,
    partner_people_purge_inactive,
    partner_unverified_accounts_purge,
)
from service_statistics.services import statistics_purge_expired
from support.retention import tickets_purge_expired


def citizen_get_or_create(*, pivot: str) -> User:
    """The account of the person with this pivot identity hash (no password, no personal data).

    The account is stored under the HMAC of the hash (``account_key``), never the hash itself;
    its username is random, so that nothing shown in admin leads back to the person.
    """
    user, _created = User.objects.get_or_create(
        account_key=account_key(pivot),
        # Drawn only when the account is created (callable defaults): an unusable password.
        defaults={"username": citizen_username, "password": lambda: make_password(None)},
    )
    return user


def citizen_username() -> str:
    return f"citizen-{get_random_string(20)}"


@transaction.atomic(savepoint=False)  # all or nothing with the caller's transaction, without a savepoint
def connection_record_create(
    *,
    citizen: User,
    service_provider: ServiceProvider,
    identity_provider_id: int,
    identity_provider_name: str,
    acr: str,
    claims: list[str],
    identity: dict,
    language: str,
    sso_session: str,
) -> Connection:
    """Record a completed connection and its security e-mail, together or not at all.

    Connections to one site within one single sign-on session share one e-mail.
    """
    connection = Connection.objects.create(
        reference=connection_reference_new(),
        citizen=citizen,
        service_provider=service_provider,
        identity_provider_id=identity_provider_id,
        acr=acr,
        claims=claims,
    )
    notification_create(
        kind=Notification.Kind.SECURITY_CONNECTION,
        recipient=identity.get("email", ""),
        language=language,
        connection=connection,
        dedupe_key=f"security:{sso_session}:{service_provider.pk}",
        context={
            "reference": connection.reference,
            "connected_at": connection.created_at.isoformat(),
            "site_name": service_provider.name,
            "identity_provider_name": identity_provider_name,
            "full_name": f"{identity['given_name']} {identity['family_name']}",
            "report_url": report_link(connection.reference),
        },
    )
    return connection


def refused_login_record(
    *, cause: str, account: User | None, service_provider: ServiceProvider, identity_provider_id: int
) -> RefusedLogin:
    """A login refused once the portal knew who it was for: what support and operators read."""
    return RefusedLogin.objects.create(
        cause=cause,
        account=account,
        service_provider=service_provider,
        identity_provider_id=identity_provider_id,
    )


@transaction.atomic
def service_provider_register(
    *,
    name: str,
    redirect_uris: list[str],
    post_logout_redirect_uris: list[str],
    algorithm: str,
    scopes: list[str],
    site_url: str = "",
    eidas_level: str = "eidas1",
    sector_identifier: str = "",
    contact_email: str = "",
    consent_required: bool = False,
    environment: str = ServiceProvider.Environment.PRODUCTION,
    organisation=None,
    history_user: User | None = None,
) -> tuple[ServiceProvider, str]:
    """Register a confidential partner site; returns it with its secret, which is stored hashed.

    Sites registered by operators are production sites of no organisation; the partner space
    registers sandbox sites of an organisation (partner_space/services/sites.py)."""
    from franceconnect.federation.provider.scopes import SUPPORTED_SCOPES

    unknown = [scope for scope in scopes if scope not in SUPPORTED_SCOPES]
    if unknown:
        raise ValidationError(f"unknown scopes: {' '.join(unknown)}")
    if "openid" not in scopes:
        raise ValidationError("the scopes must include openid")
    secret = generate_client_secret()
    service_provider = ServiceProvider(
        name=name,
        client_type=ServiceProvider.CLIENT_CONFIDENTIAL,
        authorization_grant_type=ServiceProvider.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(redirect_uris),
        post_logout_redirect_uris=" ".join(post_logout_redirect_uris),
        algorithm=algorithm,
        allowed_scopes=" ".join(scopes),
        site_url=site_url,
        eidas_level=eidas_level,
        sector_identifier=sector_identifier,
        contact_email=contact_email,
        consent_required=consent_required,
        environment=environment,
        organisation=organisation,
        client_secret=secret,
    )
    service_provider.full_clean()
    if history_user is not None:  # the audit trail's author, when it is not the request's user
        service_provider._history_user = history_user
    service_provider.save()
    return service_provider, secret


@transaction.atomic
def service_provider_secret_renew(
    *, service_provider: ServiceProvider, grace: timedelta = timedelta(0)
) -> str:
    """A new secret for the site, returned once (stored hashed).

    With a ``grace`` period the secret it replaces still authenticates the site until then (the
    partner space gives ``CLIENT_SECRET_GRACE_HOURS``, so that a site deploys the new one without
    downtime); without one (an operator's renewal after a leak) it stops at once."""
    stored = ServiceProvider.objects.select_for_update().only("client_secret").get(pk=service_provider.pk)
    if grace > timedelta(0) and stored.client_secret:
        service_provider.previous_client_secret = stored.client_secret  # already hashed
        service_provider.previous_client_secret_expires_at = timezone.now() + grace
    else:
        service_provider.previous_client_secret = ""
        service_provider.previous_client_secret_expires_at = None
    secret = generate_client_secret()
    service_provider.client_secret = secret
    service_provider.save(
        update_fields=[
            "client_secret",
            "previous_client_secret",
            "previous_client_secret_expires_at",
            "updated",
        ]
    )
    return secret


@transaction.atomic
def service_provider_previous_secret_end(*, service_provider: ServiceProvider) -> None:
    """The previous secret stops authenticating the site now (it leaked, or is no longer used)."""
    service_provider.previous_client_secret = ""
    service_provider.previous_client_secret_expires_at = None
    service_provider.save(
        update_fields=["previous_client_secret", "previous_client_secret_expires_at", "updated"]
    )


@dataclass(frozen=True)
class PurgeCounts:
    connection_records: int
    citizen_accounts: int
    notifications: int
    support_tickets: int
    refused_logins: int
    statistics: int  # stopped logins and daily figures (no personal data, kept as long all the same)
    partner_unverified_accounts: int
    partner_invitations: int
    partner_people: int
    partner_history: int


def connection_records_purge_expired() -> int:
    """Connection records older than CONNECTION_RECORD_RETENTION_DAYS (their e-mails' rows keep
    their own period: the link to the connection becomes empty)."""
    cutoff = retention_cutoff(settings.CONNECTION_RECORD_RETENTION_DAYS)
    return delete_in_batches(
        Connection.objects.filter(created_at__lt=cutoff), batch_size=settings.PURGE_BATCH_SIZE
    )


def refused_logins_purge_expired() -> int:
    """Refused logins older than REFUSED_LOGIN_RETENTION_DAYS."""
    cutoff = retention_cutoff(settings.REFUSED_LOGIN_RETENTION_DAYS)
    return delete_in_batches(
        RefusedLogin.objects.filter(created_at__lt=cutoff), batch_size=settings.PURGE_BATCH_SIZE
    )


def citizen_accounts_purge_inactive() -> int:
    """Citizens' accounts with no connection for CITIZEN_ACCOUNT_RETENTION_DAYS: their key goes.

    The person gets a new account at their next login, with the same ``sub`` at every site (it is
    derived from the pivot identity, not from the account).
    """
    cutoff = retention_cutoff(settings.CITIZEN_ACCOUNT_RETENTION_DAYS)
    inactive = (
        User.objects.filter(account_key__isnull=False, is_staff=False, date_joined__lt=cutoff)
        .exclude(connections__created_at__gte=cutoff)
        .distinct()
    )
    return delete_in_batches(inactive, batch_size=settings.PURGE_BATCH_SIZE)


def personal_data_purge() -> PurgeCounts:
    """Everything past its retention period (README « Données personnelles »); safe to run again."""
    return PurgeCounts(
        connection_records=connection_records_purge_expired(),
        citizen_accounts=citizen_accounts_purge_inactive(),
        notifications=notifications_purge_expired(),
        support_tickets=tickets_purge_expired(),
        refused_logins=refused_logins_purge_expired(),
        statistics=statistics_purge_expired(),
        partner_unverified_accounts=partner_unverified_accounts_purge(),
        partner_invitations=partner_invitations_purge_expired(),
        partner_people=partner_people_purge_inactive(),
        partner_history=partner_history_purge_expired(),
    )
