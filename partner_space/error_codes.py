"""The error codes a partner site meets, with what each means for its developers: the integration
page lists them, the statistics page explains the codes it counts.

Each code has its home elsewhere; this module only gathers them for partners:
- the OAuth / OpenID Connect errors the partner-facing API answers (``OAUTH_ERRORS``: the codes
  are the protocol's, the meanings say when the portal gives each);
- the pages a citizen may stop on, with the code they show (franceconnect/federation/flow/errors.py),
  and a failure at the identity provider (identity_providers/oidc/errors.py);
- « Revenir sur le site » (service_statistics.steps.BACK_TO_SITE).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from franceconnect.federation.flow import errors as flow_errors
from franceconnect.infrastructure.errors import ErrorKind
from identity_providers.oidc.errors import KINDS as PROVIDER_ERRORS
from service_statistics.steps import BACK_TO_SITE


@dataclass(frozen=True)
class ErrorCode:
    code: str
    where: str | Promise
    meaning: str | Promise


AUTHORIZE = _("back to your redirect URI")
TOKEN = _("token endpoint")
USERINFO = _("userinfo endpoint")
PAGE = _("a page shown to the citizen")

OAUTH_ERRORS = (
    ErrorCode(
        "invalid_request",
        AUTHORIZE,
        _(
            "A parameter is missing, repeated or wrong: state, nonce (22 characters or more), acr_values, response_mode, max_age, claims, PKCE."
        ),
    ),
    ErrorCode("invalid_scope", AUTHORIZE, _("openid is missing, or a scope the site is not allowed.")),
    ErrorCode(
        "unsupported_response_type", AUTHORIZE, _("response_type must be code (the authorization code flow).")
    ),
    ErrorCode(
        "access_denied",
        AUTHORIZE,
        _(
            "The citizen went back to the site without logging in, or an essential acr cannot be met. Nothing was sent."
        ),
    ),
    ErrorCode("login_required", AUTHORIZE, _("prompt=none: every login shows a confirmation screen.")),
    ErrorCode("request_not_supported", AUTHORIZE, _("Request objects (request) are not supported.")),
    ErrorCode("request_uri_not_supported", AUTHORIZE, _("request_uri is not supported.")),
    ErrorCode(
        "invalid_client",
        TOKEN,
        _(
            "Client authentication failed: wrong client id or secret, two methods that disagree, or the previous secret after its grace period."
        ),
    ),
    ErrorCode(
        "invalid_grant",
        TOKEN,
        _(
            "The code is unknown, expired (30 seconds), already used, issued to another site, or redirect_uri is not the authorize one."
        ),
    ),
    ErrorCode(
        "unsupported_grant_type",
        TOKEN,
        _("Only grant_type=authorization_code is supported (no refresh token)."),
    ),
    ErrorCode("invalid_target", TOKEN, _("Resource indicators (resource) are not supported.")),
    ErrorCode(
        "invalid_token",
        USERINFO,
        _("The access token is missing, expired (60 seconds), revoked, or is not an access token."),
    ),
)


def _flow_pages() -> list[ErrorKind]:
    kinds = [value for value in vars(flow_errors).values() if isinstance(value, ErrorKind)]
    return sorted(kinds, key=lambda kind: kind.code)


def citizen_pages() -> list[ErrorCode]:
    """The codes of the pages a citizen may stop on (their title says what happened)."""
    pages = [ErrorCode(kind.code, PAGE, kind.title) for kind in _flow_pages()]
    pages += [
        ErrorCode(kind.code, _("the identity provider"), kind.title) for kind in PROVIDER_ERRORS.values()
    ]
    pages.append(ErrorCode(BACK_TO_SITE, PAGE, _("The citizen chose « Revenir sur le site ».")))
    return pages


def meaning_of(code: str) -> str:
    """What a code the statistics count means, or an empty string for one unknown here."""
    for known in (*OAUTH_ERRORS, *citizen_pages()):
        if known.code == code:
            return str(known.meaning)
    return ""
