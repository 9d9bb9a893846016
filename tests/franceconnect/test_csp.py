"""The Content-Security-Policy header (django-csp, configured in settings): every page forbids
framing, and a page's scripts run only with that page's own nonce; answers that are not pages
(APIs, redirects) load nothing and cannot be framed."""

import pytest
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.test import RequestFactory

from franceconnect.infrastructure.csp import NOT_A_PAGE_POLICY, PortalCSPMiddleware

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
    middleware = PortalCSPMiddleware(_page_with_an_inline_script)
    first_request, second_request = RequestFactory().get("/"), RequestFactory().get("/")

    first = _directives(middleware(first_request)["Content-Security-Policy"])["script-src"]
    second = _directives(middleware(second_request)["Content-Security-Policy"])["script-src"]

    assert first == f"script-src 'self' 'nonce-{first_request._csp_nonce}'"
    assert second == f"script-src 'self' 'nonce-{second_request._csp_nonce}'" != first


def test_api_answers_carry_the_policy_too(client):
    response = client.get("/api/v2/jwks")

    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_api_answers_load_nothing_and_cannot_be_framed(client):
    response = client.get("/api/v2/jwks")

    assert (
        response["Content-Security-Policy"]
        == NOT_A_PAGE_POLICY
        == "default-src 'none'; frame-ancestors 'none'"
    )


def test_a_json_error_of_the_api_gets_the_fixed_policy(client):
    response = client.get("/api/v2/userinfo")

    assert response.status_code == 401
    assert response["Content-Security-Policy"] == NOT_A_PAGE_POLICY


def test_redirects_get_the_fixed_policy_and_pages_the_configured_one():
    redirect = PortalCSPMiddleware(lambda request: HttpResponseRedirect("/ailleurs/"))(
        RequestFactory().get("/")
    )
    page = PortalCSPMiddleware(lambda request: HttpResponse("<p>page</p>"))(RequestFactory().get("/"))
    answer = PortalCSPMiddleware(lambda request: JsonResponse({}))(RequestFactory().get("/"))

    assert redirect["Content-Security-Policy"] == answer["Content-Security-Policy"] == NOT_A_PAGE_POLICY
    assert _directives(page["Content-Security-Policy"])["default-src"] == "default-src 'self'"


def test_a_policy_set_by_the_view_is_kept():
    def view(request):
        response = JsonResponse({})
        response["Content-Security-Policy"] = "sandbox"
        return response

    assert PortalCSPMiddleware(view)(RequestFactory().get("/"))["Content-Security-Policy"] == "sandbox"
