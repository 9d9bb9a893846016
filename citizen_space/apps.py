from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizenSpaceConfig(AppConfig):
    name = "citizen_space"
    verbose_name = _("Citizen space")
    default_auto_field = "django.db.models.BigAutoField"
