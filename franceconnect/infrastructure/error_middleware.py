"""One middleware answers errors in the protocol of whoever asked (franceconnect/infrastructure/api_errors.py
says which API a path belongs to and how it answers): JSON for the machine APIs, whatever produced
the error, and a 503 when a store the portal needs is down (pages.service_unavailable)."""

import logging

from franceconnect.infrastructure.api_errors import KEPT_HEADERS, api_error, api_of, is_json, is_outage
from franceconnect.infrastructure.pages import service_unavailable

logger = logging.getLogger(__name__)


class ApiErrorMiddleware:
    """JSON errors on JSON APIs, 503 for outages; placed near the top so that it sees the answers
    of every middleware below it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 400 or getattr(response, "streaming", False):
            return response
        api = api_of(request.path_info)
        if api is None or is_json(response):
            return response
        answer = api_error(api, response.status_code)
        for name in KEPT_HEADERS:
            if name in response:
                answer[name] = response[name]
        answer.cookies = response.cookies
        return answer

    def process_exception(self, request, exception):
        if not is_outage(exception):
            return None  # Django's own handling, then the 500 handler
        # The URL's name (never its path or query, which may carry identifiers) and the kind of
        # failure (its text may name hosts or carry request data).
        match = getattr(request, "resolver_match", None)
        logger.warning(
            "store unavailable during %s: %s", match.url_name if match else "-", type(exception).__name__
        )
        return service_unavailable(request)
