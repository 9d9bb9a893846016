import re

from django import forms
from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from franceconnect.federation.selectors import connections_of_same_account
from franceconnect.infrastructure.admin_lists import LargeTableAdmin
from franceconnect.infrastructure.references import is_connection_reference, reference_normalize
from support.models import Ticket
from support.services import ticket_note_add, ticket_reply_send, tickets_status_set


class TicketAdminForm(forms.ModelForm):
    reply = forms.CharField(
        label=_("Reply to the citizen"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Sent by e-mail to the citizen when you save, and kept in the conversation."),
    )
    note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the ticket, never sent."),
    )

    class Meta:
        model = Ticket
        fields = ["status", "priority", "assignee"]


TICKET_REFERENCE = re.compile(
    r"^(?:DS|FC)-\d{4}-\d{6}$"
)  # new and legacy (franceconnect/infrastructure/references.py)


@admin.register(Ticket)
class TicketAdmin(LargeTableAdmin):
    form = TicketAdminForm
    list_display = ["reference", "priority", "category", "status", "age", "assignee", "email"]
    list_filter = ["status", "priority", "category", "assignee"]
    search_fields = ["reference", "email", "connection_reference"]
    list_select_related = ["assignee"]
    actions = ["mark_in_progress", "mark_waiting_citizen", "mark_resolved", "mark_closed"]
    readonly_fields = [
        "reference",
        "name",
        "email",
        "category",
        "connection_reference",
        "context",
        "language",
        "created_at",
        "account_connections",
        "conversation",
    ]
    fieldsets = [
        (None, {"fields": ["reference", "status", "priority", "assignee"]}),
        (
            _("Request"),
            {
                "fields": [
                    "name",
                    "email",
                    "category",
                    "connection_reference",
                    "account_connections",
                    "context",
                    "language",
                    "created_at",
                ]
            },
        ),
        (_("Conversation"), {"fields": ["conversation", "reply", "note"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        """A whole ticket or connection reference, or an address, on its index (100,000 tickets a
        year: issue 20); anything else as Django searches, part of a field."""
        term = reference_normalize(search_term)
        if TICKET_REFERENCE.match(term):
            return queryset.filter(reference=term), False
        if is_connection_reference(term):
            return queryset.filter(connection_reference=term), False
        if "@" in search_term and " " not in search_term.strip():
            return queryset.filter(email=search_term.strip()), False
        return super().get_search_results(request, queryset, search_term)

    class Media:
        css = {"all": ["support/admin.css"]}

    def has_add_permission(self, request):
        return False  # tickets come from the contact form

    @admin.display(description=_("age"), ordering="created_at")
    def age(self, ticket):
        return timesince(ticket.created_at)

    @admin.display(description=_("connections of the account concerned"))
    def account_connections(self, ticket):
        """The connections of the account the ticket's connection was made under: site, provider,
        time and reference, never an identity (the portal keeps none)."""
        connections = connections_of_same_account(ticket.connection_reference)
        # The account itself (its refused logins, its history, the suspension), for the ticket.
        account_url = (
            reverse("admin:franceconnect_citizenaccount_change", args=[connections[0].citizen_id])
            + f"?ticket={ticket.pk}"
            if connections
            else ""
        )
        return render_to_string(
            "admin/support/account_connections.html", {"connections": connections, "account_url": account_url}
        )

    @admin.display(description=_("conversation"))
    def conversation(self, ticket):
        entries = ticket.messages.select_related("author", "notification")
        return render_to_string("admin/support/conversation.html", {"entries": entries})

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.cleaned_data.get("reply"):
            ticket_reply_send(ticket=obj, author=request.user, body=form.cleaned_data["reply"])
            self.message_user(
                request, gettext("The reply is being sent to %(email)s.") % {"email": obj.email}
            )
        if form.cleaned_data.get("note"):
            ticket_note_add(ticket=obj, author=request.user, body=form.cleaned_data["note"])

    def _status(self, request, queryset, status):
        count = tickets_status_set(tickets=queryset, status=status)
        label = Ticket.Status(status).label
        self.message_user(
            request,
            gettext("%(count)d ticket(s) now %(status)s.") % {"count": count, "status": label},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark as in progress"), permissions=["change"])
    def mark_in_progress(self, request, queryset):
        self._status(request, queryset, Ticket.Status.IN_PROGRESS)

    @admin.action(description=_("Mark as waiting for the citizen"), permissions=["change"])
    def mark_waiting_citizen(self, request, queryset):
        self._status(request, queryset, Ticket.Status.WAITING_CITIZEN)

    @admin.action(description=_("Mark as resolved"), permissions=["change"])
    def mark_resolved(self, request, queryset):
        self._status(request, queryset, Ticket.Status.RESOLVED)

    @admin.action(description=_("Mark as closed"), permissions=["change"])
    def mark_closed(self, request, queryset):
        self._status(request, queryset, Ticket.Status.CLOSED)
