from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from oauth2_provider.models import get_application_model

from franceconnect.federation.models import ServiceProvider, User
from notifications.models import Notification


def test_the_user_model_is_the_portals_own():
    assert get_user_model() is User


def test_django_oauth_toolkit_applications_are_the_portals_service_providers():
    assert get_application_model() is ServiceProvider


def test_the_swap_is_decided_before_django_oauth_toolkit_creates_its_tables():
    from importlib import import_module

    first = import_module("franceconnect.federation.migrations.0001_initial").Migration

    assert ("oauth2_provider", "0001_initial") in first.run_before
    created = {operation.name for operation in first.operations}
    assert {"User", "ServiceProvider"} <= created


def test_titles_written_by_code_give_paris_time():
    winter = Notification(
        kind=Notification.Kind.SUPPORT_REPLY, created_at=datetime(2026, 1, 15, 23, 30, tzinfo=UTC)
    )

    assert str(winter).endswith("16/01/2026 00:30")  # UTC+1 in winter: already the next day in Paris
