"""The two swappable models, fixed in the first migration because a swap cannot change later.

- ``User``: administrators log in to Django admin with it; the citizens' accounts are attached
  to it by the federation flow (keyed on a keyed hash of the pivot identity, not a password).
- ``ServiceProvider``: django-oauth-toolkit's application model, swapped so that each partner
  site ("fournisseur de service") is one OAuth/OpenID Connect client with its own settings.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oauth2_provider.models import AbstractApplication
from simple_history import register
from simple_history.models import HistoricalRecords

from franceconnect.infrastructure.dates import moment_short
from franceconnect.infrastructure.history import StaffOnlyHistoricalRecords
from franceconnect.infrastructure.vocabulary import (
    EIDAS_LEVEL_CHOICES,
    LOWEST_EIDAS_LEVEL,
    SIGNING_ALGORITHMS,
)


class User(AbstractUser):
    # Citizens: an HMAC of their pivot identity's hash with ACCOUNT_KEY_SECRET
    # (franceconnect.federation.provider.subjects.account_key); administrators: empty.
    account_key = models.CharField(_("account key"), max_length=64, unique=True, null=True, blank=True)
    # Whether the citizen ever decided something in their space (``LoginPolicy``): the login of
    # everyone else reads no policy at all (franceconnect.federation.login_policy.policy_of).
    has_login_policy = models.BooleanField(_("has a login policy"), default=False, editable=False)
    # Set by an operator after an identity theft (franceconnect.federation.suspension): read on the
    # row every login reads already, so that the other citizens' logins pay nothing for it.
    suspended_at = models.DateTimeField(_("suspended since"), null=True, blank=True, editable=False)
    # The audit trail of staff accounts and their rights (citizens' accounts are left out).
    history = StaffOnlyHistoricalRecords(
        excluded_fields=["password", "account_key", "last_login", "suspended_at"],
        m2m_fields=["groups", "user_permissions"],
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        # The staff among millions of citizens' accounts: the tickets' « assignee » filter and
        # choices read them (support/models.py, limit_choices_to), which was a scan of every
        # account (issue 20: 3 million accounts, the tickets' list at 517 ms).
        indexes = [models.Index(fields=["username"], condition=models.Q(is_staff=True), name="user_staff")]


class Environment(models.TextChoices):
    SANDBOX = "sandbox", _("sandbox")
    PRODUCTION = "production", _("production")


def sandbox_try_redirect_uri() -> str:
    """The portal's own address where a sandbox site's « Essayer » login comes back (the partner
    space redeems it: partner_space/try_login.py). Named by its URL, so that the federation does
    not import the partner space."""
    return settings.PUBLIC_BASE_URL + reverse("partner_try_return")


class ServiceProvider(AbstractApplication):
    Environment = Environment

    class Sector(models.TextChoices):
        PUBLIC = "public", _("public")
        PRIVATE = "private", _("private")

    site_url = models.URLField(_("site address"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # django-oauth-toolkit offers RS256 and HS256; the portal signs with RS256 or ES256 (P-256).
    algorithm = models.CharField(
        _("signing algorithm"),
        max_length=5,
        choices=[(algorithm, algorithm) for algorithm in SIGNING_ALGORITHMS],
        default="ES256",
    )
    allowed_scopes = models.CharField(
        _("allowed scopes"),
        max_length=500,
        default="openid identite_pivot email",
        help_text=_("Space-separated; a request for another scope is refused."),
    )
    eidas_level = models.CharField(
        _("highest eIDAS level it may request"),
        max_length=6,
        choices=EIDAS_LEVEL_CHOICES,
        default=LOWEST_EIDAS_LEVEL,
    )
    sector = models.CharField(_("sector"), max_length=7, choices=Sector.choices, default=Sector.PUBLIC)
    sector_identifier = models.CharField(
        _("sector identifier"),
        max_length=255,
        blank=True,
        help_text=_(
            "Sites sharing it receive the same subject for a person; empty means the site's own client id."
        ),
    )
    consent_required = models.BooleanField(_("consent checkbox required"), default=False)
    allowed_identity_providers = models.ManyToManyField(
        "identity_providers.IdentityProvider",
        blank=True,
        related_name="+",
        verbose_name=_("allowed identity providers"),
        help_text=_("Empty: every identity provider."),
    )
    excluded_identity_providers = models.ManyToManyField(
        "identity_providers.IdentityProvider",
        blank=True,
        related_name="+",
        verbose_name=_("excluded identity providers"),
    )
    # Read with the site from the configuration memo (no query per login, unlike a relation).
    allowed_idp_hints = models.CharField(
        _("allowed idp_hint values"),
        max_length=500,
        blank=True,
        help_text=_(
            "Space-separated identity provider identifiers the site may name in idp_hint; empty: any "
            "provider it is offered. Another value is refused with an error sent to the site."
        ),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    # The partner space (partner_space/): the organisation that manages the site (none for the
    # sites operators register themselves), and its instance: a sandbox site is offered only
    # identity providers of test identities, a production site never one (selectors._offered).
    organisation = models.ForeignKey(
        "partner_space.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sites",
        verbose_name=_("organisation"),
    )
    environment = models.CharField(
        _("instance"), max_length=10, choices=Environment.choices, default=Environment.PRODUCTION
    )
    # A renewed secret's predecessor (hashed) still authenticates the site until this moment
    # (CLIENT_SECRET_GRACE_HOURS), so that a site changes its configuration without downtime.
    previous_client_secret = models.CharField(
        _("previous client secret (hashed)"), max_length=255, blank=True, editable=False
    )
    previous_client_secret_expires_at = models.DateTimeField(
        _("previous client secret accepted until"), null=True, blank=True, editable=False
    )
    # The audit trail: who changed what, before and after (the secrets' hashes stay out of it).
    history = HistoricalRecords(excluded_fields=["client_secret", "previous_client_secret"])

    class Meta(AbstractApplication.Meta):
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")

    def __str__(self) -> str:
        return self.name or self.client_id

    def natural_key(self) -> tuple[str]:
        return (self.client_id,)

    @property
    def jwk_key(self):
        """The portal's active key for this site's algorithm (django-oauth-toolkit signs with it)."""
        from franceconnect.federation.provider.signing_keys import active_key

        return active_key(self.algorithm).private

    def redirect_uri_allowed(self, uri: str) -> bool:
        """Exactly one of the registered addresses, character for character (DESIGN.md §5b).

        django-oauth-toolkit follows RFC 8252 and lets a loopback address take any port, and
        compares the scheme and host without regard to case; a partner site gets none of that.
        A sandbox site also answers the partner space's « Essayer » at the portal's own address
        (partner_space/try_login.py): test identities only, the code redeemed by the portal for
        the browser that started the test; a production site never."""
        if uri in self.redirect_uris.split():
            return True
        return self.environment == Environment.SANDBOX and uri == sandbox_try_redirect_uri()

    def post_logout_redirect_uri_allowed(self, uri: str) -> bool:
        """The same exact comparison for the address a site returns to after logout."""
        return uri in self.post_logout_redirect_uris.split()

    def is_usable(self, request) -> bool:
        # django-oauth-toolkit treats an unusable application as an unknown client.
        return self.is_active

    @property
    def allowed_scope_set(self) -> set[str]:
        return set(self.allowed_scopes.split())

    @property
    def allowed_idp_hint_set(self) -> set[str]:
        return set(self.allowed_idp_hints.split())

    @property
    def subject_sector(self) -> str:
        return self.sector_identifier or self.client_id

    @property
    def is_sandbox(self) -> bool:
        return self.environment == Environment.SANDBOX

    def previous_secret_valid_at(self, moment) -> bool:
        """Whether the secret replaced last still authenticates the site at this moment."""
        return bool(self.previous_client_secret) and (
            self.previous_client_secret_expires_at is not None
            and moment < self.previous_client_secret_expires_at
        )


class Connection(models.Model):
    """One completed connection of a citizen to a site: what the security e-mail reports."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    citizen = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="connections", verbose_name=_("citizen")
    )
    service_provider = models.ForeignKey(
        ServiceProvider, on_delete=models.PROTECT, related_name="connections", verbose_name=_("site")
    )
    identity_provider = models.ForeignKey(
        "identity_providers.IdentityProvider",
        on_delete=models.SET_NULL,
        null=True,
        related_name="connections",
        verbose_name=_("identity provider"),
    )
    acr = models.CharField(_("eIDAS level"), max_length=6)
    claims = models.JSONField(
        _("data sent"), default=list, help_text=_("Names of the claims, never their values.")
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("connection")
        verbose_name_plural = _("connections")
        ordering = ["-created_at"]
        # A citizen's history, newest first (« Mon espace »).
        indexes = [models.Index(fields=["citizen", "-created_at"], name="connection_citizen_recent")]

    def __str__(self) -> str:
        return self.reference


class LoginPolicy(models.Model):
    """What a citizen decided about their own account (« Mon espace »): the identity providers
    that may not be used to log in as them, and the single sign-ons they ended.

    Read only for the accounts that have one (``User.has_login_policy``): the other citizens' logins
    pay nothing for it. Every change is written through franceconnect.federation.login_policy,
    which also records it in ``LoginPolicyChange``.
    """

    account = models.OneToOneField(
        User,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="login_policy",
        verbose_name=_("account"),
    )
    # Primary keys of identity providers (one row to read, not a join): those the citizen blocked,
    # and those the citizen was shown when deciding (any other one was "added later").
    blocked_identity_providers = models.JSONField(_("blocked identity providers"), default=list, blank=True)
    identity_providers_seen = models.JSONField(_("identity providers decided on"), default=list, blank=True)
    future_providers_allowed = models.BooleanField(
        _("identity providers added later are allowed"), default=True
    )
    decided_at = models.DateTimeField(_("last decision"), null=True, blank=True)
    # Single sign-ons (and citizen-space sessions) opened before this moment are over.
    sessions_not_before = models.DateTimeField(_("sessions ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("login policy")
        verbose_name_plural = _("login policies")

    def __str__(self) -> str:
        return str(self.account)


class LoginPolicyChange(models.Model):
    """One change of a login policy, by whom and why: the audit trail operators read."""

    class Action(models.TextChoices):
        PROVIDER_BLOCKED = "provider_blocked", _("identity provider blocked")
        PROVIDER_ALLOWED = "provider_allowed", _("identity provider allowed")
        FUTURE_REFUSED = "future_refused", _("identity providers added later refused")
        FUTURE_ALLOWED = "future_allowed", _("identity providers added later allowed")
        SESSIONS_ENDED = "sessions_ended", _("single sign-ons ended")
        ACCOUNT_SUSPENDED = "account_suspended", _("account suspended")
        SUSPENSION_LIFTED = "suspension_lifted", _("suspension lifted")

    class Actor(models.TextChoices):
        CITIZEN = "citizen", _("the citizen, in their space")
        REPORT = "report", _("the citizen, from a security e-mail")
        OPERATOR = "operator", _("an operator")

    account = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="login_policy_changes", verbose_name=_("account")
    )
    action = models.CharField(_("change"), max_length=20, choices=Action.choices)
    identity_provider = models.ForeignKey(
        "identity_providers.IdentityProvider",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("identity provider"),
    )
    actor = models.CharField(_("made by"), max_length=10, choices=Actor.choices)
    operator = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("operator"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    changed_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("login policy change")
        verbose_name_plural = _("login policy changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {moment_short(self.changed_at)}"


from franceconnect.federation.account_models import CitizenAccount, RefusedLogin  # noqa: E402,F401

# The staff's groups and their permissions belong to the audit trail too (the historical model
# lives in this app: Django's auth app takes no migration of ours).
register(Group, app="franceconnect.federation", m2m_fields=["permissions"])
