"""The Content-Security-Policy header (django-csp, configured in settings): every page forbids
framing, and a page's scripts run only with that page's own nonce."""

import pytest
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


def _directives(header: str) -> dict[str, str]:
    return {
        directive.strip().split(" ", 1)[0]: directive.strip()
        for directive in header.split(";")
        if directive.strip()
    }


def test_pages_forbid_framing_and_plugins(client):
    directives = _directives(client.get("/")["Content-Security-Policy"])

    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert directives["object-src"] == "object-src 'none'"
    assert directives["default-src"] == "default-src 'self'"


def _page_with_an_inline_script(request):
    return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>')


def test_a_page_using_the_nonce_allows_its_own_script_only():
    middleware = CSPMiddleware(_page_with_an_inline_script)
    first_request, second_request = RequestFactory().get("/"), RequestFactory().get("/")

    first = _directives(middleware(first_request)["Content-Security-Policy"])["script-src"]
    second = _directives(middleware(second_request)["Content-Security-Policy"])["script-src"]

    assert first == f"script-src 'self' 'nonce-{first_request._csp_nonce}'"
    assert second == f"script-src 'self' 'nonce-{second_request._csp_nonce}'" != first


def test_api_answers_carry_the_policy_too(client):
    response = client.get("/api/v2/jwks")

    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
