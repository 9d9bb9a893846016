from django import template
from django.utils.translation import get_language

from announcements.selectors import banners_now

register = template.Library()


@register.inclusion_tag("announcements/banners.html")
def current_banners():
    language = (get_language() or "fr")[:2]
    return {"banners": [{"level": b.level, "message": b.message_in(language)} for b in banners_now()]}
