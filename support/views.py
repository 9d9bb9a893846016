"""The contact form: the ticket is saved first, then the acknowledgement e-mail follows."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from support.forms import ContactForm
from support.prefill import prefill_from
from support.services import ticket_create

LAST_TICKET_SESSION_KEY = "support.last_ticket"


def _email_key(group, request) -> str:
    return (request.POST.get("email") or "").strip().lower()


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(
    key="ip", rate=lambda group, request: settings.SUPPORT_RATE_LIMIT_PER_IP, method="POST", block=False
)
@ratelimit(
    key=_email_key,
    rate=lambda group, request: settings.SUPPORT_RATE_LIMIT_PER_EMAIL,
    method="POST",
    block=False,
)
def contact(request):
    if getattr(request, "limited", False):
        return render(request, "support/rate_limited.html", status=429)
    prefill = prefill_from(request.GET.get("p", "") or request.POST.get("p", ""))
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            ticket = ticket_create(
                name=data["name"],
                email=data["email"],
                category=data["category"],
                message=data["message"],
                connection_reference=data["connection_reference"],
                context={
                    key: value
                    for key, value in prefill.items()
                    if key in ("error", "site", "identity_provider")
                },
                language=get_language(),
            )
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
        "prefill": prefill,
        "prefill_token": request.GET.get("p", "") or request.POST.get("p", ""),
    }
    return render(request, "support/contact.html", context)


@never_cache
@require_GET
def sent(request):
    reference = request.session.get(LAST_TICKET_SESSION_KEY)
    if reference is None:
        return redirect("support_contact")
    return render(request, "support/sent.html", {"reference": reference})
