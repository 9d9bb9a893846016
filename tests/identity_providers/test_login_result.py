"""What a verified login carries besides the identity: the level of assurance capped at the
provider's accreditation, ``auth_time`` and ``amr``; and what its failures leave in the logs."""

import logging
import time

import pytest
from django.utils import translation

from identity_providers.login import ProviderAnswer, ProviderAnswerError
from identity_providers.oidc.backend import ProviderLogin, acr_capped, amr_from, auth_time_from
from identity_providers.oidc.errors import IdentityProviderError
from tests.identity_provider_fixtures import query_of
from tests.identity_providers.fake_provider import VALID_IDENTITY

pytestmark = pytest.mark.django_db


def _login_of(outcome) -> ProviderLogin:
    """The ProviderLogin the callback hands to the flow."""
    assert isinstance(outcome, ProviderAnswer), getattr(outcome, "error", outcome)
    return outcome.login


# --- acr -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("asserted", "accredited", "expected"),
    [
        ("eidas1", ["eidas1"], "eidas1"),
        ("eidas3", ["eidas1"], "eidas1"),  # its word is worth no more than its accreditation
        ("eidas3", ["eidas1", "eidas2"], "eidas2"),
        ("eidas2", ["eidas1", "eidas3"], "eidas1"),  # the highest accredited not above the assertion
        ("eidas3", ["eidas1", "eidas2", "eidas3"], "eidas3"),
    ],
)
def test_the_asserted_acr_is_capped_at_the_accredited_levels(asserted, accredited, expected):
    assert acr_capped(asserted, accredited) == expected


@pytest.mark.parametrize(
    ("asserted", "accredited"),
    [
        ("eidas1", ["eidas2", "eidas3"]),  # below every accredited level
        ("eidas4", ["eidas1"]),
        ("substantial", ["eidas2"]),
        ("", ["eidas1"]),
        (None, ["eidas1"]),
        (["eidas1"], ["eidas1"]),
        ("eidas1", []),
    ],
)
def test_an_unknown_or_too_low_acr_is_an_error(asserted, accredited):
    with pytest.raises(IdentityProviderError) as error:
        acr_capped(asserted, accredited)

    assert error.value.code == "invalid_acr"


def test_a_provider_asserting_more_than_its_accreditation_gets_its_accreditation(
    portal_login, fake_provider, registered_fake
):
    assert registered_fake.eidas_levels == ["eidas1", "eidas2"]
    fake_provider.id_token_overrides = {"acr": "eidas3"}

    assert _login_of(portal_login.complete()).acr == "eidas2"


@pytest.mark.parametrize("acr", [None, "eidas9"])
def test_a_login_without_a_known_acr_is_refused_before_userinfo(portal_login, fake_provider, acr):
    fake_provider.id_token_overrides = {"acr": acr}

    outcome = portal_login.complete()

    assert isinstance(outcome, ProviderAnswerError)
    assert (outcome.error.code, outcome.error.kind.http_status) == ("invalid_acr", 502)
    assert fake_provider.tokens  # a token was issued, but userinfo never asked: no identity read


def test_the_invalid_acr_error_is_translated():
    kind = IdentityProviderError("invalid_acr").kind

    with translation.override("en"):
        assert str(kind.title) == "The security level of this login is unknown"
    with translation.override("fr"):
        assert str(kind.title) != "The security level of this login is unknown"


# --- auth_time and amr --------------------------------------------------------------------------


def test_auth_time_and_amr_reach_the_login(portal_login, fake_provider):
    authenticated = int(time.time()) - 120
    fake_provider.id_token_overrides = {"auth_time": authenticated, "amr": ["pwd", "otp"]}

    login = _login_of(portal_login.complete())

    assert (login.auth_time, login.amr) == (authenticated, ("pwd", "otp"))
    assert login.authenticated_since(authenticated)
    assert login.authenticated_since(authenticated + 20)  # within the clock skew
    assert not login.authenticated_since(authenticated + 60)  # asked for a login after it


def test_without_auth_time_and_amr_the_login_says_so(portal_login):
    login = _login_of(portal_login.complete())

    assert (login.auth_time, login.amr) == (None, None)
    assert not login.authenticated_since(0)  # unknown: never fresh enough


@pytest.mark.parametrize(
    "value",
    ["1700000000", True, 0, -5, 10**12, float("nan"), [1700000000], None],
)
def test_an_insane_auth_time_is_none(value):
    assert auth_time_from({"auth_time": value}) is None


def test_a_float_auth_time_is_kept_in_seconds():
    assert auth_time_from({"auth_time": 1700000000.7}) == 1700000000


@pytest.mark.parametrize(
    "value",
    ["pwd", [], [1], ["pwd", None], ["x" * 33], ["pwd"] * 11, {"pwd": True}, [""]],
)
def test_an_amr_that_is_not_a_short_list_of_short_strings_is_none(value):
    assert amr_from({"amr": value}) is None


def test_login_result_is_frozen():
    login = ProviderLogin(
        provider_slug="p", sub="s", identity=None, acr="eidas1", amr=("pwd",), id_token="t", auth_time=1
    )
    with pytest.raises(AttributeError):
        login.auth_time = 2


# --- Logs ----------------------------------------------------------------------------------------


def test_a_providers_error_text_is_logged_short_and_on_one_line(portal_login, caplog):
    authorization_url = portal_login.start()
    forged = "server_error\n2026-01-01 00:00:00 INFO identity provider login succeeded " + "x" * 300

    with caplog.at_level(logging.INFO, logger="identity_providers"):
        portal_login.answer(error=forged, state=query_of(authorization_url)["state"])

    (record,) = [record for record in caplog.records if record.name.startswith("identity_providers")]
    assert "\n" not in record.getMessage() and "x" * 101 not in record.getMessage()


@pytest.mark.parametrize(
    ("bend", "code"),
    [
        ({"userinfo_overrides": {"family_name": "DUB0IS"}}, "invalid_identity"),
        ({"userinfo_overrides": {"birthdate": "24/08/1962"}}, "invalid_identity"),
        ({"userinfo_overrides": {"email": "angela.dubois@"}}, "invalid_identity"),
        ({"userinfo_overrides": {"sub": "someone-else"}}, "subject_mismatch"),
        ({"id_token_overrides": {"aud": "another-client"}}, "wrong_audience"),
        ({"id_token_overrides": {"acr": "eidas9"}}, "invalid_acr"),
    ],
)
def test_failed_logins_log_no_identity_code_or_token(portal_login, fake_provider, caplog, bend, code):
    for attribute, value in bend.items():
        setattr(fake_provider, attribute, value)
    authorization_url = portal_login.start()
    authorization_code = fake_provider.authorize(authorization_url)

    with caplog.at_level(logging.DEBUG):
        portal_login.answer(code=authorization_code, state=query_of(authorization_url)["state"])

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert f"error={code}" in logged
    secrets = [authorization_code, fake_provider.sub, "someone-else", "DUB0IS", "24/08/1962", "angela.dubois"]
    secrets += [*VALID_IDENTITY.values(), *fake_provider.tokens]
    assert not [secret for secret in secrets if secret and secret in logged]
