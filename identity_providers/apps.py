from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityProvidersConfig(AppConfig):
    name = "identity_providers"
    verbose_name = _("Identity providers")

    def ready(self):
        from franceconnect.infrastructure.cache import CONFIGURATION
        from identity_providers.models import IdentityProvider

        CONFIGURATION.watch(IdentityProvider)
