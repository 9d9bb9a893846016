from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    name = "announcements"
    verbose_name = _("Messages to citizens")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from announcements.models import Banner
        from franceconnect.infrastructure.cache import CONFIGURATION

        CONFIGURATION.watch(Banner)  # every page reads the banners from memory
