"""The ways the citizen's journey can stop, each with its name, status and words."""

from django.utils.translation import gettext_lazy as _

from franceconnect.infrastructure.errors import ErrorKind

UNKNOWN_INTERACTION = ErrorKind(
    "unknown_interaction",
    400,
    _("There is no login in progress"),
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
        "The site does not accept this identity provider, or not at the level of assurance it needs. Choose another account."
    ),
)
INSUFFICIENT_ACR = ErrorKind(
    "insufficient_acr",
    403,
    _("This account is not secure enough for this site"),
    _("The site needs a higher level of assurance than this account offers. Choose another account."),
)
NO_NEW_AUTHENTICATION = ErrorKind(
    "no_new_authentication",
    403,
    _("Your identity provider did not ask for your password again"),
    _(
        "The site asked you to log in again, but your identity provider used your earlier login. Nothing was sent to the site. Try again, or choose another account."
    ),
)
REGISTER_UNAVAILABLE = ErrorKind(
    "register_unavailable",
    503,
    _("Your identity cannot be checked at the moment"),
    _("The register of persons is not responding. Nothing was sent to the site. Try again in a few minutes."),
)
IDENTITY_NOT_VERIFIED = ErrorKind(
    "identity_not_verified",
    403,
    _("Your identity was not found"),
    _(
        "We could not find the identity sent by your identity provider in the register of persons. Nothing was sent to the site."
    ),
)
IDENTITY_NOT_VERIFIED_EXPLANATION = _(
    "To use this service, you need a permanent French social security registration. If you have one, the details held by your account (names, date and place of birth) may not match the register. Contact the organisation that runs that account, or our support team, and give them the error code above."
)
ACCOUNT_DISABLED = ErrorKind(
    "account_disabled",
    403,
    _("This account can no longer be used"),
    _(
        "Your account on the portal has been disabled. Nothing was sent to the site. Contact us to find out more."
    ),
)
PROVIDER_BLOCKED = ErrorKind(
    "identity_provider_blocked",
    403,
    _("You blocked logging in with this account"),
    _(
        "In your space, you chose that this account may not be used to log in as you. Nothing was sent to the site, and we sent you a security e-mail. Choose another account, or allow this one again in your space."
    ),
)
IDENTITY_DECEASED = ErrorKind(
    "identity_deceased",
    403,
    _("This identity cannot be used to log in"),
    _(
        "The register of persons records the person with this identity as deceased. Nothing was sent to the site."
    ),
)
IDENTITY_DECEASED_EXPLANATION = _(
    "If this is your identity, the register holds wrong information about you. Contact your social security office to have it corrected, then contact our support team and give them the error code above."
)
ACCOUNT_SUSPENDED = ErrorKind(
    "account_suspended",
    403,
    _("Your account is suspended"),
    _(
        "Your account on the portal was suspended by our team, for example because someone else used your identity. Nothing was sent to the site."
    ),
    contact_category="account_suspended",
)
ACCOUNT_SUSPENDED_EXPLANATION = _(
    "To find out why, or to use your account again, contact our support team with the contact form: it is already set to this request. Support will check that it is you before lifting the suspension."
)
