"""CSV import and export of the catalogue (django-import-export), one row per service.

Columns: name, description, organisation, url, category (slug), audience (particuliers,
professionnels or both, comma-separated), territory (national, or R/D INSEE codes comma-separated),
eidas_level, keywords. A row is matched on its name; an import with any bad row writes nothing.
"""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from service_catalog.models import Category, Service, ServiceTerritory
from service_catalog.territories import VALID_CODES

AUDIENCES = {"particuliers", "professionnels"}


def _split(value) -> list[str]:
    return [part.strip() for part in str(value or "").split(",") if part.strip()]


class ServiceResource(resources.ModelResource):
    category = fields.Field(
        attribute="category", column_name="category", widget=ForeignKeyWidget(Category, field="slug")
    )
    audience = fields.Field(column_name="audience")
    territory = fields.Field(column_name="territory")

    class Meta:
        model = Service
        import_id_fields = ["name"]
        fields = [
            "name",
            "description",
            "organisation",
            "url",
            "category",
            "audience",
            "territory",
            "eidas_level",
            "keywords",
        ]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = False
        use_transactions = True

    def dehydrate_audience(self, service: Service) -> str:
        return ",".join(
            value
            for value, wanted in (
                ("particuliers", service.for_individuals),
                ("professionnels", service.for_professionals),
            )
            if wanted
        )

    def dehydrate_territory(self, service: Service) -> str:
        return "national" if service.is_national else ",".join(service.territory_codes)

    def import_instance(self, instance: Service, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        audience = set(_split(row.get("audience")))
        if not audience or not audience <= AUDIENCES:
            raise ValidationError({"audience": "audience must be particuliers, professionnels or both"})
        instance.for_individuals = "particuliers" in audience
        instance.for_professionals = "professionnels" in audience
        territory = _split(row.get("territory"))
        unknown = [code for code in territory if code != "national" and code not in VALID_CODES]
        if not territory or unknown or ("national" in territory and len(territory) > 1):
            raise ValidationError(
                {"territory": "territory must be national or INSEE codes such as R11, D75, D2A"}
            )
        instance.is_national = territory == ["national"]
        instance._territory_codes = [] if instance.is_national else territory
        if not instance.slug:
            instance.slug = slugify(instance.name)[:200] or "service"

    def after_save_instance(self, instance: Service, row, **kwargs):
        codes = getattr(instance, "_territory_codes", None)
        if codes is not None:
            instance.territories.exclude(code__in=codes).delete()
            ServiceTerritory.objects.bulk_create(
                [ServiceTerritory(service=instance, code=code) for code in codes], ignore_conflicts=True
            )
