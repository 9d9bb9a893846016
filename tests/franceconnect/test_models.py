from django.contrib.auth import get_user_model
from oauth2_provider.models import get_application_model

from franceconnect.federation.models import ServiceProvider, User


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
