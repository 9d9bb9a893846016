"""The contact form: the ticket is saved first, then the acknowledgement e-mail follows."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from support.forms import ContactForm
from support.prefill import REPORT_PARAMETER, prefill_from, prefill_from_report
from support.rate_limits import contact_limit_reached, contact_request_count
from support.services import ticket_create

LAST_TICKET_SESSION_KEY = "support.last_ticket"
CONTEXT_FIELDS = ("error", "site", "identity_provider")


def _link_parameters(request) -> dict[str, str]:
    """The pre-filling link's parameters, from the address (GET) or carried by the form (POST)."""
    source = request.POST if request.method == "POST" else request.GET
    return {name: source[name] for name in ("p", REPORT_PARAMETER) if source.get(name)}


def _prefill(parameters: dict[str, str]) -> dict[str, str]:
    if REPORT_PARAMETER in parameters:
        return prefill_from_report(parameters[REPORT_PARAMETER])
    return prefill_from(parameters.get("p", ""))


@never_cache
@require_http_methods(["GET", "POST"])
def contact(request):
    parameters = _link_parameters(request)
    prefill = _prefill(parameters)
    limit = None
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            limit = contact_limit_reached(request, email=data["email"])
            if limit is None:
                ticket = ticket_create(
                    name=data["name"],
                    email=data["email"],
                    category=data["category"],
                    message=data["message"],
                    connection_reference=data["connection_reference"],
                    context={key: value for key, value in prefill.items() if key in CONTEXT_FIELDS},
                    language=get_language(),
                )
                contact_request_count(request, email=data["email"])
                request.session[LAST_TICKET_SESSION_KEY] = ticket.reference
                return redirect("support_sent")
    else:
        form = ContactForm(
            initial={
                "category": prefill.get("category", ""),
                "connection_reference": prefill.get("reference", ""),
            }
        )
    context = {
        "form": form,
        "error_summary": form.error_summary() if form.is_bound else [],
        "limit": limit,
        "support_email": settings.SUPPORT_EMAIL,
        "prefill": prefill,
        "link_parameters": parameters,
    }
    # A reached limit keeps what was typed: the form comes back filled, to be sent later.
    response = render(request, "support/contact.html", context, status=429 if limit else 200)
    if limit:
        response["Retry-After"] = str(limit.retry_after)
    return response


@never_cache
@require_GET
def sent(request):
    reference = request.session.get(LAST_TICKET_SESSION_KEY)
    if reference is None:
        return redirect("support_contact")
    return render(request, "support/sent.html", {"reference": reference})
