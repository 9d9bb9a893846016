"""The registry of identity providers: one row per provider, and the history of its health."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, URLValidator
from django.db import models
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from franceconnect.infrastructure.dates import moment_short
from franceconnect.infrastructure.vocabulary import EIDAS_LEVELS, SIGNING_ALGORITHMS  # noqa: F401 (the registry's vocabulary)
from identity_providers.logos import MAX_BYTES, MAX_SIDE_PIXELS, logo_upload_to, logo_validate
from identity_providers.secrets import secret_decrypt, secret_encrypt


class IdentityProvider(models.Model):
    class Availability(models.TextChoices):
        AVAILABLE = "available", _("available")
        UNAVAILABLE = "unavailable", _("unavailable")

    class UserinfoFormat(models.TextChoices):
        JSON = "json", _("JSON")
        SIGNED_JWT = "jwt", _("signed JWT")

    # What citizens see in the chooser.
    slug = models.SlugField(_("identifier"), unique=True)
    name = models.CharField(_("displayed name"), max_length=100)
    # PNG or WebP only (identity_providers/logos.py says why not SVG), served by identity_providers/views.py.
    logo = models.FileField(
        _("logo"),
        upload_to=logo_upload_to,
        blank=True,
        validators=[FileExtensionValidator(["png", "webp"]), logo_validate],
        help_text=format_lazy(
            _(
                "A PNG or WebP image, at most {size} KB and {side} × {side} pixels, shown on the provider's tile."  # noqa: RUF001
            ),
            size=MAX_BYTES // 1024,
            side=MAX_SIDE_PIXELS,
        ),
    )
    logo_alt = models.CharField(
        _("logo's text alternative"),
        max_length=150,
        blank=True,
        help_text=_(
            "What the logo shows, for people who cannot see it, e.g. “Logo of impots.gouv.fr”. Required with a logo."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_displayed = models.BooleanField(_("displayed in the chooser"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_beta = models.BooleanField(_("beta"), default=False)
    # A provider of test identities (README « Espace partenaires »): offered to sandbox sites only,
    # never to a production site; a sandbox site is offered nothing else. Read from the row the
    # flow already holds (the configuration memo), so that a login pays nothing for it.
    for_testing = models.BooleanField(
        _("for testing (sandbox sites only)"),
        default=False,
        help_text=_(
            "Its identities are test identities: only sandbox sites offer it, and sandbox sites offer nothing else."
        ),
    )
    unavailable_message = models.CharField(
        _("message while unavailable"),
        max_length=300,
        blank=True,
        help_text=_("Shown under the greyed-out provider in the chooser."),
    )
    eidas_levels = models.JSONField(
        _("eIDAS levels it can assert"), default=list, help_text=_("Among eidas1, eidas2, eidas3.")
    )
    # FranceConnect's « modale »: what a citizen reads before being sent to the provider (an
    # incident, a change of login page…), in their language; empty: nothing to read first.
    warning_fr = models.CharField(_("warning before login, in French"), max_length=600, blank=True)
    warning_en = models.CharField(_("warning before login, in English"), max_length=600, blank=True)
    warning_ru = models.CharField(_("warning before login, in Russian"), max_length=600, blank=True)
    # The security e-mail sends a citizen who did not make a connection there to change it.
    password_change_url = models.URLField(
        _("password change page"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["https"])],
        help_text=_(
            "The provider's own page where a citizen changes their password (https). The security "
            "e-mail links to it; left empty, the e-mail only advises changing the password there."
        ),
    )

    # The OpenID Connect configuration, read from the discovery document.
    discovery_url = models.URLField(_("discovery URL"), max_length=500)
    issuer = models.URLField(_("issuer"), max_length=500, blank=True)
    authorization_endpoint = models.URLField(_("authorization endpoint"), max_length=500, blank=True)
    token_endpoint = models.URLField(_("token endpoint"), max_length=500, blank=True)
    userinfo_endpoint = models.URLField(_("userinfo endpoint"), max_length=500, blank=True)
    jwks_uri = models.URLField(_("JWKS URL"), max_length=500, blank=True)
    end_session_endpoint = models.URLField(_("end-session endpoint"), max_length=500, blank=True)
    discovery_refreshed_at = models.DateTimeField(_("read from discovery at"), null=True, blank=True)

    # The portal's registration at the provider.
    client_id = models.CharField(_("client id"), max_length=255)
    client_secret_encrypted = models.TextField(_("client secret (encrypted)"), blank=True, editable=False)
    scopes = models.CharField(
        _("scopes to request"),
        max_length=500,
        default="openid given_name family_name birthdate gender birthplace birthcountry email preferred_username",
    )
    signing_algorithms = models.JSONField(_("accepted signing algorithms"), default=list)
    userinfo_format = models.CharField(
        _("userinfo format"), max_length=4, choices=UserinfoFormat.choices, default=UserinfoFormat.JSON
    )
    connect_timeout = models.FloatField(_("connection timeout (seconds)"), default=3.0)
    read_timeout = models.FloatField(_("response timeout (seconds)"), default=5.0)

    # Health, maintained by the periodic check.
    availability = models.CharField(
        _("availability"), max_length=12, choices=Availability.choices, default=Availability.AVAILABLE
    )
    consecutive_failures = models.PositiveIntegerField(_("consecutive failed checks"), default=0)
    unavailable_since = models.DateTimeField(_("unavailable since"), null=True, blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The audit trail: who changed what, before and after (the encrypted secret stays out of it,
    # and the health checks' own saves are not changes: identity_providers/services.py).
    history = HistoricalRecords(
        excluded_fields=[
            "client_secret_encrypted",
            "consecutive_failures",
            "availability",
            "unavailable_since",
            "discovery_refreshed_at",
            "updated_at",
        ]
    )

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def warning_in(self, language: str) -> str:
        """The warning in this language, in French when it has no translation; "" if none."""
        return getattr(self, f"warning_{language}", "") or self.warning_fr

    def clean(self):
        super().clean()
        if self.logo and not self.logo_alt.strip():
            raise ValidationError(
                {"logo_alt": _("A logo needs a text alternative.")}, code="logo_alt_required"
            )

    @property
    def client_secret(self) -> str:
        return secret_decrypt(self.client_secret_encrypted) if self.client_secret_encrypted else ""

    @client_secret.setter
    def client_secret(self, plaintext: str) -> None:
        self.client_secret_encrypted = secret_encrypt(plaintext)

    @property
    def has_client_secret(self) -> bool:
        return bool(self.client_secret_encrypted)

    @property
    def is_available(self) -> bool:
        return self.is_active and self.availability == self.Availability.AVAILABLE

    @property
    def timeout(self) -> tuple[float, float]:
        """The (connect, read) pair that every outbound call to this provider uses."""
        return (self.connect_timeout, self.read_timeout)


class HealthCheck(models.Model):
    """One periodic (or admin-requested) check of a provider's discovery document and JWKS."""

    provider = models.ForeignKey(
        IdentityProvider, on_delete=models.CASCADE, related_name="health_checks", verbose_name=_("provider")
    )
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now, db_index=True)
    ok = models.BooleanField(_("succeeded"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    error = models.CharField(_("error"), max_length=300, blank=True)
    availability_change = models.CharField(_("availability change"), max_length=12, blank=True)

    class Meta:
        verbose_name = _("health check")
        verbose_name_plural = _("health checks")
        ordering = ["-checked_at"]
        indexes = [models.Index(fields=["provider", "-checked_at"])]

    def __str__(self) -> str:
        return f"{self.provider} {moment_short(self.checked_at)} {'ok' if self.ok else 'failed'}"
