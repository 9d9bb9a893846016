from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from dsfr.models import DsfrConfig
from oauth2_provider.models import AccessToken, Grant, IDToken, RefreshToken
from simple_history.admin import SimpleHistoryAdmin

from franceconnect.federation.models import Connection, ServiceProvider, User
from franceconnect.federation.services import service_provider_secret_renew
from franceconnect.infrastructure.admin_lists import (
    LargeTableAdmin,
    LevelListFilter,
    SiteListFilter,
    exact_search,
)
from franceconnect.infrastructure.staff_access import admin_site_requires_second_factor
from identity_providers.models import IdentityProvider


def _admin_title() -> str:
    return gettext("%(portal)s administration") % {"portal": settings.PORTAL_NAME}


admin_site_requires_second_factor()
admin.site.site_header = lazy(_admin_title, str)()
admin.site.site_title = lazy(_admin_title, str)()
admin.site.index_title = lazy(lambda: gettext("Back office"), str)()
# Django's menu beside every page took 300 px of the 1280 a list has, and cut its last columns
# off; the home page and the breadcrumbs lead everywhere it did.
admin.site.enable_nav_sidebar = False


# The staff's groups (roles) with their audit trail: « Historique » on each group's page.
admin.site.unregister(Group)


@admin.register(Group)
class PortalGroupAdmin(SimpleHistoryAdmin, GroupAdmin):
    pass


@admin.register(User)
class PortalUserAdmin(SimpleHistoryAdmin, UserAdmin):
    list_display = ["username", "is_staff", "is_active", "date_joined", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    readonly_fields = ["account_key_prefix"]
    fieldsets = [*UserAdmin.fieldsets, (_("Citizen"), {"fields": ["account_key_prefix"]})]

    @admin.display(description=_("account key"))
    def account_key_prefix(self, user) -> str:
        # A prefix tells two accounts apart; the whole key is no one's business, even keyed.
        return f"{user.account_key[:8]}…" if user.account_key else "—"


# django-oauth-toolkit registers its own admin for the application model: the portal's replaces it.
if admin.site.is_registered(ServiceProvider):
    admin.site.unregister(ServiceProvider)
# Not a place for daily work: the toolkit's internal tables (codes and tokens live seconds, and
# are cleared every 15 minutes) and the design system's configuration (set by the deployment).
for model in (AccessToken, Grant, IDToken, RefreshToken, DsfrConfig):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class ServiceProviderForm(forms.ModelForm):
    """A partner site in the service's terms: the portal decides what the toolkit calls the client
    type and the grant type (a confidential site with the authorization code, as FranceConnect)."""

    class Meta:
        labels = {
            "redirect_uris": _("Return addresses after login (redirect URIs)"),
            "post_logout_redirect_uris": _("Return addresses after logout (post-logout redirect URIs)"),
        }
        help_texts = {
            "redirect_uris": _("One per line, https, compared exactly as written; no fragment."),
            "post_logout_redirect_uris": _("One per line, compared exactly as written."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set before validation: the toolkit checks the redirect URIs against the grant type.
        self.instance.client_type = ServiceProvider.CLIENT_CONFIDENTIAL
        self.instance.authorization_grant_type = ServiceProvider.GRANT_AUTHORIZATION_CODE
        if "environment" in self.fields:  # a site added here is a production site unless told
            self.fields["environment"].required = False

    def clean_allowed_idp_hints(self):
        """Known identity provider identifiers only, each once (a typo would refuse every hint)."""
        hints = list(dict.fromkeys(self.cleaned_data.get("allowed_idp_hints", "").split()))
        known = set(IdentityProvider.objects.filter(slug__in=hints).values_list("slug", flat=True))
        unknown = [hint for hint in hints if hint not in known]
        if unknown:
            raise forms.ValidationError(
                _("No identity provider has this identifier: %(identifiers)s."),
                params={"identifiers": ", ".join(unknown)},
            )
        return " ".join(hints)

    def clean_environment(self):
        return self.cleaned_data.get("environment") or ServiceProvider.Environment.PRODUCTION


@admin.register(ServiceProvider)
class ServiceProviderAdmin(SimpleHistoryAdmin):
    form = ServiceProviderForm
    list_display = [
        "name",
        "client_id",
        "is_active",
        "environment",
        "sector",
        "eidas_level",
        "algorithm",
        "consent_required",
    ]
    list_filter = ["is_active", "environment", "sector", "eidas_level", "algorithm", "consent_required"]
    search_fields = ["name", "client_id", "site_url", "contact_email"]
    # Checkboxes rather than Django's two-list widget, whose script-made labels axe reports
    # (aria-prohibited-attr): a few dozen identity providers read well as a list.
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
    }
    readonly_fields = ["client_identifier", "created_at", "updated_at"]
    actions = ["renew_secret"]
    fieldsets = [
        (None, {"fields": ["name", "site_url", "is_active", "contact_email", "sector"]}),
        # The partner space's (README « Espace partenaires »): a sandbox site meets test identities only.
        (_("Partner space"), {"fields": ["organisation", "environment"]}),
        (
            _("OpenID Connect"),
            {
                "fields": [
                    "client_identifier",
                    "redirect_uris",
                    "post_logout_redirect_uris",
                    "allowed_scopes",
                    "eidas_level",
                    "algorithm",
                    "sector_identifier",
                ]
            },
        ),
        (
            _("Citizens' journey"),
            {
                "fields": [
                    "consent_required",
                    "allowed_identity_providers",
                    "excluded_identity_providers",
                    "allowed_idp_hints",
                ]
            },
        ),
        (None, {"fields": ["created_at", "updated_at"]}),
    ]

    # The toolkit's fields, named in the service's words.
    @admin.display(description=_("client identifier (client_id)"))
    def client_identifier(self, site) -> str:
        return site.client_id or "—"

    @admin.display(description=_("created at"))
    def created_at(self, site):
        return site.created

    @admin.display(description=_("updated at"))
    def updated_at(self, site):
        return site.updated

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            self._show_secret_once(request, obj, service_provider_secret_renew(service_provider=obj))

    @admin.action(description=_("Generate a new client secret"), permissions=["change"])
    def renew_secret(self, request, queryset):
        for service_provider in queryset:
            self._show_secret_once(
                request, service_provider, service_provider_secret_renew(service_provider=service_provider)
            )

    def _show_secret_once(self, request, service_provider, secret: str) -> None:
        self.message_user(
            request,
            gettext("Client secret of %(site)s, shown only now: %(secret)s")
            % {"site": service_provider.name, "secret": secret},
            messages.WARNING,
        )


@admin.register(Connection)
class ConnectionAdmin(LargeTableAdmin):
    # Tens of millions of rows: a count, a date filter, a site filter and a search that each read
    # an index, not the table (franceconnect/infrastructure/admin_lists.py).
    list_display = ["reference", "created_at", "service_provider", "identity_provider", "acr"]
    list_filter = ["created_at", SiteListFilter, "identity_provider", LevelListFilter]
    search_fields = ["reference"]  # a whole reference, CX-… or FC-…
    list_select_related = ["service_provider", "identity_provider"]
    readonly_fields = [
        "reference",
        "citizen",
        "service_provider",
        "identity_provider",
        "acr",
        "claims",
        "created_at",
    ]

    def get_search_results(self, request, queryset, search_term):
        return exact_search(queryset, search_term, reference="reference"), False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


from franceconnect.federation import account_admin, login_policy_admin  # noqa: E402,F401  (register their admins)
