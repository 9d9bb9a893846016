from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from service_catalog.imports import CatalogueImportError, catalogue_import_csv


class Command(BaseCommand):
    help = (
        "Import services from a CSV file (see service_catalog/resources.py for the columns); all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, **options):
        if not options["path"].exists():
            raise CommandError(f"{options['path']} does not exist")
        try:
            count = catalogue_import_csv(options["path"])
        except CatalogueImportError as error:
            raise CommandError("nothing imported — " + "\n".join(error.problems)) from error
        self.stdout.write(f"{count} services imported")
