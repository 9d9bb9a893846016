"""The portal's public pages and its error pages (the answers people get; machine APIs get JSON,
franceconnect/infrastructure/api_errors.py)."""

import logging

from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from franceconnect.infrastructure.api_errors import api_error, api_of, outage_in_progress, retry_after_seconds
from franceconnect.infrastructure.errors import ErrorKind, error_page

logger = logging.getLogger(__name__)


@require_safe
def home(request):
    return render(request, "franceconnect/home.html")


def _error_page(request, *, status_code: int, title: str, message: str):
    """The one error page (franceconnect/infrastructure/errors.py), named by its HTTP status."""
    kind = ErrorKind(str(status_code), status_code, title, message, contact_category="other")
    try:
        return error_page(request, kind)
    except Exception:  # the layout itself failed (a store it reads is down): a bare page, not nothing
        logger.exception("the error page could not be rendered")
        return HttpResponse(
            loader.render_to_string(
                "franceconnect/error_bare.html", {"title": title, "message": message, "lang": get_language()}
            ),
            status=status_code,
        )


def bad_request(request, exception=None):
    return _error_page(
        request,
        status_code=400,
        title=_("Invalid request"),
        message=_("The request could not be understood. Go back and try again."),
    )


def permission_denied(request, exception=None):
    return _error_page(
        request,
        status_code=403,
        title=_("Access denied"),
        message=_("You are not allowed to see this page."),
    )


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent without its check (an expired page, another site's form)."""
    return _error_page(
        request,
        status_code=403,
        title=_("Access denied"),
        message=_(
            "This form has expired or was sent from another site. Go back, reload the page and try again."
        ),
    )


def page_not_found(request, exception=None):
    return _error_page(
        request,
        status_code=404,
        title=_("Page not found"),
        message=_("The page you are looking for does not exist or has moved."),
    )


def too_many_requests(request, *, retry_after: int):
    """A rate limit reached (franceconnect/infrastructure/rate_limits.py)."""
    api = api_of(request.path_info)
    if api is not None:
        response = api_error(api, 429, _retry_description(retry_after))
    else:
        response = _error_page(
            request,
            status_code=429,
            title=_("Too many requests"),
            message=_(
                "Too many requests were sent from your connection in a short time. Wait a few minutes and try again."
            ),
        )
    response["Retry-After"] = str(max(retry_after, 1))
    return response


def service_unavailable(request):
    """A store the portal needs (database, cache, sessions, broker) cannot be reached."""
    api = api_of(request.path_info)
    if api is not None:
        response = api_error(api, 503)
    else:
        response = _error_page(
            request,
            status_code=503,
            title=_("Service temporarily unavailable"),
            message=_("The service is temporarily unavailable. Try again in a few minutes."),
        )
    response["Retry-After"] = str(retry_after_seconds())
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    if outage_in_progress():  # raised outside a view (a session saved by its middleware…)
        logger.warning("a store was unavailable while answering")
        return service_unavailable(request)
    return _error_page(
        request,
        status_code=500,
        title=_("Something went wrong"),
        message=_("Something went wrong on our side. Try again in a few minutes."),
    )


def _retry_description(retry_after: int) -> str:
    return f"Too many requests; retry after {max(retry_after, 1)} seconds."
