"""The security e-mail's « ce n'était pas moi » link: a signed, dated key to one connection record.

The link names the connection by its reference, signed with its own salt and dated, so that a
tampered link names nothing and an old one (``CONNECTION_REPORT_LINK_DAYS``) is refused. It can
be opened once: the page it leads to records that opening (citizen_space.models.ConnectionReport,
one per connection) and then acts for that browser only.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "citizen_space.connection_report"


def report_link(reference: str) -> str:
    # The reference stays readable in the link (support can read it from a pasted address);
    # it is no secret: the e-mail shows it, and it alone opens nothing.
    token = signing.TimestampSigner(salt=SALT).sign(reference)
    return settings.PUBLIC_BASE_URL + reverse("space_report_link", args=[token])


def report_link_reference(token: str) -> str | None:
    """The connection's reference a link names, or None if it was altered or is too old."""
    if len(token) > 200:
        return None
    try:
        return signing.TimestampSigner(salt=SALT).unsign(
            token, max_age=settings.CONNECTION_REPORT_LINK_DAYS * 24 * 3600
        )
    except (signing.BadSignature, ValueError):  # SignatureExpired is a BadSignature
        return None
