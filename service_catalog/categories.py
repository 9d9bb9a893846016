"""The catalogue's categories: reference data, created by the migrations and ensured before imports.

Administrators name categories in French (the stored name); the portal's own categories are also
named in English and Russian (locale/), shown on the /en/ and /ru/ pages.
"""

from django.apps import apps
from django.utils import translation
from django.utils.translation import pgettext_lazy

CATEGORIES = [
    ("impots", pgettext_lazy("catalogue category", "Tax")),
    ("sante", pgettext_lazy("catalogue category", "Health")),
    ("emploi", pgettext_lazy("catalogue category", "Work and jobs")),
    ("famille", pgettext_lazy("catalogue category", "Family")),
    ("logement", pgettext_lazy("catalogue category", "Housing")),
    ("transport", pgettext_lazy("catalogue category", "Driving and transport")),
    ("justice", pgettext_lazy("catalogue category", "Justice and the law")),
    ("education", pgettext_lazy("catalogue category", "Education")),
    ("retraite", pgettext_lazy("catalogue category", "Pensions and retirement")),
    ("papiers", pgettext_lazy("catalogue category", "Identity documents")),
    ("social", pgettext_lazy("catalogue category", "Benefits")),
    ("entreprise", pgettext_lazy("catalogue category", "Business")),
    ("citoyennete", pgettext_lazy("catalogue category", "Citizenship")),
]
CATEGORY_NAMES = dict(CATEGORIES)


def categories_ensure(category_model=None) -> None:
    """Create the missing categories (the migration passes its historical model), named in French."""
    if category_model is None:  # the app registry's model: models.py imports this module's names
        category_model = apps.get_model("service_catalog", "Category")
    with translation.override("fr"):
        for order, (slug, name) in enumerate(CATEGORIES, start=1):
            category_model.objects.get_or_create(slug=slug, defaults={"name": str(name), "order": order * 10})
