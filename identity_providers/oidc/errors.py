"""Every way a login at an identity provider can fail, each with its own name.

The code is what the flow logs and what support sees; the title and message are what the
citizen reads. ``detail`` is for logs only: it never holds personal data, codes or tokens (it
names the claim or the call that failed, never its value); text that comes from a provider
(its ``error`` parameter) is cut short and kept to printable characters, so that it cannot
forge log lines.
"""

from django.utils.translation import gettext_lazy as _

from franceconnect.infrastructure.errors import ErrorKind


def _kind(code: str, http_status: int, title, message, *, level: str = "error") -> ErrorKind:
    """The portal's error kind, shown on its one error page; support files these under the
    identity providers."""
    return ErrorKind(code, http_status, title, message, level=level, contact_category="identity_provider")


_TECHNICAL_TITLE = _("We could not verify your identity")
_TECHNICAL_MESSAGE = _(
    "We could not check the answer from your identity provider. Try again, or choose another account."
)

KINDS = {
    kind.code: kind
    for kind in [
        _kind(
            "cancelled",
            200,
            _("Login cancelled"),
            _("You cancelled the login at your identity provider. Nothing was sent to the site."),
            level="info",  # the citizen's own choice
        ),
        _kind(
            "provider_error",
            502,
            _("The identity provider refused the login"),
            _("The identity provider could not complete the login. Try again, or choose another account."),
        ),
        _kind(
            "provider_unavailable",
            503,
            _("This identity provider is not available"),
            _(
                "This identity provider is temporarily unavailable. Choose another account, or try again later."
            ),
        ),
        _kind(
            "unreachable",
            502,
            _("The identity provider cannot be reached"),
            _(
                "The identity provider is not responding at the moment. Choose another account, or try again later."
            ),
        ),
        _kind(
            "timeout",
            504,
            _("The identity provider is too slow"),
            _("The identity provider took too long to respond. Choose another account, or try again later."),
        ),
        _kind("bad_signature", 502, _TECHNICAL_TITLE, _TECHNICAL_MESSAGE),
        _kind("wrong_issuer", 502, _TECHNICAL_TITLE, _TECHNICAL_MESSAGE),
        _kind("wrong_audience", 502, _TECHNICAL_TITLE, _TECHNICAL_MESSAGE),
        _kind("expired_token", 502, _TECHNICAL_TITLE, _TECHNICAL_MESSAGE),
        _kind("invalid_issued_at", 502, _TECHNICAL_TITLE, _TECHNICAL_MESSAGE),
        _kind("malformed_token", 502, _TECHNICAL_TITLE, _TECHNICAL_MESSAGE),
        _kind("nonce_mismatch", 502, _TECHNICAL_TITLE, _TECHNICAL_MESSAGE),
        _kind("subject_mismatch", 502, _TECHNICAL_TITLE, _TECHNICAL_MESSAGE),
        _kind("token_exchange_failed", 502, _TECHNICAL_TITLE, _TECHNICAL_MESSAGE),
        _kind("invalid_response", 502, _TECHNICAL_TITLE, _TECHNICAL_MESSAGE),
        _kind(
            "invalid_acr",
            502,
            _("The security level of this login is unknown"),
            _(
                "The identity provider did not confirm a level of security it is approved for. "
                "Choose another account, or try again later."
            ),
        ),
        _kind(
            "state_mismatch",
            400,
            _("This login attempt is no longer valid"),
            _(
                "This login attempt expired or was started in another window. "
                "Go back to the site and start again."
            ),
        ),
        _kind(
            "invalid_identity",
            502,
            _("Some of your details are missing"),
            _(
                "Your identity provider did not send all the details we need to identify you "
                "(names, sex, date and place of birth). Choose another account, or contact us."
            ),
        ),
    ]
}


DETAIL_MAX_LENGTH = 200


def _loggable(detail: str) -> str:
    printable = "".join(character if character.isprintable() else "?" for character in detail)
    return printable[:DETAIL_MAX_LENGTH]


class IdentityProviderError(Exception):
    def __init__(self, code: str, detail: str = ""):
        if code not in KINDS:
            raise ValueError(f"unknown identity-provider error code {code!r}")
        detail = _loggable(detail)
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail

    @property
    def kind(self) -> ErrorKind:
        return KINDS[self.code]
