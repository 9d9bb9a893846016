"""The « nos-services » catalogue: procedures reachable with the portal (texts stay in French)."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from franceconnect.infrastructure.vocabulary import EIDAS_LEVEL_CHOICES, LOWEST_EIDAS_LEVEL
from service_catalog.categories import CATEGORY_NAMES
from service_catalog.territories import territory_name


class Category(models.Model):
    slug = models.SlugField(_("identifier"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name in the reader's language: the stored (French) name, or, on the English and
        Russian pages, the translation of the portal's own categories."""
        if get_language() != settings.LANGUAGE_CODE and self.slug in CATEGORY_NAMES:
            return str(CATEGORY_NAMES[self.slug])
        return self.name


class Service(models.Model):
    class Audience(models.TextChoices):
        INDIVIDUALS = "particuliers", _("Individuals")
        PROFESSIONALS = "professionnels", _("Professionals")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("identifier"), max_length=220, unique=True)
    description = models.CharField(_("short description"), max_length=500)
    organisation = models.CharField(_("organisation"), max_length=200)
    url = models.URLField(_("address"), max_length=500)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="services", verbose_name=_("category")
    )
    for_individuals = models.BooleanField(_("for individuals"), default=True)
    for_professionals = models.BooleanField(_("for professionals"), default=False)
    is_national = models.BooleanField(_("national"), default=True)
    eidas_level = models.CharField(
        _("eIDAS level required"), max_length=6, choices=EIDAS_LEVEL_CHOICES, default=LOWEST_EIDAS_LEVEL
    )
    service_provider = models.ForeignKey(
        "franceconnect.ServiceProvider",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="catalogue_services",
        verbose_name=_("partner site"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    keywords = models.CharField(_("keywords"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("last update"), auto_now=True)
    # Maintained by service_catalog.search on every write: PostgreSQL's weighted full-text vector,
    # and an accent- and case-free text for the fallback search on other databases.
    search_vector = SearchVectorField(null=True, editable=False)
    search_name = models.TextField(editable=False, default="")
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        indexes = [models.Index(fields=["is_active", "category"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        from service_catalog.search import service_index_fields, services_index_vectors

        service_index_fields(self)
        super().save(*args, **kwargs)
        services_index_vectors(Service.objects.filter(pk=self.pk))

    @property
    def territory_codes(self) -> list[str]:
        return [territory.code for territory in self.territories.all()]

    @property
    def territory_names(self) -> list[str]:
        return [territory_name(code) for code in self.territory_codes]


class ServiceTerritory(models.Model):
    """A region (R + INSEE code) or a département (D + INSEE code) a non-national service covers."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="territories")
    code = models.CharField(_("territory code"), max_length=5, db_index=True)

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        constraints = [models.UniqueConstraint(fields=["service", "code"], name="service_territory_unique")]

    def __str__(self) -> str:
        return self.code
