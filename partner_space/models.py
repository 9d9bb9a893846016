"""The partner space's rows: organisations, the people who act for them, invitations, and the
versions of each partner site's configuration.

A partner person is a row of the portal's ``User`` model (so that a TOTP device of django-otp can
belong to them), never staff and never a citizen (no account key), with a ``PartnerPerson`` beside
it for what only the space needs. They are never logged in with Django's ``login()``: the
citizens' single sign-on uses it (partner_space/session.py).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partner_space.siret import siret_validate


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("administrator")
    DEVELOPER = "developer", _("developer")
    READER = "reader", _("reader")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    siret = models.CharField(_("SIRET number"), max_length=14, blank=True, validators=[siret_validate])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class PartnerPerson(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="partner_person",
        verbose_name=_("user"),
    )
    # Lower-cased: one person per address, whatever its case.
    email = models.EmailField(_("e-mail address"), unique=True)
    email_verified_at = models.DateTimeField(_("e-mail address verified at"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=5, default="fr")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner person")
        verbose_name_plural = _("partner people")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    @property
    def full_name(self) -> str:
        return f"{self.user.first_name} {self.user.last_name}".strip()


class Membership(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    person = models.ForeignKey(
        PartnerPerson, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=13, choices=Role.choices)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person"], name="membership_unique_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.organisation} ({self.get_role_display()})"


class Invitation(models.Model):
    """A colleague invited by e-mail; the link it sends is signed, expires and opens once."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("organisation")
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=13, choices=Role.choices)
    invited_by = models.ForeignKey(
        PartnerPerson, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} — {self.organisation}"


class OrganisationEvent(models.Model):
    """A change of an organisation's members or invitations: who did it, when, to whom, what.

    The person concerned is named by the address they had (they may be gone since); the rows go
    with the organisation, or after PARTNER_ACCOUNT_INACTIVE_DAYS (partner_space/retention.py).
    """

    class Action(models.TextChoices):
        ROLE_CHANGED = "role_changed", _("role changed")
        MEMBER_REMOVED = "member_removed", _("member removed")
        MEMBER_LEFT = "member_left", _("member left")
        INVITATION_CANCELLED = "invitation_cancelled", _("invitation cancelled")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="events", verbose_name=_("organisation")
    )
    action = models.CharField(_("change"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        PartnerPerson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    subject_email = models.EmailField(_("person concerned"))
    role_before = models.CharField(_("role before"), max_length=13, choices=Role.choices, blank=True)
    role_after = models.CharField(_("role after"), max_length=13, choices=Role.choices, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation history entry")
        verbose_name_plural = _("organisation history")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_action_display()}"


class SiteConfigurationVersion(models.Model):
    """One version of a partner site's configuration: who, when, the whole configuration as a value
    (partner_space/configuration.py) and what changed from the version before.

    Numbered per site from 1 (its creation); a production review (README « Espace partenaires »)
    names the version it approved and diffs the next ones against it.
    """

    class Event(models.TextChoices):
        CREATED = "created", _("site created")
        CONFIGURED = "configured", _("configuration changed")
        SECRET_RENEWED = "secret_renewed", _("client secret renewed")
        APPROVED = "approved", _("production request approved")

    site = models.ForeignKey(
        settings.OAUTH2_PROVIDER_APPLICATION_MODEL,
        on_delete=models.CASCADE,
        related_name="configuration_versions",
        verbose_name=_("site"),
    )
    number = models.PositiveIntegerField(_("version"))
    event = models.CharField(_("change"), max_length=16, choices=Event.choices)
    author = models.ForeignKey(
        PartnerPerson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    configuration = models.JSONField(_("configuration"))
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("site configuration version")
        verbose_name_plural = _("site configuration versions")
        ordering = ["site", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="configuration_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.site} v{self.number}"


class ProductionRequest(models.Model):
    """A request to put a site in production, or to change a production site's configuration,
    reviewed by an operator in admin (README « Espace partenaires », « Production after review »).

    A first request is made from a sandbox site (``site``); its approval creates the production
    site (``production_site``). A change of a production site names that site in both. Until a
    request is approved, the production site keeps its live configuration, which only an approval
    (or an operator in admin) changes; ``configuration`` is the requested version, ``changes`` its
    diff against the live configuration when it was asked.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting review")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    site = models.ForeignKey(
        settings.OAUTH2_PROVIDER_APPLICATION_MODEL,
        on_delete=models.CASCADE,
        related_name="production_requests",
        verbose_name=_("requested from"),
    )
    production_site = models.ForeignKey(
        settings.OAUTH2_PROVIDER_APPLICATION_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="production_changes",
        verbose_name=_("production site"),
    )
    configuration = models.JSONField(_("requested configuration"))
    changes = models.JSONField(_("changes from the live configuration"), default=dict, blank=True)
    # {scope: why the procedure needs it}, for each scope asked (openid aside), as DataPass asks.
    scope_reasons = models.JSONField(_("reason for each scope"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        PartnerPerson, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    comment = models.TextField(_("reviewer's comment"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # The production site's version the approval wrote.
    approved_version = models.ForeignKey(
        SiteConfigurationVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("version written"),
    )

    class Meta:
        verbose_name = _("production request")
        verbose_name_plural = _("production requests")
        ordering = ["-requested_at", "-pk"]
        permissions = [("review_productionrequest", _("Can approve or reject production requests"))]
        constraints = [
            # One request awaiting review per site at a time.
            models.UniqueConstraint(
                fields=["site"], condition=models.Q(status="pending"), name="production_request_one_pending"
            )
        ]

    def __str__(self) -> str:
        return f"{self.site} — {self.get_status_display()}"

    @property
    def is_change(self) -> bool:
        return self.production_site_id is not None and self.production_site_id == self.site_id
