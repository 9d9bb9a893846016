"""The OpenID Connect client towards identity providers, against a fake provider over real HTTP.

One test per named failure: each bends one part of the provider's answer.
"""

import time

import pytest

from identity_providers.login import STATES_SESSION_KEY, ProviderAnswer, ProviderAnswerError
from identity_providers.oidc.backend import provider_logout_url
from tests.identity_provider_fixtures import PortalLogin, query_of
from tests.identity_providers.fake_provider import VALID_IDENTITY, SigningKey

pytestmark = pytest.mark.django_db


def assert_named_error(outcome, code: str, status: int):
    """A failed answer, named, with the HTTP status the citizen's page takes, its state used up."""
    assert isinstance(outcome, ProviderAnswerError), outcome
    assert outcome.error.code == code and outcome.error.kind.http_status == status


def assert_succeeded(outcome) -> ProviderAnswer:
    assert isinstance(outcome, ProviderAnswer), getattr(outcome, "error", outcome)
    assert outcome.binding == PortalLogin.BINDING
    return outcome


def test_the_authorization_request_carries_state_nonce_and_pkce_s256(portal_login, registered_fake):
    query = query_of(portal_login.start(acr="eidas2"))

    assert query["client_id"] == registered_fake.client_id
    assert query["redirect_uri"] == "http://testserver/fi/retour"
    assert query["response_type"] == "code"
    assert query["scope"].split()[0] == "openid"
    assert len(query["state"]) >= 32 and len(query["nonce"]) >= 32
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
    assert query["acr_values"] == "eidas2"


def test_an_acr_the_provider_cannot_assert_is_not_requested(portal_login):
    assert "acr_values" not in query_of(portal_login.start(acr="eidas3"))


def test_a_successful_login_yields_the_verified_pivot_identity(portal_login, fake_provider):
    answer = assert_succeeded(portal_login.complete())

    login = answer.login
    assert answer.provider.slug == "fake" and login.provider_slug == "fake"
    assert login.sub == fake_provider.sub
    assert login.identity.as_dict() == VALID_IDENTITY
    assert login.acr == "eidas1"
    assert portal_login.session[STATES_SESSION_KEY] == {}  # the state is used up
    # The portal proved the code with its secret and its PKCE verifier.
    assert fake_provider.token_requests[0]["client_secret"] == fake_provider.client_secret
    assert len(fake_provider.token_requests[0]["code_verifier"]) >= 43


def test_es256_tokens_and_signed_userinfo_are_accepted(portal_login, fake_provider):
    fake_provider.rotate_key("ES256")
    fake_provider.userinfo_as_jwt = True

    answer = assert_succeeded(portal_login.complete())

    assert answer.login.identity.family_name == "DUBOIS"


def test_keys_are_cached_and_fetched_again_once_for_an_unknown_kid(portal_login, fake_provider):
    portal_login.complete()
    portal_login.complete()
    assert fake_provider.jwks_requests == 1  # the second login used the cached keys

    fake_provider.rotate_key()
    assert_succeeded(portal_login.complete())
    assert fake_provider.jwks_requests == 2


def test_each_process_keeps_the_keys_it_read_for_a_minute(portal_login, fake_provider, monkeypatch):
    from django.core.cache import cache

    from identity_providers.oidc import jwks

    now = [1000.0]
    monkeypatch.setattr(jwks, "monotonic", lambda: now[0])  # this module's clock only
    portal_login.complete()
    cache.clear()  # the shared copy is gone: this process still holds its own

    assert_succeeded(portal_login.complete())
    assert fake_provider.jwks_requests == 1
    now[0] += jwks.LOCAL_SECONDS
    assert_succeeded(portal_login.complete())
    assert fake_provider.jwks_requests == 2  # past the minute: read from the shared cache, or fetched


def test_cancelled_at_the_provider(portal_login):
    state = query_of(portal_login.start())["state"]

    response = portal_login.answer(error="access_denied", state=state)

    assert_named_error(response, "cancelled", 200)


def test_another_error_answer_from_the_provider(portal_login):
    state = query_of(portal_login.start())["state"]

    response = portal_login.answer(error="server_error", state=state)

    assert_named_error(response, "provider_error", 502)


def test_provider_down(portal_login, fake_provider):
    authorization_url = portal_login.start()
    code = fake_provider.authorize(authorization_url)
    fake_provider.stop()

    response = portal_login.answer(code=code, state=query_of(authorization_url)["state"])

    assert_named_error(response, "unreachable", 502)


def test_provider_answering_after_the_timeout(portal_login, fake_provider, registered_fake):
    fake_provider.token_delay = 5  # the provider would answer, much later than its 1 s timeout
    started = time.monotonic()

    response = portal_login.complete()

    assert_named_error(response, "timeout", 504)
    assert time.monotonic() - started < 4  # the portal gave up instead of waiting for the answer


