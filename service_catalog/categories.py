"""The catalogue's categories: reference data, created by the migrations and ensured before imports."""

CATEGORIES = [
    ("impots", "Impôts"),
    ("sante", "Santé"),
    ("emploi", "Emploi"),
    ("famille", "Famille"),
    ("logement", "Logement"),
    ("transport", "Transports et permis"),
    ("justice", "Justice"),
    ("education", "Éducation"),
    ("retraite", "Retraite"),
    ("papiers", "Papiers d'identité"),
    ("social", "Aides sociales"),
    ("entreprise", "Entreprises"),
    ("citoyennete", "Citoyenneté"),
]


def categories_ensure(category_model=None) -> None:
    """Create the missing categories (the migration passes its historical model)."""
    if category_model is None:
        from service_catalog.models import Category as category_model
    for order, (slug, name) in enumerate(CATEGORIES, start=1):
        category_model.objects.get_or_create(slug=slug, defaults={"name": name, "order": order * 10})
