"""One way to tell a person something went wrong: a named error and one page for all of them.

Every app describes its errors as ``ErrorKind`` values (a code that support and logs use, the HTTP
status, and the title and message the person reads) and answers with ``error_page``, which always
offers a way on: back to the partner site when there is one (the site then receives the OpenID
error), the contact form pre-filled with the error's code, and the home page.
"""

from dataclasses import dataclass

from django.shortcuts import render
from django.utils.functional import Promise


@dataclass(frozen=True)
class ErrorKind:
    code: str
    http_status: int
    title: str | Promise
    message: str | Promise
    level: str = "error"  # the DSFR alert's kind: "error", or "info" for what the person chose
    contact_category: str = "cannot_connect"  # the contact form's category, pre-filled


@dataclass(frozen=True)
class WayBack:
    """« Revenir sur <site> »: where the person goes to leave the journey."""

    site_name: str
    url: str


def error_page(
    request, kind: ErrorKind, *, way_back: WayBack | None = None, status: int | None = None, **details
):
    """The error page; ``details`` are shown and pre-filled in the contact link (e.g.
    ``identity_provider=<name>``); nothing personal goes in them."""
    context = {"error": kind, "way_back": way_back, "details": details}
    return render(request, "errors/error.html", context, status=status or kind.http_status)
