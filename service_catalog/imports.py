"""Importing a catalogue CSV: everything or nothing, each bad row named."""

from pathlib import Path

import tablib

from service_catalog.categories import categories_ensure
from service_catalog.resources import ServiceResource


class CatalogueImportError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def catalogue_import_csv(path: Path) -> int:
    """Import (create or update by name) every row of a CSV file; returns the number of rows."""
    categories_ensure()
    dataset = tablib.Dataset().load(path.read_text(encoding="utf-8"), format="csv")
    resource = ServiceResource()
    dry_run = resource.import_data(dataset, dry_run=True, raise_errors=False)
    problems = [
        f"row {row.number}: {field}: {' '.join(messages)}"
        for row in dry_run.invalid_rows
        for field, messages in row.error_dict.items()
    ]
    problems += [
        f"row {number}: {error.error}" for number, errors in dry_run.row_errors() for error in errors
    ]
    if problems:
        raise CatalogueImportError(problems)
    resource.import_data(dataset, dry_run=False, raise_errors=True)
    return len(dataset)
