"""Sites, providers and rows with known times, for the statistics' tests."""

from datetime import datetime
from zoneinfo import ZoneInfo

from franceconnect.federation.models import Connection, User
from franceconnect.federation.services import service_provider_register
from identity_providers.models import HealthCheck, IdentityProvider
from notifications.models import Notification

PARIS = ZoneInfo("Europe/Paris")


def site_create(name: str):
    site, _secret = service_provider_register(
        name=name,
        redirect_uris=[f"https://{name.lower()}.example/callback"],
        post_logout_redirect_uris=[],
        algorithm="ES256",
        scopes=["openid", "identite_pivot"],
    )
    return site


def provider_create(slug: str, name: str) -> IdentityProvider:
    provider = IdentityProvider(
        slug=slug,
        name=name,
        eidas_levels=["eidas1"],
        discovery_url=f"https://{slug}.example/.well-known/openid-configuration",
        client_id="portal",
    )
    provider.client_secret = "secret"
    provider.save()
    return provider


_references = iter(range(10**6))


def connection_at(when: datetime, site, provider, citizen: User | None = None) -> Connection:
    citizen = citizen or User.objects.create(username=f"citizen-{next(_references)}", account_key=None)
    connection = Connection.objects.create(
        reference=f"CX-{next(_references):010d}",
        citizen=citizen,
        service_provider=site,
        identity_provider=provider,
        acr="eidas1",
    )
    Connection.objects.filter(pk=connection.pk).update(created_at=when)
    return connection


def security_email_at(when: datetime, status: str) -> Notification:
    notification = Notification.objects.create(
        kind=Notification.Kind.SECURITY_CONNECTION,
        recipient="angela.dubois@example.org",
        status=status,
        message_id=f"<{next(_references)}@portal.example>",
        context={"full_name": "Angela DUBOIS"},
    )
    Notification.objects.filter(pk=notification.pk).update(created_at=when)
    return notification


def health_check_at(when: datetime, provider, *, ok: bool) -> HealthCheck:
    return HealthCheck.objects.create(provider=provider, checked_at=when, ok=ok, duration_ms=12)
