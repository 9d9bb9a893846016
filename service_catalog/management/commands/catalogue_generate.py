"""A large synthetic catalogue for benchmarks: `manage.py catalogue_generate --count 20000`."""

import random

from django.core.management.base import BaseCommand
from django.db import transaction

from service_catalog.categories import categories_ensure
from service_catalog.models import Category, Service, ServiceTerritory
from service_catalog.search import service_index_fields, services_index_vectors
from service_catalog.territories import DEPARTMENTS

VERBS = [
    "Déclarer",
    "Demander",
    "Consulter",
    "Modifier",
    "Payer",
    "Signaler",
    "Renouveler",
    "Suivre",
    "Télécharger",
    "Résilier",
]
OBJECTS = [
    "ses revenus", "une allocation", "son permis de conduire", "une carte grise", "ses remboursements de soins",
    "une aide au logement", "son inscription", "un changement d'adresse", "une prime d'activité", "ses impôts locaux",
    "une bourse scolaire", "sa pension de retraite", "un extrait de casier judiciaire", "un passeport", "ses cotisations",
]  # fmt: skip
ORGANISATIONS = [
    "Caisse départementale",
    "Préfecture",
    "Conseil départemental",
    "Direction régionale",
    "Mairie",
]


class Command(BaseCommand):
    help = "Add synthetic services (named « … (synthétique N) ») for benchmarks; --delete removes them."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=20000)
        parser.add_argument("--delete", action="store_true")
        parser.add_argument("--seed", type=int, default=2026)

    @transaction.atomic
    def handle(self, *args, **options):
        synthetic = Service.objects.filter(slug__startswith="synthetique-")
        if options["delete"]:
            self.stdout.write(f"{synthetic.delete()[0]} synthetic rows deleted")
            return
        rng = random.Random(options["seed"])  # noqa: S311 — reproducible test data, not secrets
        categories_ensure()
        categories = list(Category.objects.all())
        start = synthetic.count()
        services = []
        for number in range(start, start + options["count"]):
            verb, thing = rng.choice(VERBS), rng.choice(OBJECTS)
            service = Service(
                name=f"{verb} {thing} (synthétique {number})",
                slug=f"synthetique-{number}",
                description=f"{verb} {thing} en ligne, service de démonstration numéro {number}.",
                organisation=rng.choice(ORGANISATIONS),
                url=f"https://demarches.example.gouv.fr/{number}",
                category=rng.choice(categories),
                for_individuals=True,
                for_professionals=rng.random() < 0.3,
                is_national=rng.random() < 0.5,
                keywords=thing,
            )
            service_index_fields(service)
            services.append(service)
        Service.objects.bulk_create(services, batch_size=2000)
        created = Service.objects.filter(slug__in=[service.slug for service in services])
        services_index_vectors(created)
        departments = list(DEPARTMENTS)
        ServiceTerritory.objects.bulk_create(
            [
                ServiceTerritory(service_id=pk, code=f"D{rng.choice(departments)}")
                for pk in created.filter(is_national=False).values_list("pk", flat=True)
            ],
            batch_size=5000,
        )
        self.stdout.write(f"{len(services)} synthetic services created")
