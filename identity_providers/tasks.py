"""Periodic health checks of identity providers: one task per provider, so a slow one delays no other."""

from celery import shared_task

from identity_providers.selectors import identity_providers_to_check
from identity_providers.services import identity_provider_check_health


@shared_task
def identity_providers_check_all() -> int:
    provider_ids = list(identity_providers_to_check().values_list("pk", flat=True))
    for provider_id in provider_ids:
        identity_provider_check.delay(provider_id)
    return len(provider_ids)


@shared_task(acks_late=True)
def identity_provider_check(provider_id: int) -> bool:
    return identity_provider_check_health(provider_id=provider_id).ok
