"""Support tickets from the contact form, and their conversation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Ticket(models.Model):
    class Category(models.TextChoices):
        CANNOT_CONNECT = "cannot_connect", _("I cannot log in")
        IDENTITY_PROVIDER = "identity_provider", _("A problem with an identity provider")
        SITE = "site", _("A problem with a site")
        IDENTITY_THEFT = "identity_theft", _("Someone used my identity")
        ACCOUNT_SUSPENDED = "account_suspended", _("My account is suspended")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        WAITING_CITIZEN = "waiting_citizen", _("waiting for the citizen")
        RESOLVED = "resolved", _("resolved")
        CLOSED = "closed", _("closed")

    class Priority(models.IntegerChoices):
        URGENT = 1, _("urgent")
        NORMAL = 2, _("normal")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    connection_reference = models.CharField(_("connection reference"), max_length=20, blank=True)
    context = models.JSONField(
        _("context"),
        default=dict,
        blank=True,
        help_text=_("Error code, site and identity provider from the link the citizen followed."),
    )
    language = models.CharField(_("language"), max_length=5, default="fr")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_tickets",
        limit_choices_to={"is_staff": True},
        verbose_name=_("assignee"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("support ticket")
        verbose_name_plural = _("support tickets")
        ordering = ["priority", "created_at"]  # urgent first, then the oldest
        indexes = [
            models.Index(fields=["status", "priority", "created_at"]),
            # The list's order, and the search by address (support/admin.py; issue 20).
            models.Index(fields=["priority", "created_at"], name="ticket_queue_order"),
            models.Index(fields=["email"], name="ticket_email"),
        ]

    def __str__(self) -> str:
        return self.reference


class TicketMessage(models.Model):
    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("from the citizen")
        REPLY = "reply", _("reply to the citizen")
        NOTE = "note", _("internal note")

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="messages", verbose_name=_("ticket")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("author")
    )
    body = models.TextField(_("message"))
    notification = models.ForeignKey(
        "notifications.Notification",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("e-mail"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.ticket} — {self.get_kind_display()}"
