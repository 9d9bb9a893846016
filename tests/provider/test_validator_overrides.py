"""The private django-oauth-toolkit methods franceconnect/federation/provider/validator.py overrides
(_load_application, _check_and_set_request_resource, _create_access_token), kept for their
measured saving. These tests fail as soon as the library code they replace, or the code that calls
them, changes: check the overrides and measure their saving again
(``python -m bench.validator_overrides``) before a django-oauth-toolkit upgrade ships."""

import hashlib
import inspect
from importlib.metadata import version

from oauth2_provider.oauth2_validators import OAuth2Validator

from franceconnect.federation.provider.validator import FranceConnectValidator

# Source of django-oauth-toolkit 3.4.1's methods: the three replaced, and those that call them.
CHECKED = {
    "_load_application": "d6038203ad28e221",
    "_check_and_set_request_resource": "83be546872406c2c",
    "_create_access_token": "b9b36b168ac8ba46",
    "_save_bearer_token": "bbf80b89d0b56459",
    "_authenticate_basic_auth": "0ccf0da781b77ef2",
    "_authenticate_request_body": "badc8e137439e716",
    "client_authentication_required": "022eae2ed782ee4e",
    "authenticate_client_id": "fcc271b1f150608f",
    "validate_client_id": "9b55b6d971b30100",
}
OVERRIDDEN = ("_load_application", "_check_and_set_request_resource", "_create_access_token")


def _fingerprint(function) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16]


def test_the_library_code_under_the_validator_overrides_is_the_one_they_were_checked_against():
    current = {name: _fingerprint(getattr(OAuth2Validator, name)) for name in CHECKED}

    assert current == CHECKED, (
        f"django-oauth-toolkit {version('django-oauth-toolkit')} changed the code under validator.py's "
        "private overrides: check them and measure their saving again"
    )


def test_each_override_keeps_the_signature_the_library_calls_it_with():
    for name in OVERRIDDEN:
        library = inspect.signature(getattr(OAuth2Validator, name))
        portal = inspect.signature(getattr(FranceConnectValidator, name))

        assert list(portal.parameters) == list(library.parameters), name


def test_the_library_still_reaches_them_from_its_public_entry_points():
    save = inspect.getsource(OAuth2Validator._save_bearer_token)
    load_callers = ("validate_client_id", "authenticate_client_id", "client_authentication_required")

    assert "self._check_and_set_request_resource(request)" in save
    assert "self._create_access_token(expires, request, token)" in save
    assert "self._save_bearer_token(" in inspect.getsource(OAuth2Validator.save_bearer_token)
    for name in load_callers:
        assert "self._load_application(" in inspect.getsource(getattr(OAuth2Validator, name)), name
