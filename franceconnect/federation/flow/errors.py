"""The ways the citizen's journey can stop, each with its name, status and words."""

from django.utils.translation import gettext_lazy as _

from franceconnect.infrastructure.errors import ErrorKind

UNKNOWN_INTERACTION = ErrorKind(
    "unknown_interaction",
    400,
    _("No login in progress"),
    _("This page is part of a login started on a partner site. Go back to the site and start again."),
)
INTERACTION_EXPIRED = ErrorKind(
    "interaction_expired",
    400,
    _("This login has expired"),
    _(
        "The login was started too long ago. Nothing was sent to the site. Go back to the site and start again."
    ),
)
INTERACTION_FINISHED = ErrorKind(
    "interaction_finished",
    400,
    _("This login has already finished"),
    _("This login was completed or cancelled. Go back to the site to continue, or to log in again."),
    level="info",
)
PROVIDER_NOT_OFFERED = ErrorKind(
    "provider_not_offered",
    400,
    _("This account cannot be used for this site"),
    _(
        "The site does not accept this identity provider, or not at the level of assurance it asks. Choose another account."
    ),
)
INSUFFICIENT_ACR = ErrorKind(
    "insufficient_acr",
    403,
    _("This account is not secure enough for this site"),
    _("The site asks for a higher level of assurance than this account offers. Choose another account."),
)
NO_NEW_AUTHENTICATION = ErrorKind(
    "no_new_authentication",
    403,
    _("Your identity provider did not ask for your password again"),
    _(
        "The site asks for a new login, and the identity provider answered with an earlier one. Nothing was sent to the site. Try again, or choose another account."
    ),
)
REGISTER_UNAVAILABLE = ErrorKind(
    "register_unavailable",
    503,
    _("Your identity cannot be checked at the moment"),
    _("The register of persons does not answer. Nothing was sent to the site. Try again in a few minutes."),
)
IDENTITY_NOT_VERIFIED = ErrorKind(
    "identity_not_verified",
    403,
    _("Identity not verified"),
    _(
        "The identity sent by your identity provider could not be found in the register of persons. Nothing was sent to the site."
    ),
)
IDENTITY_NOT_VERIFIED_EXPLANATION = _(
    "Using this service requires a permanent French social security registration. If you have one, the information held by your account (names, date and place of birth) may differ from the register's: contact the organisation that manages that account, or our support, giving the error code above."
)
ACCOUNT_DISABLED = ErrorKind(
    "account_disabled",
    403,
    _("This account can no longer be used"),
    _("Your account on the portal is disabled. Nothing was sent to the site. Contact us to know more."),
)
