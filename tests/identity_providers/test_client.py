"""The OpenID Connect client towards identity providers, against a fake provider over real HTTP.

One test per named failure: each bends one part of the provider's answer.
"""

import html
import time

import pytest

from identity_providers.oidc.backend import provider_logout_url
from identity_providers.views import LOGIN_RESULT_SESSION_KEY
from tests.identity_provider_fixtures import query_of
from tests.identity_providers.fake_provider import VALID_IDENTITY, SigningKey

pytestmark = pytest.mark.django_db


def assert_named_error(response, code: str, status: int):
    assert response.status_code == status
    assert f"Code d'erreur : {code}" in html.unescape(response.content.decode())
    assert LOGIN_RESULT_SESSION_KEY not in response.wsgi_request.session


def test_the_authorization_request_carries_state_nonce_and_pkce_s256(portal_login, registered_fake):
    query = query_of(portal_login.start(acr_values="eidas2"))

    assert query["client_id"] == registered_fake.client_id
    assert query["redirect_uri"] == "http://testserver/fi/retour"
    assert query["response_type"] == "code"
    assert query["scope"].split()[0] == "openid"
    assert len(query["state"]) >= 32 and len(query["nonce"]) >= 32
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
    assert query["acr_values"] == "eidas2"


def test_an_acr_the_provider_cannot_assert_is_not_requested(portal_login):
    assert "acr_values" not in query_of(portal_login.start(acr_values="eidas3"))


def test_a_successful_login_yields_the_verified_pivot_identity(portal_login, fake_provider):
    response = portal_login.complete()

    assert response.status_code == 302
    assert response["Location"] == "/en/"
    login = response.wsgi_request.session[LOGIN_RESULT_SESSION_KEY]
    assert login["provider"] == "fake"
    assert login["sub"] == fake_provider.sub
    assert login["identity"] == VALID_IDENTITY
    assert login["acr"] == "eidas1"
    # The portal proved the code with its secret and its PKCE verifier.
    assert fake_provider.token_requests[0]["client_secret"] == fake_provider.client_secret
    assert len(fake_provider.token_requests[0]["code_verifier"]) >= 43


def test_es256_tokens_and_signed_userinfo_are_accepted(portal_login, fake_provider):
    fake_provider.rotate_key("ES256")
    fake_provider.userinfo_as_jwt = True

    response = portal_login.complete()

    assert response.status_code == 302
    assert response.wsgi_request.session[LOGIN_RESULT_SESSION_KEY]["identity"]["family_name"] == "DUBOIS"


def test_keys_are_cached_and_fetched_again_once_for_an_unknown_kid(portal_login, fake_provider):
    portal_login.complete()
    portal_login.complete()
    assert fake_provider.jwks_requests == 1  # the second login used the cached keys

    fake_provider.rotate_key()
    response = portal_login.complete()

    assert response.status_code == 302
    assert fake_provider.jwks_requests == 2


def test_cancelled_at_the_provider(portal_login):
    state = query_of(portal_login.start())["state"]

    response = portal_login.client.get("/fi/retour", {"error": "access_denied", "state": state})

    assert_named_error(response, "cancelled", 200)


def test_another_error_answer_from_the_provider(portal_login):
    state = query_of(portal_login.start())["state"]

    response = portal_login.client.get("/fi/retour", {"error": "server_error", "state": state})

    assert_named_error(response, "provider_error", 502)


def test_provider_down(portal_login, fake_provider):
    authorization_url = portal_login.start()
    code = fake_provider.authorize(authorization_url)
    fake_provider.stop()

    response = portal_login.client.get(
        "/fi/retour", {"code": code, "state": query_of(authorization_url)["state"]}
    )

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

    response = portal_login.client.get("/fi/retour", {"code": code, "state": "forged-state"})

    assert_named_error(response, "state_mismatch", 400)


def test_state_cannot_be_used_twice(portal_login, fake_provider):
    authorization_url = portal_login.start()
    state = query_of(authorization_url)["state"]
    portal_login.client.get(
        "/fi/retour", {"code": fake_provider.authorize(authorization_url), "state": state}
    )

    response = portal_login.client.get("/fi/retour", {"code": "whatever", "state": state})

    assert_named_error(response, "state_mismatch", 400)


def test_state_expires(portal_login, fake_provider, monkeypatch):
    authorization_url = portal_login.start()
    code = fake_provider.authorize(authorization_url)
    later = time.time() + 601
    monkeypatch.setattr("identity_providers.views.time.time", lambda: later)

    response = portal_login.client.get(
        "/fi/retour", {"code": code, "state": query_of(authorization_url)["state"]}
    )

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

    assert_named_error(portal_login.client.get("/fi/retour", {"state": state}), "invalid_response", 502)


def test_unavailable_provider_is_not_redirected_to(client, registered_fake):
    registered_fake.availability = registered_fake.Availability.UNAVAILABLE
    registered_fake.unavailable_message = "Maintenance jusqu'à 14 h."
    registered_fake.save()

    response = client.get("/fi/fake/connexion")

    assert response.status_code == 503
    assert "Maintenance jusqu'à 14 h." in html.unescape(response.content.decode())


def test_unknown_or_inactive_provider_is_a_404(client, registered_fake):
    registered_fake.is_active = False
    registered_fake.save()

    assert client.get("/fi/fake/connexion").status_code == 404
    assert client.get("/fi/nobody/connexion").status_code == 404


@pytest.mark.parametrize(
    ("prefix", "title"), [("", "Connexion annulée"), ("/en", "Connection cancelled"), ("/ru", "Вход отменён")]
)
def test_error_page_speaks_the_language_the_login_started_in(client, registered_fake, prefix, title):
    state = query_of(client.get(f"{prefix}/fi/fake/connexion")["Location"])["state"]

    response = client.get("/fi/retour", {"error": "access_denied", "state": state})

    assert f"<h1>{title}</h1>" in response.content.decode()


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
