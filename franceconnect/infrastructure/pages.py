"""The portal's public pages and its error pages."""

import logging

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@require_safe
def home(request):
    return render(request, "franceconnect/home.html")


def _error_page(request, *, status_code: int, title: str, message: str):
    context = {"status_code": status_code, "error_title": title, "error_message": message}
    return render(request, "franceconnect/error.html", context, status=status_code)


def bad_request(request, exception=None):
    return _error_page(
        request,
        status_code=400,
        title=_("Invalid request"),
        message=_("The request could not be understood. Please go back and try again."),
    )


def permission_denied(request, exception=None):
    return _error_page(
        request,
        status_code=403,
        title=_("Access denied"),
        message=_("You are not allowed to see this page."),
    )


def page_not_found(request, exception=None):
    return _error_page(
        request,
        status_code=404,
        title=_("Page not found"),
        message=_("The page you are looking for does not exist or has moved."),
    )


def server_error(request):
    title = _("Something went wrong")
    message = _("An unexpected error occurred on our side. Please try again in a few minutes.")
    try:
        return _error_page(request, status_code=500, title=title, message=message)
    except Exception:  # the layout itself failed: answer with a bare page rather than nothing
        logger.exception("the error page could not be rendered")
        return HttpResponseServerError(
            loader.render_to_string(
                "franceconnect/error_bare.html", {"title": title, "message": message, "lang": get_language()}
            )
        )
