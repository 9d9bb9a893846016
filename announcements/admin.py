from django.contrib import admin

from announcements.models import Banner


@admin.register(Banner)
class BannerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "level", "starts_at", "ends_at", "is_published"]
    list_filter = ["level", "is_published"]
    search_fields = ["message_fr", "message_en", "message_ru"]
    fields = ["message_fr", "message_en", "message_ru", "level", "starts_at", "ends_at", "is_published"]
