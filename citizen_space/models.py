"""What the space keeps of its own: the « ce n'était pas moi » reports. Preferences are the
account's login policy (franceconnect.federation.models.LoginPolicy); the history is the
connection records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConnectionReport(models.Model):
    """A security e-mail's link, opened (at most once: the link is single-use), and what the
    person did from the page it led to."""

    connection = models.OneToOneField(
        "franceconnect.Connection",
        on_delete=models.CASCADE,
        related_name="report",
        verbose_name=_("connection"),
    )
    opened_at = models.DateTimeField(_("link opened at"), auto_now_add=True)
    ticket = models.ForeignKey(
        "support.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("support ticket"),
    )
    sessions_ended_at = models.DateTimeField(_("sessions ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("connection report")
        verbose_name_plural = _("connection reports")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return self.connection.reference
