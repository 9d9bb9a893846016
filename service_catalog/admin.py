from django.contrib import admin
from django.db import models
from import_export.admin import ImportExportModelAdmin

from service_catalog.models import Category, Service, ServiceTerritory
from service_catalog.resources import ServiceResource


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}


class TerritoryInline(admin.TabularInline):
    model = ServiceTerritory
    extra = 1


@admin.register(Service)
class ServiceAdmin(ImportExportModelAdmin):
    resource_classes = [ServiceResource]
    list_display = [
        "name",
        "category",
        "organisation",
        "is_national",
        "for_individuals",
        "for_professionals",
        "is_active",
        "updated_at",
    ]
    list_filter = [
        "is_active",
        "category",
        "is_national",
        "for_individuals",
        "for_professionals",
        "eidas_level",
    ]
    search_fields = ["name", "organisation", "keywords"]
    list_select_related = ["category"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = []
    inlines = [TerritoryInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["updated_at"]
