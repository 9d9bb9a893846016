"""Citizens' accounts and refused logins in admin (registered by franceconnect.federation.admin).

An account's page shows what support needs after an identity theft — its connections, its refused
logins, its history (login policy changes, suspensions) — and, to those who may (the Opérateurs),
« Suspendre le compte » / « Lever la suspension », each asking for a reason
(franceconnect.federation.suspension). Support reaches it from a ticket, whose connection
reference names the account; a suspension made from there leaves a note on the ticket.
Nothing else of an account is changed here.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from franceconnect.federation import suspension
from franceconnect.federation.models import CitizenAccount, Connection, LoginPolicyChange, RefusedLogin
from franceconnect.infrastructure.admin_lists import LargeTableAdmin, SiteListFilter, exact_search

SHOWN = 50  # connections and refused logins on an account's page, newest first


class SuspensionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept in the account's history)"), max_length=300, widget=forms.TextInput
    )
    ticket = forms.IntegerField(required=False, widget=forms.HiddenInput)


def _ticket(pk):
    from support.models import Ticket

    return Ticket.objects.filter(pk=pk).first() if pk else None


@admin.register(CitizenAccount)
class CitizenAccountAdmin(LargeTableAdmin):
    list_display = ["username", "key_prefix", "date_joined", "suspended_at"]
    list_filter = [("suspended_at", admin.EmptyFieldListFilter), "date_joined"]
    # An account is found by one of its connections' references (a ticket, a security e-mail), or
    # its username, each whole and on its index (franceconnect/infrastructure/admin_lists.py).
    search_fields = ["=username", "=connections__reference"]
    fields = ["username", "key_prefix", "date_joined", "suspended_at", "history", "connections", "refusals"]
    readonly_fields = fields
    actions = ["suspend_accounts", "lift_suspensions"]

    def get_search_results(self, request, queryset, search_term):
        return exact_search(
            queryset, search_term, reference="connections__reference", other="username"
        ), False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # nothing is edited: the suspension has its own audited page

    def has_delete_permission(self, request, obj=None):
        return False

    def has_suspend_permission(self, request) -> bool:
        return request.user.has_perm("franceconnect.suspend_citizenaccount")

    @admin.display(description=_("account key"))
    def key_prefix(self, account) -> str:
        return f"{account.account_key[:8]}…"

    @admin.display(description=_("history, newest first"))
    def history(self, account) -> str:
        changes = LoginPolicyChange.objects.filter(account_id=account.pk).select_related(
            "identity_provider", "operator"
        )
        return render_to_string("admin/franceconnect/loginpolicy/changes.html", {"changes": changes})

    @admin.display(description=_("connections, newest first"))
    def connections(self, account) -> str:
        connections = (
            Connection.objects.filter(citizen_id=account.pk)
            .select_related("service_provider", "identity_provider")
            .order_by("-created_at", "-pk")[:SHOWN]
        )
        return render_to_string("admin/support/account_connections.html", {"connections": connections})

    @admin.display(description=_("refused logins, newest first"))
    def refusals(self, account) -> str:
        refusals = RefusedLogin.objects.filter(account_id=account.pk).select_related(
            "service_provider", "identity_provider"
        )[:SHOWN]
        return render_to_string("admin/franceconnect/citizenaccount/refusals.html", {"refusals": refusals})

    def get_urls(self):
        suspension_url = path(
            "<int:object_id>/suspension/",
            self.admin_site.admin_view(self.suspension_view),
            name="franceconnect_citizenaccount_suspension",
        )
        return [suspension_url, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {"may_suspend": self.has_suspend_permission(request), "ticket": request.GET.get("ticket", "")}
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def suspension_view(self, request, object_id: int):
        """« Suspendre le compte » or « Lever la suspension », whichever applies, with a reason."""
        if not self.has_suspend_permission(request):
            raise PermissionDenied
        account = get_object_or_404(CitizenAccount, pk=object_id)
        form = SuspensionForm(request.POST or None, initial={"ticket": request.GET.get("ticket")})
        if request.method == "POST" and form.is_valid() and self._apply(request, [account], form):
            return redirect(reverse("admin:franceconnect_citizenaccount_change", args=[account.pk]))
        return self._reason_page(request, [account], form, suspend=account.suspended_at is None)

    def _apply(self, request, accounts, form, *, suspend: bool | None = None) -> bool:
        # The note goes on a ticket this member of staff may read (the one they came from).
        ticket = (
            _ticket(form.cleaned_data.get("ticket")) if request.user.has_perm("support.view_ticket") else None
        )
        try:
            for account in accounts:
                act = suspend if suspend is not None else account.suspended_at is None
                service = suspension.account_suspend if act else suspension.account_suspension_lift
                service(
                    account=account, operator=request.user, reason=form.cleaned_data["reason"], ticket=ticket
                )
        except ValidationError as error:
            form.add_error(None, error)
            return False
        self.message_user(request, gettext("Done, and recorded in the account's history."), messages.SUCCESS)
        return True

    def _reason_page(self, request, accounts, form, *, suspend: bool, action: str = ""):
        title = gettext("Suspend the account") if suspend else gettext("Lift the suspension")
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "accounts": accounts,
            "suspend": suspend,
            "action": action,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/franceconnect/citizenaccount/suspension.html", context)

    def _bulk(self, request, queryset, *, suspend: bool, action: str):
        form = SuspensionForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid() and self._apply(request, list(queryset), form, suspend=suspend):
            return None
        return self._reason_page(request, list(queryset), form, suspend=suspend, action=action)

    @admin.action(description=_("Suspend the selected accounts"), permissions=["suspend"])
    def suspend_accounts(self, request, queryset):
        return self._bulk(
            request, queryset.filter(suspended_at__isnull=True), suspend=True, action="suspend_accounts"
        )

    @admin.action(description=_("Lift the suspension of the selected accounts"), permissions=["suspend"])
    def lift_suspensions(self, request, queryset):
        return self._bulk(
            request, queryset.filter(suspended_at__isnull=False), suspend=False, action="lift_suspensions"
        )


@admin.register(RefusedLogin)
class RefusedLoginAdmin(admin.ModelAdmin):
    list_display = ["created_at", "cause", "service_provider", "identity_provider", "account"]
    list_filter = ["cause", SiteListFilter, "identity_provider"]
    date_hierarchy = "created_at"
    search_fields = ["=account__username"]
    list_select_related = ["service_provider", "identity_provider", "account"]
    fields = ["created_at", "cause", "service_provider", "identity_provider", "account"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
