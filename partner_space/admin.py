"""The partner space in admin: operators read organisations, people, memberships, invitations and
configuration versions, and may correct an organisation's name or SIRET and a member's role.
Nothing here holds a secret (sites' secrets stay hashed on the sites' own page); people are
created and changed in the space only.

Production requests are reviewed here: a read-only page (the requested configuration's diff
against the live one, the reason for each scope) with « Approuver » and « Refuser », each with a
comment, for the holders of ``review_productionrequest`` (the Opérateurs); the decision goes
through partner_space/services/production.py, which records who and when and e-mails the
organisation's administrators."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from partner_space.configuration import FIELDS_ORDER, SiteConfiguration
from partner_space.models import (
    Invitation,
    Membership,
    Organisation,
    PartnerPerson,
    ProductionRequest,
    SiteConfigurationVersion,
)
from partner_space.services.production import production_request_approve, production_request_reject


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


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the organisation (required)"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        max_length=2000,
        error_messages={"required": _("Write a comment for the organisation.")},
    )


@admin.register(ProductionRequest)
class ProductionRequestAdmin(NoAddNoDelete):
    list_display = ["site", "organisation", "kind", "status", "requested_by", "requested_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["site__name", "site__client_id", "site__organisation__name"]
    list_select_related = ["site__organisation", "requested_by"]
    fields = [
        "site",
        "organisation",
        "kind",
        "production_site",
        "requested_by",
        "requested_at",
        "status",
        "reviewer",
        "decided_at",
        "comment",
        "approved_version",
    ]
    readonly_fields = fields
    change_form_template = "admin/partner_space/productionrequest/change_form.html"

    def has_change_permission(self, request, obj=None):
        return False  # decided through « Approuver » / « Refuser », never edited

    def has_review_permission(self, request) -> bool:
        return request.user.has_perm("partner_space.review_productionrequest")

    @admin.display(description=_("organisation"))
    def organisation(self, production_request) -> str:
        return str(production_request.site.organisation or "—")

    @admin.display(description=_("request"))
    def kind(self, production_request) -> str:
        return (
            gettext("change of a production site")
            if production_request.is_change
            else gettext("production from a sandbox site")
        )

    def get_urls(self):
        decide = path(
            "<int:object_id>/decision/",
            self.admin_site.admin_view(require_POST(self.decision_view)),
            name="partner_space_productionrequest_decision",
        )
        return [decide, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        production_request = get_object_or_404(ProductionRequest.objects.select_related("site"), pk=object_id)
        extra = {
            "changes": [
                (name, production_request.changes[name])
                for name in FIELDS_ORDER
                if name in production_request.changes
            ],
            "sandbox_comparison": _sandbox_comparison(production_request),
            "reasons": sorted(production_request.scope_reasons.items()),
            "may_review": self.has_review_permission(request)
            and production_request.status == ProductionRequest.Status.PENDING,
            "decision_form": DecisionForm(),
        }
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def decision_view(self, request, object_id: int):
        if not self.has_review_permission(request):
            raise PermissionDenied
        production_request = get_object_or_404(ProductionRequest, pk=object_id)
        change_url = reverse("admin:partner_space_productionrequest_change", args=[object_id])
        form = DecisionForm(request.POST)
        if not form.is_valid():
            self.message_user(request, gettext("Write a comment for the organisation."), messages.ERROR)
            return redirect(change_url)
        service = production_request_approve if "approve" in request.POST else production_request_reject
        try:
            service(
                production_request=production_request,
                reviewer=request.user,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect(change_url)
        self.message_user(
            request,
            gettext("Decision recorded; the organisation's administrators receive it by e-mail."),
            messages.SUCCESS,
        )
        return redirect(change_url)


def _sandbox_comparison(production_request: ProductionRequest) -> list[dict] | None:
    """A first request has no live production configuration to diff against: the reviewer reads
    the requested one beside the sandbox site's (as it was when the request was made), field by
    field. None for a change of a production site, whose diff is against the live configuration."""
    if production_request.is_change:
        return None
    version = (
        SiteConfigurationVersion.objects.filter(
            site_id=production_request.site_id, created_at__lte=production_request.requested_at
        )
        .order_by("-number")
        .first()
    )
    sandbox = (
        version.configuration
        if version is not None
        else SiteConfiguration.of_site(production_request.site).as_json()
    )
    requested = production_request.configuration
    return [
        {
            "name": name,
            "sandbox": sandbox.get(name),
            "requested": requested.get(name),
            "differs": sandbox.get(name) != requested.get(name),
        }
        for name in FIELDS_ORDER
    ]
