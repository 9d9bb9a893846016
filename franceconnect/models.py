"""The two swappable models, fixed in the first migration because a swap cannot change later.

- ``User``: administrators log in to Django admin with it; the citizens' accounts will be
  attached to it by the federation flow (keyed on a hash of the pivot identity, not a password).
- ``ServiceProvider``: django-oauth-toolkit's application model, swapped so that each partner
  site ("fournisseur de service") is one OAuth/OpenID Connect client with its own settings.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from oauth2_provider.models import AbstractApplication


class User(AbstractUser):
    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")


class ServiceProvider(AbstractApplication):
    site_url = models.URLField(_("site address"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta(AbstractApplication.Meta):
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")

    def __str__(self) -> str:
        return self.name or self.client_id

    def natural_key(self) -> tuple[str]:
        return (self.client_id,)
