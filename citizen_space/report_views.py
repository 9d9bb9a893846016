"""« Ce n'était pas moi »: the pages a security e-mail's link leads to, without signing in.

- ``/mon-espace/signalement/<link>/``: checks the link and asks the person to open it (a button):
  a mail scanner that follows links must not use up a single-use link. Nothing of the connection
  is shown before; a tampered, old or used link shows nothing of it at all.
- ``/mon-espace/signalement/``: the connection that link opened, in this browser only, and what
  the person can do: tell support (an urgent ticket), end every session of the account, and
  (after signing in to the space) block the identity provider that was used.
"""

import time

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from citizen_space import errors, session
from citizen_space.forms import ReportTicketForm
from citizen_space.history import data_labels, level_label
from citizen_space.reports import (
    ReportLinkUsed,
    report_by_id,
    report_link_connection,
    report_link_used,
    report_open,
    report_recipient,
    report_sessions_end,
    report_ticket_create,
)
from franceconnect.infrastructure.errors import error_page

DEFAULT_MESSAGE = "Je ne suis pas à l'origine de cette connexion."


@never_cache
@require_http_methods(["GET", "POST"])
def report_link(request, token: str):
    connection = report_link_connection(token)
    if connection is None:
        return error_page(request, errors.REPORT_LINK_INVALID)
    if report_link_used(connection):
        return error_page(request, errors.REPORT_LINK_USED)
    if request.method == "GET":
        return render(request, "citizen_space/report_open.html")
    try:
        report = report_open(connection=connection)
    except ReportLinkUsed:
        return error_page(request, errors.REPORT_LINK_USED)
    session.report_store(
        request,
        session.OpenedReport(
            report_id=report.pk,
            connection_id=connection.pk,
            expires_at=time.time() + session.REPORT_LIFETIME_SECONDS,
        ),
    )
    return redirect("space_report")


def _opened_report(request):
    opened = session.report_current(request)
    return report_by_id(opened.report_id) if opened is not None else None


@never_cache
@require_http_methods(["GET", "POST"])
def report(request):
    """The connection the link opened, and the ticket form (posted here)."""
    opened = _opened_report(request)
    if opened is None:
        return error_page(request, errors.REPORT_NOT_OPEN)
    if request.method == "POST" and opened.ticket_id is None:
        form = ReportTicketForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            report_ticket_create(
                report=opened,
                name=data["name"],
                email=data["email"],
                message=data["message"] or DEFAULT_MESSAGE,
                language=get_language(),
            )
            messages.success(request, _("Your report is sent. We will reply by e-mail."))
            return redirect("space_report")
    else:
        form = ReportTicketForm(initial={"email": report_recipient(opened)})
    connection = opened.connection
    provider = connection.identity_provider
    context = {
        "report": opened,
        "connection": connection,
        "data": data_labels(connection.claims),
        "level": level_label(connection.acr),
        "form": form,
        "error_summary": form.error_summary() if form.is_bound else [],
        "block_next": f"{reverse('space_providers')}?bloquer={provider.slug}" if provider else "",
    }
    return render(request, "citizen_space/report.html", context, status=400 if form.errors else 200)


@never_cache
@require_POST
def report_sessions(request):
    """« Mettre fin à toutes les sessions »: every single sign-on of the account ends."""
    opened = _opened_report(request)
    if opened is None:
        return error_page(request, errors.REPORT_NOT_OPEN)
    report_sessions_end(report=opened)
    messages.success(request, _("Every session opened with your identity has ended."))
    return redirect("space_report")
