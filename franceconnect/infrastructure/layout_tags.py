"""{% layout_header %}: the site header, rendered once per page shape and language in each process.

The header (brand, navigation, language links) is the same for every visitor of a page in a
language, but the pages of a login carry their interaction's id in their address, and so in their
language links: the header is kept with a placeholder in its place
(context_processors.PAGE_TOKEN_PLACEHOLDER) and each visit's own id is put in.
"""

import hashlib

from django import template
from django.core.cache import caches
from django.utils.html import escape
from django.utils.safestring import mark_safe

from franceconnect.infrastructure.context_processors import PAGE_TOKEN_PLACEHOLDER

register = template.Library()

HEADER_TEMPLATE = "layout/header.html"
LIFETIME_SECONDS = 3600


@register.simple_tag(takes_context=True)
def layout_header(context) -> str:
    # Hashed, as Django's {% cache %} does: the page's address may be long, or carry a token.
    page = hashlib.sha256(context["portal_page"].encode()).hexdigest()
    key = f"header:{context['LANGUAGE_CODE']}:{page}"
    layout = caches["layout"]
    html = layout.get(key)
    if html is None:
        html = context.template.engine.get_template(HEADER_TEMPLATE).render(context)
        layout.set(key, html, LIFETIME_SECONDS)
    token = context.get("portal_page_token")
    if not token:
        return html
    # The header is the portal's own rendered template; the token put in is escaped.
    return mark_safe(html.replace(f"/{PAGE_TOKEN_PLACEHOLDER}/", f"/{escape(token)}/"))  # noqa: S308
