from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceStatisticsConfig(AppConfig):
    name = "service_statistics"
    verbose_name = _("Statistics")
