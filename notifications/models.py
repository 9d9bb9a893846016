"""Every e-mail the portal sends is first a row here: nothing is lost, nothing is sent twice."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from franceconnect.infrastructure.dates import moment_short


class Notification(models.Model):
    class Kind(models.TextChoices):
        SECURITY_CONNECTION = "security_connection", _("security e-mail after a connection")
        SUPPORT_ACKNOWLEDGEMENT = "support_acknowledgement", _("support request acknowledgement")
        SUPPORT_REPLY = "support_reply", _("support reply")
        SECURITY_BLOCKED_PROVIDER = "security_blocked_provider", _("security e-mail after a blocked login")
        LOGIN_POLICY_CHANGED = "login_policy_changed", _("identity provider choices changed")
        PARTNER_EMAIL_VERIFICATION = "partner_email_verification", _("partner space: address to verify")
        PARTNER_SIGN_UP_EXISTING = (
            "partner_sign_up_existing",
            _("partner space: sign-up with a known address"),
        )
        PARTNER_PASSWORD_RESET = "partner_password_reset", _("partner space: password reset")
        PARTNER_INVITATION = "partner_invitation", _("partner space: invitation")
        PARTNER_PRODUCTION_DECISION = (
            "partner_production_decision",
            _("partner space: production request decided"),
        )
        PARTNER_ROLE_CHANGED = "partner_role_changed", _("partner space: role changed")
        PARTNER_MEMBER_REMOVED = "partner_member_removed", _("partner space: removed from an organisation")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        SKIPPED = "skipped", _("skipped")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    recipient = models.EmailField(_("recipient"), blank=True)
    language = models.CharField(_("language"), max_length=5, default="fr")
    context = models.JSONField(_("content data"), default=dict)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    # Connections to one site within one single sign-on session share a key: one e-mail for them.
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, unique=True, null=True, blank=True)
    connection = models.ForeignKey(
        "franceconnect.Connection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("connection"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            # The back office finds a person's e-mails by their address (notifications/admin.py).
            models.Index(fields=["recipient"], name="notification_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {moment_short(self.created_at)}"
