"""Countries and territories by INSEE code (``99xxx``), named in the portal's languages.

``data/countries.tsv`` holds INSEE's French name (Code officiel géographique 2025) and the English
and Russian names of Unicode CLDR, matched at build time through the ISO 3166 code
(``identity_providers.geography.build``). 229 rows, read once per process when first needed.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

COUNTRIES_FILE = Path(__file__).resolve().parent / "data" / "countries.tsv"


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name_fr: str  # INSEE's own name: every row has one
    name_en: str  # INSEE's French name where CLDR has none (territories without an ISO code)
    name_ru: str

    def name(self, language: str | None) -> str:
        """Its name in this language (``"ru"``, ``"en-gb"``), in French for any other language."""
        base = (language or "fr").split("-")[0].lower()
        return {"en": self.name_en, "ru": self.name_ru}.get(base, self.name_fr)


@cache
def _countries() -> dict[str, Country]:
    with COUNTRIES_FILE.open(encoding="utf-8", newline="") as source:
        rows = csv.reader((line for line in source if not line.startswith("#")), delimiter="\t")
        return {code: Country(code, fr, en, ru) for code, fr, en, ru in rows}


def country_by_code(code: object) -> Country | None:
    """The country with this INSEE code (``"99123"``); None for anything else, a retired code included."""
    if not isinstance(code, str):
        return None
    return _countries().get(code)
