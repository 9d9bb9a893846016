from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from franceconnect.infrastructure.admin_lists import LargeTableAdmin, exact_search
from notifications.models import Notification
from notifications.rendering import notification_render
from notifications.selectors import notification_counts
from notifications.services import notification_resend


@admin.register(Notification)
class NotificationAdmin(LargeTableAdmin):
    """Read-only: notifications are written by the portal; administrators watch and resend.

    Millions of rows: searched by a whole connection reference, address or Message-ID, each on an
    index (franceconnect/infrastructure/admin_lists.py)."""

    list_display = ["created_at", "kind", "status", "attempts", "sent_at", "connection"]
    list_filter = ["status", "kind", "created_at"]
    search_fields = ["connection__reference", "recipient", "message_id"]
    list_select_related = ["connection"]
    actions = ["send_again"]
    readonly_fields = [
        "kind",
        "status",
        "recipient",
        "language",
        "attempts",
        "last_error",
        "message_id",
        "connection",
        "created_at",
        "updated_at",
        "sent_at",
        "preview",
    ]
    exclude = ["context", "dedupe_key"]

    def get_search_results(self, request, queryset, search_term):
        found = exact_search(
            queryset,
            search_term,
            reference="connection__reference",
            address="recipient",
            message_id="message_id",
        )
        return found, False

    def has_add_permission(self, request):
        return False

    class Media:
        css = {"all": ["notifications/admin.css"]}

    def has_change_permission(self, request, obj=None):
        return False  # view-only pages; "send again" is an action

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {**(extra_context or {}), "notification_counts": notification_counts()}
        )

    @admin.display(description=_("content"))
    def preview(self, notification):
        subject, text, html = notification_render(notification)
        return format_html(
            '<p><strong>{}</strong></p><pre class="notification-text">{}</pre>'
            '<iframe sandbox="" title="{}" srcdoc="{}" class="notification-html"></iframe>',
            subject,
            text,
            gettext("HTML version"),
            html,
        )

    def has_resend_permission(self, request) -> bool:
        """The pages are read-only for everyone; "send again" is for who may change notifications."""
        return request.user.has_perm("notifications.change_notification")

    @admin.action(description=_("Send again"), permissions=["resend"])
    def send_again(self, request, queryset):
        failed = queryset.filter(status=Notification.Status.FAILED)
        for notification in failed:
            notification_resend(notification=notification)
        self.message_user(
            request,
            gettext("%(count)d failed notification(s) queued again.") % {"count": failed.count()},
            messages.SUCCESS,
        )
