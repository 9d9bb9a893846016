"""Redirect and post-logout addresses as a partner declares them: checked once, kept as typed.

The portal compares them character for character at every request (DESIGN.md §5b), so they are
stored exactly as the partner wrote them, never normalised. What is refused, with the reason the
partner reads: a fragment (RFC 6749 §3.1.2), a wildcard, user information, spaces or control
characters, a relative address, a scheme other than https — except, on a sandbox site, http on
the developer's own machine (localhost, 127.0.0.1, [::1]) —, an address past ``MAX_LENGTH``
characters, more than ``MAX_COUNT`` addresses, the same address twice.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_LENGTH = 500
MAX_COUNT = 10
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})


def uri_problem(uri: str, *, sandbox: bool) -> str | None:
    """Why this address cannot be registered, or None."""
    if len(uri) > MAX_LENGTH:
        return _("%(uri)s is longer than %(limit)d characters.") % {
            "uri": uri[:60] + "…",
            "limit": MAX_LENGTH,
        }
    if any(character.isspace() or ord(character) < 32 or ord(character) == 127 for character in uri):
        return _("%(uri)s contains a space or a control character.") % {"uri": uri}
    if "#" in uri:
        return _("%(uri)s has a fragment (#…): an address with a fragment cannot receive the answer.") % {
            "uri": uri
        }
    if "*" in uri:
        return _("%(uri)s has a wildcard (*): each address is compared exactly, write each one in full.") % {
            "uri": uri
        }
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018 — raises on a port that is not a number
    except ValueError:
        return _("%(uri)s is not a valid address.") % {"uri": uri}
    if not parts.scheme or not parts.netloc or not parts.hostname:
        return _("%(uri)s is not a complete address: write it with https:// and the host name.") % {
            "uri": uri
        }
    if "@" in parts.netloc:
        return _("%(uri)s has a user name or a password in it.") % {"uri": uri}
    host = parts.netloc.rsplit(":", 1)[0] if not parts.netloc.endswith("]") else parts.netloc
    if parts.scheme == "https":
        return None
    if parts.scheme == "http" and sandbox and host.lower() in LOOPBACK_HOSTS:
        return None
    if sandbox:
        return _(
            "%(uri)s must start with https:// (http:// is accepted for localhost and 127.0.0.1 only)."
        ) % {"uri": uri}
    return _("%(uri)s must start with https://.") % {"uri": uri}


def uris_parse(text: str, *, sandbox: bool, required: bool) -> list[str]:
    """The addresses of a text field (one per line, or separated by spaces), checked; raises
    ValidationError with every problem found."""
    uris = text.split()
    problems = []
    if required and not uris:
        problems.append(_("Enter at least one address."))
    if len(uris) > MAX_COUNT:
        problems.append(_("Enter at most %(count)d addresses.") % {"count": MAX_COUNT})
    seen = set()
    for uri in uris:
        problem = uri_problem(uri, sandbox=sandbox)
        if problem is None and uri in seen:
            problem = _("%(uri)s is written twice.") % {"uri": uri}
        seen.add(uri)
        if problem:
            problems.append(problem)
    if problems:
        raise ValidationError(problems)
    return uris
