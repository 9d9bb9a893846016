"""The Content-Security-Policy header kept per process: the same text django-csp builds, with
each page's own nonce, and django-csp's own path for responses carrying their own policy."""

from csp.constants import HEADER
from csp.decorators import csp_update
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from franceconnect.infrastructure.csp import PortalCSPMiddleware, policy_text


def _answer(middleware_class, view):
    request = RequestFactory().get("/")
    middleware = middleware_class(view)
    return request, middleware(request)


def _page_using_the_nonce(request):
    return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>')


def _page_without_script(request):
    return HttpResponse("<p>Bonjour</p>")


def _directives(header: str) -> set[str]:
    return {directive.strip() for directive in header.split(";")}


def test_the_header_is_django_csps_own_with_this_pages_nonce():
    request, response = _answer(PortalCSPMiddleware, _page_using_the_nonce)
    _reference_request, reference = _answer(CSPMiddleware, _page_using_the_nonce)

    nonce = request._csp_nonce
    assert f"'nonce-{nonce}'" in response[HEADER]
    expected = reference[HEADER].replace(_reference_request._csp_nonce, nonce)
    assert _directives(response[HEADER]) == _directives(expected)
    assert "frame-ancestors 'none'" in response[HEADER]


def test_two_pages_get_two_nonces():
    first_request, _first = _answer(PortalCSPMiddleware, _page_using_the_nonce)
    second_request, second = _answer(PortalCSPMiddleware, _page_using_the_nonce)

    assert first_request._csp_nonce != second_request._csp_nonce
    assert f"'nonce-{second_request._csp_nonce}'" in second[HEADER]
    assert first_request._csp_nonce not in second[HEADER]


def test_a_page_without_a_nonce_gets_none_in_its_header():
    _request, response = _answer(PortalCSPMiddleware, _page_without_script)
    _request, reference = _answer(CSPMiddleware, _page_without_script)

    assert "nonce-" not in response[HEADER]
    assert _directives(response[HEADER]) == _directives(reference[HEADER])


def test_a_response_with_its_own_policy_goes_through_django_csp():
    @csp_update({"img-src": ["https://images.example"]})
    def view(request):
        return HttpResponse("ok")

    _request, response = _answer(PortalCSPMiddleware, view)

    assert "https://images.example" in response[HEADER]


def test_changed_settings_are_followed():
    before = policy_text(with_nonce=False)
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'none'"]}}):
        _request, response = _answer(PortalCSPMiddleware, _page_without_script)
        assert response[HEADER] == "default-src 'none'"
    assert policy_text(with_nonce=False) == before
