"""Citizens' accounts as the back office handles them (imported at the end of
franceconnect.federation.models, once the user model exists).

- ``CitizenAccount``: the citizens among the users, for operators: its own admin page and the
  « suspend » permission, which the Opérateurs hold (franceconnect.federation.staff_roles);
- ``RefusedLogin``: a login the portal refused once it knew who was logging in (deceased
  identity, suspended account, identity provider the citizen blocked, identity not in the
  register): when, where, why, and the account when there is one — never a name or birth data.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from franceconnect.federation.models import ServiceProvider, User


class CitizenAccountManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(account_key__isnull=False)


class CitizenAccount(User):
    objects = CitizenAccountManager()

    class Meta:
        proxy = True
        verbose_name = _("citizen account")
        verbose_name_plural = _("citizen accounts")
        permissions = [("suspend_citizenaccount", _("Can suspend a citizen account and lift its suspension"))]


class RefusedLogin(models.Model):
    class Cause(models.TextChoices):
        DECEASED = "deceased", _("deceased according to the register")
        SUSPENDED = "suspended", _("account suspended")
        PROVIDER_BLOCKED = "provider_blocked", _("identity provider blocked by the citizen")
        NOT_FOUND = "not_found", _("identity not found in the register")

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    cause = models.CharField(_("cause"), max_length=20, choices=Cause.choices)
    account = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="refused_logins",
        verbose_name=_("account"),
    )
    service_provider = models.ForeignKey(
        ServiceProvider,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("site"),
    )
    identity_provider = models.ForeignKey(
        "identity_providers.IdentityProvider",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("identity provider"),
    )

    class Meta:
        verbose_name = _("refused login")
        verbose_name_plural = _("refused logins")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_cause_display()} — {self.created_at:%Y-%m-%d %H:%M}"
