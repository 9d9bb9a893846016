"""The banners shown now, read from the configuration memo: a page costs no query for them."""

from django.utils import timezone

from announcements.models import Banner
from franceconnect.infrastructure.cache import CONFIGURATION


def _published() -> list[Banner]:
    # Those not over yet; the memo is renewed whenever a banner changes.
    return list(Banner.objects.filter(is_published=True, ends_at__gt=timezone.now()).order_by("starts_at"))


def banners_now() -> list[Banner]:
    now = timezone.now()
    return [
        banner
        for banner in CONFIGURATION.get(("banners",), _published)
        if banner.starts_at <= now < banner.ends_at
    ]
