"""What the statistics dashboard reads: logins that stopped, and figures per day.

Neither holds anything about a person: no account, no address, no identity. A stop names its
time, step, error code, site and identity provider; a daily figure is a count.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from service_statistics.steps import Step


class LoginStop(models.Model):
    """A login that stopped on an error or a refusal, at the step where it stopped. Written on
    failure paths only: a successful login writes none."""

    occurred_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    code = models.CharField(_("error code"), max_length=64)
    service_provider = models.ForeignKey(
        settings.OAUTH2_PROVIDER_APPLICATION_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("site"),
    )
    identity_provider = models.ForeignKey(
        "identity_providers.IdentityProvider",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("identity provider"),
    )

    class Meta:
        verbose_name = _("stopped login")
        verbose_name_plural = _("stopped logins")
        ordering = ["-occurred_at"]

    def __str__(self) -> str:
        return f"{self.step} {self.code}"


class DailyFigure(models.Model):
    """One count for one day (Europe/Paris), folded by the beat task ``statistics_fold`` from the
    rows the portal keeps anyway (connections, e-mails, health checks) and from the passages
    counted in Redis. The dashboard reads these, never the raw rows."""

    class Figure(models.TextChoices):
        CONNECTIONS = "connections", _("connections")
        # The same connections per day and site, and per day and identity provider: what the
        # dashboard reads. Per day, site and provider, 5,000 sites and 50 providers make nearly as
        # many figures as connections (10 million connections: 9.6 million figures, issue 20).
        CONNECTIONS_BY_SITE = "connections_site", _("connections")
        CONNECTIONS_BY_PROVIDER = "connections_provider", _("connections")
        PASSAGES = "passages", _("passages through a step")
        SECURITY_EMAILS = "security_emails", _("security e-mails")
        HEALTH_CHECKS = "health_checks", _("health checks")

    figure = models.CharField(_("figure"), max_length=20, choices=Figure.choices)
    day = models.DateField(_("day"))
    # The passage's step, the e-mail's status, or "ok" / "failed" for a health check.
    label = models.CharField(_("label"), max_length=32, blank=True, default="")
    # Primary keys, 0 for none: a figure outlives a deleted site or provider.
    service_provider_pk = models.PositiveIntegerField(_("site"), default=0)
    identity_provider_pk = models.PositiveIntegerField(_("identity provider"), default=0)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("daily figure")
        verbose_name_plural = _("daily figures")
        constraints = [
            models.UniqueConstraint(
                fields=["figure", "day", "label", "service_provider_pk", "identity_provider_pk"],
                name="daily_figure_unique",
            )
        ]
        # Not a model's permission: the dashboard's (service_statistics.views), given to the
        # Opérateurs and Auditeurs groups (franceconnect/federation/staff_roles.py).
        permissions = [("view_statistics", _("Can view the statistics dashboard"))]

    def __str__(self) -> str:
        return f"{self.figure} {self.day} {self.label}: {self.count}"
