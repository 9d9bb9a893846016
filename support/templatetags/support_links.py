from django import template

from support.prefill import contact_url

register = template.Library()


@register.simple_tag
def contact_link(**values) -> str:
    """The contact form's URL, pre-filled (signed) with the given category, error, site, reference…"""
    return contact_url(**values)
