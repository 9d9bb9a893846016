"""The partner space in admin: operators read organisations, people, memberships, invitations and
configuration versions, and may correct an organisation's name or SIRET and a member's role.
Nothing here holds a secret (sites' secrets stay hashed on the sites' own page); people are
created and changed in the space only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from partner_space.models import Invitation, Membership, Organisation, PartnerPerson, SiteConfigurationVersion


class NoAddNoDelete(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["person", "role", "created_at"]
    readonly_fields = ["person", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(NoAddNoDelete):
    list_display = ["name", "siret", "created_at"]
    search_fields = ["name", "siret"]
    fields = ["name", "siret", "created_at"]
    readonly_fields = ["created_at"]
    inlines = [MembershipInline]


@admin.register(PartnerPerson)
class PartnerPersonAdmin(NoAddNoDelete):
    list_display = ["email", "full_name", "email_verified_at", "created_at"]
    list_filter = ["email_verified_at"]
    search_fields = ["email", "user__first_name", "user__last_name"]
    fields = ["email", "full_name", "email_verified_at", "language", "created_at"]
    readonly_fields = fields

    @admin.display(description=_("name"))
    def full_name(self, person) -> str:
        return person.full_name

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Membership)
class MembershipAdmin(NoAddNoDelete):
    list_display = ["person", "organisation", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["person__email", "organisation__name"]
    fields = ["person", "organisation", "role", "created_at"]
    readonly_fields = ["person", "organisation", "created_at"]
    list_select_related = ["person", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(NoAddNoDelete):
    list_display = ["email", "organisation", "role", "created_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = ["organisation", "email", "role", "invited_by", "created_at", "accepted_at"]
    fields = readonly_fields


@admin.register(SiteConfigurationVersion)
class SiteConfigurationVersionAdmin(NoAddNoDelete):
    list_display = ["site", "number", "event", "author", "created_at"]
    list_filter = ["event"]
    search_fields = ["site__name", "site__client_id"]
    readonly_fields = ["site", "number", "event", "author", "created_at", "configuration", "changes"]
    fields = readonly_fields
    list_select_related = ["site", "author"]
