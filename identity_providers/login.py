"""Sending a citizen to an identity provider, and taking its answer back.

Two plain functions for the federation flow, which owns the pages and URLs: the flow names the
provider and what the login must satisfy, and gets back the provider's verified answer or a named
error. The ``binding`` the flow passes in (its interaction's id) comes back with the answer: the
provider's ``state`` is stored in this browser's session with it, so an answer is taken only in the
browser that started it, once, within ``STATE_LIFETIME_SECONDS``.

State, nonce and PKCE are mozilla-django-oidc's (its session helper, its code challenge); each
provider's settings come from its row.
"""

import logging
import secrets
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse
from mozilla_django_oidc.utils import (
    absolutify,
    add_state_and_verifier_and_nonce_to_session,
    generate_code_challenge,
)

from identity_providers.models import IdentityProvider
from identity_providers.oidc.backend import ProviderBackend, ProviderLogin
from identity_providers.oidc.errors import IdentityProviderError
from identity_providers.selectors import identity_provider_active

logger = logging.getLogger(__name__)

STATES_SESSION_KEY = "oidc_states"  # mozilla-django-oidc's own key
STATE_LIFETIME_SECONDS = 600
MAX_ERROR_LENGTH = 100


@dataclass(frozen=True)
class ProviderAnswer:
    provider: IdentityProvider
    login: ProviderLogin
    binding: str


class ProviderAnswerError(Exception):
    """A failed answer; ``binding`` and ``provider`` are known when the state was."""

    def __init__(self, error: IdentityProviderError, *, binding: str = "", provider=None):
        super().__init__(error.code)
        self.error = error
        self.binding = binding
        self.provider = provider


def authentication_redirect(
    request,
    provider: IdentityProvider,
    *,
    binding: str,
    acr: str,
    prompt: tuple[str, ...] = (),
    max_age: int | None = None,
) -> HttpResponseRedirect:
    """The redirect to the provider's authorization endpoint, its state kept in the session."""
    # secrets' tokens: one system call each, where get_random_string makes one per character.
    state = secrets.token_urlsafe(24)  # 32 characters
    code_verifier = secrets.token_urlsafe(48)  # 64, within PKCE's 43-128
    params = {
        "response_type": "code",
        "scope": provider.scopes,
        "client_id": provider.client_id,
        "redirect_uri": absolutify(
            request, reverse(settings.OIDC_AUTHENTICATION_CALLBACK_URL)
        ),  # as the backend sends it
        "state": state,
        "nonce": secrets.token_urlsafe(24),
        "code_challenge": generate_code_challenge(code_verifier, "S256"),
        "code_challenge_method": "S256",
    }
    if acr in provider.eidas_levels:
        params["acr_values"] = acr
    if "login" in prompt:
        params["prompt"] = "login"
    if max_age is not None:
        params["max_age"] = str(max_age)
    add_state_and_verifier_and_nonce_to_session(request, state, params, code_verifier)
    request.session[STATES_SESSION_KEY][state].update(provider=provider.slug, binding=binding)
    request.session.modified = True
    return HttpResponseRedirect(f"{provider.authorization_endpoint}?{urlencode(params)}")


def provider_answer_take(request) -> ProviderAnswer:
    """The answer at the callback (``?code=…&state=…`` or ``?error=…&state=…``), verified; its
    state is used up whatever the outcome. Raises ProviderAnswerError, logged."""
    try:
        answer = _answer_take(request)
    except ProviderAnswerError as failure:
        logger.warning(
            "identity provider login failed: provider=%s error=%s detail=%s",
            failure.provider.slug if failure.provider else "-",
            failure.error.code,
            failure.error.detail,
        )
        raise
    logger.info("identity provider login succeeded: provider=%s", answer.provider.slug)
    return answer


def _answer_take(request) -> ProviderAnswer:
    state = request.GET.get("state", "")
    states = request.session.get(STATES_SESSION_KEY) or {}
    pending = states.pop(state, None) if state else None
    if pending is not None:
        request.session.modified = True
    if not isinstance(pending, dict) or time.time() - pending.get("added_on", 0) > STATE_LIFETIME_SECONDS:
        raise ProviderAnswerError(IdentityProviderError("state_mismatch", "unknown or expired state"))
    binding = pending.get("binding", "")
    provider = identity_provider_active(pending.get("provider", ""))
    if provider is None:
        raise ProviderAnswerError(
            IdentityProviderError("provider_unavailable", "provider removed"), binding=binding
        )
    if "error" in request.GET:
        code = "cancelled" if request.GET["error"] == "access_denied" else "provider_error"
        error = IdentityProviderError(code, request.GET["error"][:MAX_ERROR_LENGTH])
        raise ProviderAnswerError(error, binding=binding, provider=provider)
    if not request.GET.get("code"):
        error = IdentityProviderError("invalid_response", "no code")
        raise ProviderAnswerError(error, binding=binding, provider=provider)
    try:
        login = ProviderBackend(provider).authenticate(
            request, nonce=pending.get("nonce"), code_verifier=pending.get("code_verifier")
        )
    except IdentityProviderError as error:
        raise ProviderAnswerError(error, binding=binding, provider=provider) from error
    return ProviderAnswer(provider=provider, login=login, binding=binding)
