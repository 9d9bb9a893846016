from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from franceconnect.infrastructure.dates import moment_short
from identity_providers.models import EIDAS_LEVELS, SIGNING_ALGORITHMS, HealthCheck, IdentityProvider
from identity_providers.oidc.errors import IdentityProviderError
from identity_providers.services import (
    identity_provider_check_health,
    identity_provider_refresh_from_discovery,
)

RECENT_CHECKS_SHOWN = 20


def _https_by_default(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class IdentityProviderForm(forms.ModelForm):
    eidas_levels = forms.MultipleChoiceField(
        label=_("eIDAS levels it can assert"),
        choices=[(level, level) for level in EIDAS_LEVELS],
        widget=forms.CheckboxSelectMultiple,
    )
    signing_algorithms = forms.MultipleChoiceField(
        label=_("accepted signing algorithms"),
        choices=[(algorithm, algorithm) for algorithm in SIGNING_ALGORITHMS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Left empty, they are read from the discovery document."),
    )
    new_client_secret = forms.CharField(
        label=_("client secret"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Never shown again once saved. Leave empty to keep the current secret."),
    )

    class Meta:
        model = IdentityProvider
        formfield_callback = _https_by_default
        fields = [
            "name",
            "slug",
            "logo",
            "logo_alt",
            "order",
            "is_active",
            "is_displayed",
            "is_beta",
            "for_testing",
            "unavailable_message",
            "warning_fr",
            "warning_en",
            "warning_ru",
            "eidas_levels",
            "password_change_url",
            "discovery_url",
            "issuer",
            "authorization_endpoint",
            "token_endpoint",
            "userinfo_endpoint",
            "jwks_uri",
            "end_session_endpoint",
            "signing_algorithms",
            "userinfo_format",
            "client_id",
            "scopes",
            "connect_timeout",
            "read_timeout",
        ]

    def clean(self):
        cleaned = super().clean()
        if not self.instance.has_client_secret and not cleaned.get("new_client_secret"):
            self.add_error("new_client_secret", gettext("A client secret is required."))
        return cleaned

    def save(self, commit=True):
        if self.cleaned_data.get("new_client_secret"):
            self.instance.client_secret = self.cleaned_data["new_client_secret"]
        return super().save(commit=commit)


@admin.register(IdentityProvider)
class IdentityProviderAdmin(SimpleHistoryAdmin):
    form = IdentityProviderForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # Few, short columns: the list fits at 1280 px with its filters (tests/browser/test_admin_pages.py).
    list_display = ["name", "slug", "order", "state", "availability_badge", "last_check"]
    list_filter = ["is_active", "is_displayed", "is_beta", "for_testing", "availability"]
    search_fields = ["name", "slug", "issuer"]
    ordering = ["order", "name"]
    actions = ["refresh_from_discovery", "test_connection"]
    readonly_fields = [
        "logo_preview",
        "secret_status",
        "availability",
        "consecutive_failures",
        "unavailable_since",
        "discovery_refreshed_at",
        "recent_checks",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            _("Display"),
            {
                "fields": [
                    "name",
                    "slug",
                    "logo",
                    "logo_alt",
                    "logo_preview",
                    "order",
                    "is_active",
                    "is_displayed",
                    "is_beta",
                    "for_testing",
                    "unavailable_message",
                    "eidas_levels",
                    "password_change_url",
                ]
            },
        ),
        (
            _("Message to citizens before they are sent to the provider"),
            {"fields": ["warning_fr", "warning_en", "warning_ru"]},
        ),
        (
            _("OpenID Connect"),
            {
                "fields": [
                    "discovery_url",
                    "issuer",
                    "authorization_endpoint",
                    "token_endpoint",
                    "userinfo_endpoint",
                    "jwks_uri",
                    "end_session_endpoint",
                    "discovery_refreshed_at",
                    "signing_algorithms",
                    "userinfo_format",
                ]
            },
        ),
        (
            _("Registration at the provider"),
            {
                "fields": [
                    "client_id",
                    "secret_status",
                    "new_client_secret",
                    "scopes",
                    "connect_timeout",
                    "read_timeout",
                ]
            },
        ),
        (
            _("Health"),
            {"fields": ["availability", "consecutive_failures", "unavailable_since", "recent_checks"]},
        ),
        (None, {"fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        latest = HealthCheck.objects.filter(provider=OuterRef("pk")).order_by("-checked_at")
        return (
            super()
            .get_queryset(request)
            .annotate(
                last_check_ok=Subquery(latest.values("ok")[:1]),
                last_check_at=Subquery(latest.values("checked_at")[:1]),
            )
        )

    @admin.display(description=_("state"), ordering="is_active")
    def state(self, provider):
        if not provider.is_active:
            return gettext("inactive")
        words = [gettext("active"), gettext("shown") if provider.is_displayed else gettext("hidden")]
        if provider.is_beta:
            words.append(gettext("beta"))
        return ", ".join(words)

    @admin.display(description=_("availability"), ordering="availability")
    def availability_badge(self, provider):
        if provider.consecutive_failures:
            return ngettext(
                "%(availability)s (%(count)d failed check)",
                "%(availability)s (%(count)d failed checks)",
                provider.consecutive_failures,
            ) % {"availability": provider.get_availability_display(), "count": provider.consecutive_failures}
        return provider.get_availability_display()

    @admin.display(description=_("last health check"), ordering="last_check_at")
    def last_check(self, provider):
        if provider.last_check_at is None:
            return gettext("never")
        result = gettext("succeeded") if provider.last_check_ok else gettext("failed")
        return f"{result} ({moment_short(provider.last_check_at)})"

    @admin.display(description=_("logo as shown in the chooser"))
    def logo_preview(self, provider):
        if not provider.logo:
            return gettext("no logo")
        return format_html('<img src="{}" alt="{}" height="48">', provider.logo.url, provider.logo_alt)

    @admin.display(description=_("client secret"))
    def secret_status(self, provider):
        return gettext("set (encrypted)") if provider.has_client_secret else gettext("not set")

    @admin.display(description=_("recent health checks"))
    def recent_checks(self, provider):
        checks = provider.health_checks.all()[:RECENT_CHECKS_SHOWN] if provider.pk else []
        return render_to_string("admin/identity_providers/recent_checks.html", {"checks": checks})

    @admin.action(description=_("Refresh from the discovery document"), permissions=["change"])
    def refresh_from_discovery(self, request, queryset):
        for provider in queryset:
            try:
                identity_provider_refresh_from_discovery(provider=provider)
            except IdentityProviderError as error:
                self.message_user(
                    request,
                    gettext("%(provider)s: discovery failed (%(error)s).")
                    % {"provider": provider, "error": error},
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request, gettext("%(provider)s: endpoints refreshed.") % {"provider": provider}
                )

    @admin.action(description=_("Test the connection"), permissions=["change"])
    def test_connection(self, request, queryset):
        for provider in queryset:
            check = identity_provider_check_health(provider_id=provider.pk)
            if check.ok:
                self.message_user(
                    request,
                    gettext("%(provider)s: connection OK in %(ms)d ms.")
                    % {"provider": provider, "ms": check.duration_ms},
                )
            else:
                self.message_user(
                    request,
                    gettext("%(provider)s: connection failed (%(error)s).")
                    % {"provider": provider, "error": check.error},
                    messages.ERROR,
                )
