"""What every page of the space shares: the signed-in person, the 404 for what is not theirs,
the rendering of a refused form, the address a login may lead back to."""

import functools
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from partner_space import session
from partner_space.selectors import person_by_id
from partner_space.services.accounts import password_fingerprint

NEXT_FIELD = "suivant"
NEXT_MAX_LENGTH = 500


def space_prefixes() -> tuple[str, ...]:
    """The space's address in each language (/partenaires/, /en/partenaires/…): where a login may lead."""
    prefixes = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            prefixes.append(reverse("partner_home"))
    return tuple(prefixes)


def next_path_checked(value: str) -> str:
    if (
        isinstance(value, str)
        and len(value) <= NEXT_MAX_LENGTH
        and value.startswith(space_prefixes())
        and url_has_allowed_host_and_scheme(value, allowed_hosts=None)
    ):
        return value
    return reverse("partner_home")


def login_redirect(request):
    login = reverse("partner_login")
    if request.method != "GET":
        return redirect(login)
    return redirect(
        f"{login}?{urlencode({NEXT_FIELD: request.get_full_path()})}"
    )  # a query string kept whole


def partner_required(view):
    """Runs the view with the signed-in person, or sends them to the login page (and back)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        was_open = session.partner_was_open(request)
        partner = session.partner_current(request)
        person = person_by_id(partner.person_id) if partner else None
        if partner is not None and (
            person is None
            or not person.user.is_active
            or person.email_verified_at is None
            or password_fingerprint(person) != partner.password_fingerprint
        ):
            session.partner_close(request)
            person = None
        if person is None:
            if was_open:
                messages.info(request, _("Your session ended. Log in again to continue."))
            return login_redirect(request)
        request.partner_person = person
        return view(request, person, *args, **kwargs)

    return wrapped


def not_found():
    """Another organisation's object, or none: the same answer, so ids reveal nothing."""
    raise Http404


def page(request, template: str, context: dict, *, status: int = 200):
    context.setdefault("link_hours", settings.PARTNER_EMAIL_LINK_HOURS)
    return render(request, f"partner_space/{template}", context, status=status)


def form_page(request, template: str, context: dict):
    """A page with a form; 400 when the form was refused (its error summary takes the focus)."""
    form = context.get("form")
    refused = form is not None and form.is_bound and bool(form.errors)
    if refused:
        context["error_summary"] = form.error_summary()
    return page(request, template, context, status=400 if refused else 200)
