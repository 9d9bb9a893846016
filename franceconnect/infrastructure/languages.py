"""Which language a person reads the portal in, and the language switcher that remembers a choice.

Addresses carry their language: French pages have no prefix, English and Russian ones /en/ and
/ru/ (franceconnect/project/urls.py). A person's language is, from the weakest to the strongest:

1. the browser's language (``Accept-Language``), then French;
2. for a login or a logout a partner site asked for, the site's ``ui_locales`` (for that request);
3. the choice made with the language switcher, kept in the ``LANGUAGE_COOKIE_NAME`` cookie.

An address with a prefix is an explicit choice and shows its language. An unprefixed page is
negotiated: a person whose language is not French is redirected to the same page in theirs.
Django's LocaleMiddleware does that redirect only with ``prefix_default_language=True``, which
would move every French address under /fr/ (links in e-mails, partner sites' "Qu'est-ce que
FranceConnect ?" links) and, without a language, show French pages under two addresses; it shows
unprefixed pages in French whatever the request says, so this middleware decides instead.
The login's own pages (``flow_*``: /connexion/<id>/…) are not negotiated: their addresses already
carry their interaction's language, which followed these rules when the site's request arrived.

Nothing here reads the database: a cookie, a header, and a set of URL names built once.
"""

import functools

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import LocalePrefixPattern, URLResolver, get_resolver, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

SPOKEN = frozenset(code for code, _name in settings.LANGUAGES)

# Pages answered at an unprefixed address outside the language prefixes that people read: they
# take the person's language (the views of a login then take their interaction's).
PEOPLE_PAGES_OUTSIDE_PREFIXES = frozenset(
    {"oidc_authorize", "oidc_session_end", "oidc_session_end_return", "identity_provider_callback"}
)
# Prefixed pages that keep the address they were given: the login's (its interaction's language)
# and the administration (administrators work in the portal's language).
NOT_NEGOTIATED_PREFIX = "flow_"
NOT_NEGOTIATED_NAMESPACES = ("admin",)


def switcher_choice(request) -> str | None:
    """The language chosen with the switcher, if any (it outranks everything else)."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return code if code in SPOKEN else None


def site_language(ui_locales: str) -> str | None:
    """The first of a partner site's preferred languages (``ui_locales``) the portal speaks."""
    for candidate in ui_locales.split():
        code = candidate.split("-")[0].lower()
        if code in SPOKEN:
            return code
    return None


def request_language(request, ui_locales: str = "") -> str:
    """The switcher's choice, else the site's ``ui_locales``, else the browser's, else French."""
    return (
        switcher_choice(request)
        or site_language(ui_locales)
        # Django's public parser of Accept-Language (q-values, "ru-RU" read as "ru"); the cookie
        # it reads first is the switcher's, already handled above.
        or translation.get_language_from_request(request)
    )


@functools.cache
def negotiated_view_names() -> frozenset[str]:
    """The view names of the prefixed pages an unprefixed address may be redirected from."""
    names: set[str] = set()

    def collect(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in NOT_NEGOTIATED_NAMESPACES:
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                collect(pattern.url_patterns, inner)
            elif pattern.name and not pattern.name.startswith(NOT_NEGOTIATED_PREFIX):
                names.add(f"{namespace}{pattern.name}")

    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern):
            collect(pattern.url_patterns, "")
    return frozenset(names)


class LanguageMiddleware:
    """After Django's LocaleMiddleware: the person's language where the address does not say it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from_address = translation.get_language()  # LocaleMiddleware's, from the address
        response = self.get_response(request)
        if getattr(request, "portal_language_negotiated", False):
            # The answer at this address depends on the browser's language and the switcher's cookie.
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        answered_in = translation.get_language()
        if answered_in != from_address:
            # A page outside the prefixes answered in the person's language (below, or a login's
            # view): say so, and leave the thread as the address set it, as translation.override does.
            response.headers.setdefault("Content-Language", answered_in)
            translation.activate(from_address)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_name = request.resolver_match.view_name
        if view_name in PEOPLE_PAGES_OUTSIDE_PREFIXES:
            translation.activate(request_language(request))
            request.LANGUAGE_CODE = translation.get_language()
            return None
        if (
            request.method not in ("GET", "HEAD")
            or view_name not in negotiated_view_names()
            or translation.get_language_from_path(request.path_info) is not None
        ):
            return None
        request.portal_language_negotiated = True
        language = request_language(request)
        if language == settings.LANGUAGE_CODE:
            return None
        translated = translate_url(request.path, language)
        if translated == request.path:  # not a page of that language after all: stay
            return None
        query = request.META.get("QUERY_STRING", "")
        return HttpResponseRedirect(translated + (f"?{query}" if query else ""))


@never_cache
@require_safe
def language_choose(request, code: str):
    """GET /langue/<code>/?next=<the same page in that language>: the switcher's links. The choice
    is remembered, and outranks the browser's language and the partner sites' ``ui_locales``.

    A link, not a form: DSFR's switcher is a list of links, and the header that holds it is
    rendered once per page and language for everyone (no CSRF token in it). The worst a forged
    link can do is change the language of the portal, which the person sees and changes back.
    """
    if code not in SPOKEN:
        code = settings.LANGUAGE_CODE
    destination = request.GET.get("next", "")
    if not destination.startswith("/") or not url_has_allowed_host_and_scheme(
        destination, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        destination = translate_url("/", code)
    response = HttpResponseRedirect(destination)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
