"""What the site-wide DSFR layout needs on every page, computed without a database query.

django-dsfr's own context processor reads its configuration from the database on every request;
the portal's header and footer are fixed, so they come from settings and translations instead.
"""

from functools import lru_cache
from types import SimpleNamespace
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from franceconnect.public_pages.accessibility import STATUS as ACCESSIBILITY_STATUS

SITE_CONFIG = SimpleNamespace(
    site_title=settings.PORTAL_NAME,
    site_tagline=_("One login for online public services"),
    header_brand_html="République<br>Française",
    footer_brand_html="République<br>Française",
    mourning=False,
    beta_tag=False,
)


@lru_cache(maxsize=1024)
def _path_in(path: str, language: str) -> str:
    """The same page in another language (URL resolution and reversal: cached per process, the
    URL configuration does not change while it runs)."""
    return translate_url(path, language)


@lru_cache(maxsize=8)
def _switcher_url(language: str) -> str:
    return reverse("language_choose", args=[language])


def _switch_to(language: str, destination: str) -> str:
    """The switcher's link: the choice is remembered on the way (languages.language_choose). The
    destination keeps its slashes, so that a page token in it can still be put in afterwards."""
    return f"{_switcher_url(language)}?next={quote(destination, safe='/')}"


# The part of a page's own address that changes with every visit (a login's interaction id): the
# header is rendered once per page shape and language with this placeholder in its links, and each
# visit's own value is put in afterwards (franceconnect/infrastructure/layout_tags.py). Without it
# every login would render the header anew, and resolve its language links anew.
PAGE_TOKEN_PLACEHOLDER = "portal-page-token"  # noqa: S105 (a placeholder, not a secret)


def portal_layout(request):
    current = get_language()
    # A page answered at another address than its own (the chooser, by /api/v2/authorize) names
    # its own: the language links lead there, and the header is cached under it.
    own_path = getattr(request, "portal_page_path", None)
    query = "" if own_path else request.META.get("QUERY_STRING", "")
    query_suffix = f"?{query}" if query else ""
    page_path = own_path or request.path
    token = getattr(request, "portal_page_token", "")
    if token and f"/{token}/" in page_path:  # a whole segment of the address only
        page_path = page_path.replace(f"/{token}/", f"/{PAGE_TOKEN_PLACEHOLDER}/")
    else:
        token = ""
    languages = [
        {
            "code": code,
            "name": name,
            "url": _switch_to(code, _path_in(page_path, code) + query_suffix),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]
    return {
        "SITE_CONFIG": SITE_CONFIG,
        "portal_page": page_path + query_suffix,  # its shape, when it carries a token
        "portal_page_token": token,
        "portal_languages": languages,
        "portal_current_language": next((lang for lang in languages if lang["current"]), languages[0]),
        # The footer's « Accessibilité : … » link states the statement's status.
        "portal_accessibility_status": ACCESSIBILITY_STATUS,
    }
