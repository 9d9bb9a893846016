"""Citizens' login policies in admin: visible to operators, changed only through audited actions.

An operator sees which identity providers an account blocked, since when and why (the changes,
newest first), and can lift every block or end every session of the account; each action asks
for a reason and is recorded as a ``LoginPolicyChange`` made by that operator.
"""

from django import forms
from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from franceconnect.federation import login_policy
from franceconnect.federation.models import LoginPolicy, LoginPolicyChange
from franceconnect.infrastructure.cache import CONFIGURATION
from identity_providers.models import IdentityProvider
from identity_providers.selectors import identity_providers_listed


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason (kept in the account's history)"), max_length=300)


@admin.register(LoginPolicy)
class LoginPolicyAdmin(admin.ModelAdmin):
    list_display = ["account", "blocked", "future_providers_allowed", "decided_at", "sessions_not_before"]
    list_filter = ["future_providers_allowed"]
    search_fields = ["account__username"]
    list_select_related = ["account"]
    readonly_fields = [
        "account",
        "blocked",
        "future_providers_allowed",
        "decided_at",
        "sessions_not_before",
        "changes",
    ]
    fields = readonly_fields
    actions = ["allow_every_provider", "end_every_session"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("blocked identity providers"))
    def blocked(self, policy) -> str:
        # The providers' names from the configuration memo: no query per row of the list.
        names = CONFIGURATION.get(
            ("identity-provider-names",), lambda: dict(IdentityProvider.objects.values_list("pk", "name"))
        )
        return ", ".join(names.get(pk, str(pk)) for pk in policy.blocked_identity_providers) or "—"

    @admin.display(description=_("changes, newest first"))
    def changes(self, policy) -> str:
        changes = LoginPolicyChange.objects.filter(account_id=policy.account_id).select_related(
            "identity_provider", "operator"
        )
        return render_to_string("admin/franceconnect/loginpolicy/changes.html", {"changes": changes})

    def _with_reason(self, request, queryset, title: str, apply):
        """The action's page asking for a reason, then the action on each account."""
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            for policy in queryset.select_related("account"):
                apply(policy, form.cleaned_data["reason"])
            self.message_user(
                request, gettext("Done, and recorded in each account's history."), messages.SUCCESS
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "policies": queryset,
            "action": request.POST.get("action"),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/franceconnect/loginpolicy/action_reason.html", context)

    @admin.action(description=_("Allow every identity provider again"), permissions=["change"])
    def allow_every_provider(self, request, queryset):
        listed = identity_providers_listed()

        def apply(policy, reason):
            login_policy.login_policy_update(
                account=policy.account,
                providers=listed,
                allowed_ids={provider.pk for provider in listed},
                future_allowed=True,
                actor=LoginPolicyChange.Actor.OPERATOR,
                operator=request.user,
                reason=reason,
            )

        return self._with_reason(request, queryset, gettext("Allow every identity provider again"), apply)

    @admin.action(description=_("End every session of the account"), permissions=["change"])
    def end_every_session(self, request, queryset):
        def apply(policy, reason):
            login_policy.sessions_end(
                account=policy.account,
                actor=LoginPolicyChange.Actor.OPERATOR,
                operator=request.user,
                reason=reason,
            )

        return self._with_reason(request, queryset, gettext("End every session of the account"), apply)