def test_provider_trickling_its_token_answer_is_given_up_at_the_deadline(
    portal_login, fake_provider, settings
):
    settings.IDP_CALL_DEADLINE_SECONDS = 1.5
    fake_provider.trickle_seconds_per_byte = 0.05  # well within the 1 s read timeout, byte by byte
    started = time.monotonic()

    response = portal_login.complete()

    assert_named_error(response, "timeout", 504)
    assert time.monotonic() - started < 2.5  # the whole answer would take about 90 s


def test_provider_sending_an_oversized_token_answer(portal_login, fake_provider, settings):
    settings.IDP_MAX_RESPONSE_BYTES = 4096
    fake_provider.token_padding = 5000

    assert_named_error(portal_login.complete(), "invalid_response", 502)


def test_bad_signature(portal_login, fake_provider):
    published = fake_provider.signing_key
    impostor = SigningKey("RS256")
    impostor.kid = published.kid  # same key id, different key
    fake_provider.signing_key = impostor

    assert_named_error(portal_login.complete(), "bad_signature", 502)


def test_signed_with_a_key_the_provider_never_published(portal_login, fake_provider):
    fake_provider.signing_key = SigningKey("RS256")

    assert_named_error(portal_login.complete(), "bad_signature", 502)


def test_wrong_issuer(portal_login, fake_provider):
    fake_provider.id_token_overrides = {"iss": "https://impostor.example"}

    assert_named_error(portal_login.complete(), "wrong_issuer", 502)


def test_wrong_audience(portal_login, fake_provider):
    fake_provider.id_token_overrides = {"aud": "another-client"}

    assert_named_error(portal_login.complete(), "wrong_audience", 502)


def test_expired_token(portal_login, fake_provider):
    fake_provider.id_token_overrides = {"exp": int(time.time()) - 300, "iat": int(time.time()) - 400}

    assert_named_error(portal_login.complete(), "expired_token", 502)


def test_issued_in_the_future(portal_login, fake_provider):
    fake_provider.id_token_overrides = {"iat": int(time.time()) + 3600, "exp": int(time.time()) + 7200}

    assert_named_error(portal_login.complete(), "invalid_issued_at", 502)


def test_token_without_expiry(portal_login, fake_provider):
    fake_provider.id_token_overrides = {"exp": None}

    assert_named_error(portal_login.complete(), "malformed_token", 502)


def test_state_mismatch(portal_login, fake_provider):
    authorization_url = portal_login.start()
    code = fake_provider.authorize(authorization_url)

    response = portal_login.answer(code=code, state="forged-state")

    assert_named_error(response, "state_mismatch", 400)


def test_state_cannot_be_used_twice(portal_login, fake_provider):
    authorization_url = portal_login.start()
    state = query_of(authorization_url)["state"]
    portal_login.answer(code=fake_provider.authorize(authorization_url), state=state)

    response = portal_login.answer(code="whatever", state=state)

    assert_named_error(response, "state_mismatch", 400)


def test_state_expires(portal_login, fake_provider, monkeypatch):
    authorization_url = portal_login.start()
    code = fake_provider.authorize(authorization_url)
    later = time.time() + 601
    monkeypatch.setattr("identity_providers.login.time.time", lambda: later)

    response = portal_login.answer(code=code, state=query_of(authorization_url)["state"])

    assert_named_error(response, "state_mismatch", 400)


def test_nonce_mismatch(portal_login, fake_provider):
    fake_provider.id_token_overrides = {"nonce": "a-nonce-the-portal-never-sent"}

    assert_named_error(portal_login.complete(), "nonce_mismatch", 502)


def test_userinfo_for_another_subject(portal_login, fake_provider):
    fake_provider.userinfo_overrides = {"sub": "someone-else"}

    assert_named_error(portal_login.complete(), "subject_mismatch", 502)


def test_missing_identity_claim(portal_login, fake_provider):
    fake_provider.userinfo_overrides = {"birthdate": None}

    assert_named_error(portal_login.complete(), "invalid_identity", 502)


def test_malformed_identity_claim(portal_login, fake_provider):
    fake_provider.userinfo_overrides = {"gender": "F"}

    assert_named_error(portal_login.complete(), "invalid_identity", 502)


def test_code_refused_by_the_provider(portal_login, fake_provider, registered_fake):
    registered_fake.client_secret = "a-wrong-secret"
    registered_fake.save()

    assert_named_error(portal_login.complete(), "token_exchange_failed", 502)


def test_callback_without_code(portal_login):
    state = query_of(portal_login.start())["state"]

    assert_named_error(portal_login.answer(state=state), "invalid_response", 502)


def test_logout_url_at_the_provider(registered_fake):
    url = provider_logout_url(
        registered_fake, id_token_hint="the.id.token", post_logout_redirect_uri="https://portal/x", state="s1"
    )

    assert url.startswith(registered_fake.end_session_endpoint + "?")
    assert query_of(url) == {
        "id_token_hint": "the.id.token",
        "client_id": registered_fake.client_id,
        "post_logout_redirect_uri": "https://portal/x",
        "state": "s1",
    }


def test_no_logout_url_without_an_end_session_endpoint(registered_fake):
    registered_fake.end_session_endpoint = ""

    assert provider_logout_url(registered_fake, id_token_hint="t") is None
