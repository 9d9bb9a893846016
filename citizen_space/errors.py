"""The ways a step of the space can stop, each with its code, status and words."""

from django.utils.translation import gettext_lazy as _

from franceconnect.infrastructure.errors import ErrorKind

SIGN_IN_NOT_FOUND = ErrorKind(
    "space_sign_in_unknown",
    400,
    _("This sign-in to your space has expired"),
    _(
        "The sign-in was started too long ago, or in another browser. Nothing was opened. Sign in to your space again."
    ),
)
SIGN_IN_FAILED = ErrorKind(
    "space_sign_in_failed",
    400,
    _("You could not be signed in to your space"),
    _("The answer of the login could not be checked. Nothing was opened. Sign in to your space again."),
)
SPACE_CLOSED = ErrorKind(
    "space_closed",
    503,
    _("Your space is closed at the moment"),
    _(
        "The citizen space is not available for now. Logging in to partner sites still works. Try again later."
    ),
)
REPORT_LINK_INVALID = ErrorKind(
    "report_link_invalid",
    404,
    _("This link cannot be opened"),
    _(
        "The link is incomplete, or it is older than the time a security e-mail's link can be used. Copy the whole link from the e-mail, or contact us and give the login reference the e-mail shows."
    ),
    contact_category="identity_theft",
)
REPORT_LINK_USED = ErrorKind(
    "report_link_used",
    410,
    _("This link has already been used"),
    _(
        "A security e-mail's link opens only once, so that nobody else can use it. To see your connections and block an account, sign in to your space. To tell us what happened, contact us."
    ),
    level="info",
    contact_category="identity_theft",
)
REPORT_NOT_OPEN = ErrorKind(
    "report_not_open",
    400,
    _("No report is open in this browser"),
    _(
        "Open the link from the security e-mail in this browser. If you already opened it, sign in to your space or contact us."
    ),
    contact_category="identity_theft",
)
