"""The token endpoint's body, checked before oauthlib reads it, and every answer it gives.

oauthlib trusts what Django parsed: a NUL byte in ``code`` reached PostgreSQL (a 500), bytes that
are not UTF-8 were silently replaced, a repeated parameter silently took its last value, a missing
``grant_type`` read as an unsupported one, grant types the portal does not offer reached oauthlib's
handlers for them, and django-oauth-toolkit accepted ``resource`` indicators (RFC 8707) that nothing
here honours. Here each of these is an OAuth error (RFC 6749 §5.2), JSON and never cached, like
every other answer of the endpoint.
"""

import json
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError

from franceconnect.federation.provider.tokens import issuer

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
GRANT_TYPE = "authorization_code"  # FranceConnect issues no refresh tokens and no other grant


# What Django raises when it cannot parse a body as a form: turned into a 400 HTML page by the
# site's handler, where an API must answer JSON.
UNREADABLE_FORM = (
    BadRequest,
    RequestDataTooBig,
    TooManyFieldsSent,
    MultiPartParserError,
    SuspiciousOperation,
)


def form_is_readable(request) -> bool:
    """Whether Django can parse the request's body as a form (a form-encoded body declared in
    another charset than UTF-8, a broken multipart body or an oversized one cannot)."""
    try:
        request.POST  # noqa: B018 (parsed once, kept by the request)
    except UNREADABLE_FORM:
        return False
    return True


class TokenRequestError(Exception):
    def __init__(self, description: str, *, error: str = "invalid_request", status: int = 400):
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status


def token_response(body: str | bytes, *, status: int, headers=None) -> HttpResponse:
    """JSON, never stored (RFC 6749 §5.1); a refused client is challenged to use Basic (§5.2)."""
    response = HttpResponse(content=body, status=status, content_type="application/json")
    for name, value in (headers or {}).items():
        if name.lower() != "content-type":
            response[name] = value
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    if status == 401:
        # oauthlib sends a Bearer challenge, which is for resource servers (RFC 6750).
        response["WWW-Authenticate"] = f'Basic realm="{issuer()}"'
    return response


def token_error(error: str, description: str, *, status: int = 400) -> HttpResponse:
    return token_response(json.dumps({"error": error, "error_description": description}), status=status)


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise TokenRequestError("The Content-Length header is not a number.") from None


def _form_pairs(request) -> list[tuple[str, str]]:
    body = request.body  # within the cap, checked above
    if request.content_type == FORM_CONTENT_TYPE:
        try:
            # Strictly: Django would replace bytes that are not UTF-8 and go on.
            return parse_qsl(body.decode("utf-8"), keep_blank_values=True, encoding="utf-8", errors="strict")
        except UnicodeDecodeError:
            raise TokenRequestError("The request body is not UTF-8.") from None
    return [(key, value) for key, values in request.POST.lists() for value in values]


def form_check(request) -> list[tuple[str, str]]:
    """The form's pairs, or TokenRequestError naming its first problem: what every endpoint that
    authenticates a partner site with its secret (token, revocation) checks before oauthlib."""
    if _content_length(request) > settings.PARTNER_API_FORM_MAX_BYTES:
        raise TokenRequestError("The request body is too large.", status=413)
    try:
        pairs = _form_pairs(request)
    except UNREADABLE_FORM:
        raise TokenRequestError("The request body cannot be read as a form.") from None
    if not form_is_readable(request):  # what oauthlib will read through django-oauth-toolkit
        raise TokenRequestError("The request body cannot be read as a form.")
    query = list(request.GET.lists())
    if len(request.body) > settings.PARTNER_API_FORM_MAX_BYTES:  # a Content-Length that lied, or none
        raise TokenRequestError("The request body is too large.", status=413)
    names = [name for name, _value in pairs]
    if any("\x00" in text for pair in pairs for text in pair) or any(
        "\x00" in text for name, values in query for text in (name, *values)
    ):
        raise TokenRequestError("The request contains a NUL character.")
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise TokenRequestError(f"Parameters must not be repeated: {', '.join(repeated)}.")
    if any(name == "client_secret" for name, _values in query):
        # RFC 6749 §2.3.1: credentials in the request URI end up in logs.
        raise TokenRequestError("The client secret must not be sent in the query string.")
    return pairs


def token_request_check(request) -> None:
    """Raises TokenRequestError naming the first problem of the request's form."""
    pairs = form_check(request)
    names = [name for name, _value in pairs]
    query = list(request.GET.lists())
    grant_type = dict(pairs).get("grant_type")
    if not grant_type:
        raise TokenRequestError("The grant_type parameter is required.")
    if grant_type != GRANT_TYPE:
        # oauthlib would route the device grant to its own handler and take "openid" for an
        # authorization code, each answering something else than this.
        raise TokenRequestError(
            "Only the authorization_code grant is supported.", error="unsupported_grant_type"
        )
    if "resource" in names or any(name == "resource" for name, _values in query):
        # RFC 8707 resource indicators: the portal's access tokens are for its own userinfo only, so
        # none is accepted (oauthlib reads the query string too; django-oauth-toolkit would accept one).
        raise TokenRequestError("Resource indicators are not supported.", error="invalid_target")
