"""The partner site's credentials in an ``Authorization: Basic`` header (client_secret_basic).

django-oauth-toolkit decodes the header inside its own authentication and falls back to the body
when it fails. The token endpoint needs to know, before that, whether Basic was used at all and
what it says, to refuse two methods that disagree (RFC 6749 §2.3) and to answer a failed Basic
authentication with a matching ``WWW-Authenticate: Basic`` challenge (RFC 6749 §5.2).
"""

import base64
import binascii
from dataclasses import dataclass
from urllib.parse import unquote_plus

# The scheme as django-oauth-toolkit recognises it (exactly), so that both agree on what was sent.
SCHEME = "Basic"


@dataclass(frozen=True)
class BasicCredentials:
    client_id: str = ""
    client_secret: str = ""
    well_formed: bool = True


MALFORMED = BasicCredentials(well_formed=False)


def basic_credentials(authorization: str) -> BasicCredentials | None:
    """What a Basic header says; None if the request has no Basic header."""
    scheme, _, encoded = (authorization or "").partition(" ")
    if scheme != SCHEME:
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):  # not base64, or not UTF-8 (UnicodeDecodeError)
        return MALFORMED
    client_id, separator, client_secret = decoded.partition(":")
    if not separator or not client_id:
        return MALFORMED
    # RFC 6749 §2.3.1: both parts are form-encoded before they are joined.
    return BasicCredentials(client_id=unquote_plus(client_id), client_secret=unquote_plus(client_secret))
