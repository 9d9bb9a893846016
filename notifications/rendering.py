"""An e-mail's subject, plain text and HTML, rendered in the language its recipient used."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from franceconnect.infrastructure.dates import date_readable

PARIS = ZoneInfo("Europe/Paris")


def _context(notification) -> dict:
    context = dict(notification.context)
    if "connected_at" in context:
        moment = datetime.fromisoformat(context["connected_at"]).astimezone(PARIS)
        context["connected_date"] = date_readable(moment.date())
        context["connected_time"] = moment.strftime("%H:%M")
    return {**context, "portal_name": settings.PORTAL_NAME, "portal_url": settings.PUBLIC_BASE_URL}


def notification_render(notification) -> tuple[str, str, str]:
    template = f"notifications/email/{notification.kind}"
    with translation.override(notification.language):
        context = _context(notification)
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    return subject, text, html
