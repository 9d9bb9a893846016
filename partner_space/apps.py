from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnerSpaceConfig(AppConfig):
    name = "partner_space"
    verbose_name = _("Partner space")
    default_auto_field = "django.db.models.BigAutoField"
