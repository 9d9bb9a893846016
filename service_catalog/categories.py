"""The catalogue's categories: reference data, created by the migrations and ensured before imports.

Administrators name categories in French (the stored name); the portal's own categories are also
named in English and Russian (locale/), shown on the /en/ and /ru/ pages.
"""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

CATEGORIES = [
    ("impots", _("Tax")),
    ("sante", _("Health")),
    ("emploi", _("Work and jobs")),
    ("famille", _("Family")),
    ("logement", _("Housing")),
    ("transport", _("Driving and transport")),
    ("justice", _("Justice and the law")),
    ("education", _("Education")),
    ("retraite", _("Pensions and retirement")),
    ("papiers", _("Identity documents")),
    ("social", _("Benefits")),
    ("entreprise", _("Business")),
    ("citoyennete", _("Citizenship")),
]
CATEGORY_NAMES = dict(CATEGORIES)


def categories_ensure(category_model=None) -> None:
    """Create the missing categories (the migration passes its historical model), named in French."""
    if category_model is None:
        from service_catalog.models import Category as category_model
    with translation.override("fr"):
        for order, (slug, name) in enumerate(CATEGORIES, start=1):
            category_model.objects.get_or_create(slug=slug, defaults={"name": str(name), "order": order * 10})
