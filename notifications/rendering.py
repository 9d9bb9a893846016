"""An e-mail's subject, plain text and HTML, rendered in the language its recipient used.

The subject is a mail header, not HTML: it is rendered without autoescaping (« Caisse
d'allocations familiales » must not arrive as « Caisse d&#x27;allocations familiales »), and on one
line, whatever a site's name holds, so that no value can add a header of its own.
The plain-text bodies switch autoescaping off themselves; the HTML bodies keep it.
"""

import re
from datetime import datetime

from django.conf import settings
from django.template import Context, Engine
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from franceconnect.infrastructure.dates import date_readable
from identity_providers.selectors import identity_provider_password_change_url
from notifications.models import Notification

# Everything that ends a line for a mail reader or for Python (\r, \n, \v, \f, \x1c-\x1e, \x85,
# U+2028, U+2029), with the spaces around it, becomes one space.
_LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+\s*")
_SPACES = re.compile(r"[ \t]+")  # not the non-breaking ones: French typography keeps them


def _context(notification) -> dict:
    context = dict(notification.context)
    # Each kind's moment (a connection, a refused login, a change), readable in Paris time (TIME_ZONE).
    for moment_name in ("connected", "attempted", "changed"):
        if f"{moment_name}_at" in context:
            moment = timezone.localtime(datetime.fromisoformat(context[f"{moment_name}_at"]))
            context[f"{moment_name}_date"] = date_readable(moment.date())
            context[f"{moment_name}_time"] = moment.strftime("%H:%M")
    if notification.kind == Notification.Kind.SECURITY_CONNECTION:
        # The registry's page as it is when the e-mail is written (an administrator may add it
        # to a provider any time); old rows without a connection get the general advice.
        context["password_change_url"] = identity_provider_password_change_url(
            connection_id=notification.connection_id
        )
    return {
        **context,
        "portal_name": settings.PORTAL_NAME,
        "portal_url": settings.PUBLIC_BASE_URL,
        "space_url": settings.PUBLIC_BASE_URL + reverse("space_home"),
    }


def subject_render(template_name: str, context: dict) -> str:
    """A subject line: plain text (no HTML escaping) on a single line."""
    template = Engine.get_default().get_template(template_name)
    text = template.render(Context(context, autoescape=False))
    return _SPACES.sub(" ", _LINE_BREAKS.sub(" ", text)).strip()


def notification_render(notification) -> tuple[str, str, str]:
    template = f"notifications/email/{notification.kind}"
    with translation.override(notification.language):
        context = _context(notification)
        subject = subject_render(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    return subject, text, html
