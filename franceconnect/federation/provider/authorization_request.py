"""FranceConnect's rules for an authorization request, beyond what django-oauth-toolkit checks.

django-oauth-toolkit checks the client, the exact redirect URI, the response type, the scopes
allowed for the site and PKCE; here: ``openid``, ``state``, ``nonce`` of 22 characters or more,
bounded parameter sizes, ``acr_values`` and an essential ``acr`` in ``claims``, ``prompt``,
``max_age``, ``idp_hint`` (a provider the site is offered, and among its allowed values if it
has a list: refused rather than ignored, so that a site learns its mistake), and the parameters
the portal does not implement (``request``, ``request_uri``, a ``response_mode`` other than
``query``). The result is the typed request an interaction keeps.
"""

import json

from franceconnect.federation.state import AuthorizationRequest
from franceconnect.infrastructure.vocabulary import EIDAS_LEVELS, LOWEST_EIDAS_LEVEL, eidas_rank

MINIMUM_NONCE_LENGTH = 22
# Generous for real partners (64- and 128-character states and nonces are common), small enough
# that an anonymous request cannot make the portal store or parse much.
MAXIMUM_LENGTHS = {
    "state": 512,
    "nonce": 512,
    "claims": 2048,
    "scope": 512,
    "ui_locales": 64,
    "idp_hint": 64,
    "acr_values": 64,
    "prompt": 64,
    "max_age": 9,
    "code_challenge": 128,
}
PROMPT_VALUES = {"login", "consent", "none"}


class AuthorizeError(Exception):
    """An OpenID error to send back to the site's verified redirect URI."""

    def __init__(self, error: str, description: str):
        super().__init__(description)
        self.error = error
        self.description = description


def checked_request(
    params, *, scopes, redirect_uri: str, site, offered_levels: set[str], offered_slugs: set[str]
) -> AuthorizationRequest:
    """The request as the interaction keeps it; AuthorizeError names the first rule broken.

    ``offered_levels``: the eIDAS levels the identity providers the site offers can assert;
    ``offered_slugs``: their identifiers, the values ``idp_hint`` may name.
    """
    if "request" in params:
        raise AuthorizeError("request_not_supported", "The request parameter is not supported.")
    if "request_uri" in params:
        raise AuthorizeError("request_uri_not_supported", "The request_uri parameter is not supported.")
    if params.get("response_mode", "query") != "query":
        raise AuthorizeError("invalid_request", "Only response_mode=query is supported.")
    for name, limit in MAXIMUM_LENGTHS.items():
        if len(params.get(name, "")) > limit:
            raise AuthorizeError(
                "invalid_request", f"The {name} parameter is longer than {limit} characters."
            )
    if "openid" not in scopes:
        raise AuthorizeError("invalid_scope", "The openid scope is required.")
    if not params.get("state"):
        raise AuthorizeError("invalid_request", "The state parameter is required.")
    nonce = params.get("nonce", "")
    if len(nonce) < MINIMUM_NONCE_LENGTH:
        raise AuthorizeError(
            "invalid_request",
            f"The nonce parameter is required, of {MINIMUM_NONCE_LENGTH} characters or more.",
        )
    if params.get("code_challenge") and params.get("code_challenge_method") != "S256":
        raise AuthorizeError("invalid_request", "PKCE requires code_challenge_method=S256.")
    prompt = tuple(params.get("prompt", "").split())
    if any(value not in PROMPT_VALUES for value in prompt):
        raise AuthorizeError("invalid_request", "Unsupported prompt value.")
    if "none" in prompt:
        # Every connection shows the confirmation screen: no silent authentication exists.
        raise AuthorizeError("login_required", "This provider always shows a confirmation screen.")
    _idp_hint_check(params.get("idp_hint", ""), site, offered_slugs)
    claims = params.get("claims", "")
    return AuthorizationRequest(
        client_id=site.client_id,
        redirect_uri=redirect_uri,
        scopes=tuple(scopes),
        state=params["state"],
        nonce=nonce,
        acr=_required_acr(params.get("acr_values", ""), _essential_acr(claims), site, offered_levels),
        prompt=prompt,
        max_age=_max_age(params.get("max_age")),
        claims=claims,
        code_challenge=params.get("code_challenge", ""),
        code_challenge_method=params.get("code_challenge_method", "") if params.get("code_challenge") else "",
    )


def _idp_hint_check(idp_hint: str, site, offered_slugs: set[str]) -> None:
    """An ``idp_hint`` names an identity provider the site is offered and, if the site has a list
    of allowed values (ServiceProvider.allowed_idp_hints), one of them. A provider offered but
    unavailable for now is not an error: the chooser shows it greyed out with its message."""
    if not idp_hint:
        return
    allowed = site.allowed_idp_hint_set
    if allowed and idp_hint not in allowed:
        raise AuthorizeError("invalid_request", "This idp_hint value is not allowed for this site.")
    if idp_hint not in offered_slugs:
        raise AuthorizeError(
            "invalid_request", "The idp_hint names no identity provider offered to this site."
        )


def _max_age(value: str | None) -> int | None:
    if value is None or value == "":
        return None
    if not value.isascii() or not value.isdigit():
        raise AuthorizeError("invalid_request", "max_age must be a number of seconds.")
    return int(value)


def _essential_acr(claims: str) -> list[str]:
    """The acr values the `claims` parameter (OpenID Connect §5.5.1.1) marks essential, if any."""
    if not claims:
        return []
    try:
        parsed = json.loads(claims)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict) or not all(isinstance(part, dict | None) for part in parsed.values()):
        raise AuthorizeError("invalid_request", "The claims parameter must be a JSON object.")
    essential = []
    for part in ("id_token", "userinfo"):
        acr = (parsed.get(part) or {}).get("acr")
        if isinstance(acr, dict) and acr.get("essential") is True:
            values = acr.get("values") if "values" in acr else [acr.get("value")]
            if (
                not isinstance(values, list)
                or not values
                or any(value not in EIDAS_LEVELS for value in values)
            ):
                raise AuthorizeError("invalid_request", "An essential acr must name eIDAS levels.")
            essential.extend(values)
    return essential


def _required_acr(acr_values: str, essential: list[str], site, offered_levels: set[str]) -> str:
    """The lowest level that answers both acr_values and an essential acr claim."""
    requested = acr_values.split() or [LOWEST_EIDAS_LEVEL]
    if any(acr not in EIDAS_LEVELS for acr in requested) or max(map(eidas_rank, requested)) > eidas_rank(
        site.eidas_level
    ):
        raise AuthorizeError("invalid_request", "acr_values not supported")
    required = min(requested, key=eidas_rank)
    if essential:
        essential_minimum = min(essential, key=eidas_rank)
        required = max(required, essential_minimum, key=eidas_rank)
        highest_offered = max(map(eidas_rank, offered_levels), default=0)
        if eidas_rank(required) > min(highest_offered, eidas_rank(site.eidas_level)):
            # OpenID Connect §5.5.1.1: an essential acr that cannot be met is an authentication
            # failure, never a login at a lower level.
            raise AuthorizeError("access_denied", "The essential acr requested cannot be met for this site.")
    return required
