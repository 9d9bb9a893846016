"""Builds the geography data files from their offline sources; run by hand when a new edition comes out.

Never run by the portal: it reads only what this script wrote (``data/communes.tsv.gz`` and
``data/countries.tsv``), so that neither node_modules nor the network is needed at run time.

Communes come from the npm package ``@etalab/decoupage-administratif`` (INSEE's Code officiel
géographique), unpacked anywhere::

    cd /tmp && npm pack @etalab/decoupage-administratif@6.0.0 && tar xzf etalab-decoupage-administratif-6.0.0.tgz
    .venv/bin/python -m identity_providers.geography.build --package /tmp/package

Countries come from ``data/insee-countries-2025.csv`` (INSEE, copied into the project); their
English and Russian names from Babel's CLDR territory names, through the row's ISO 3166 code.

The commune file keeps only what a person's birthplace needs, one line per INSEE code:
``code, name, département, kind, current name``. A birth certificate keeps the code of the
commune as it was, so the file keeps every code a living person may carry:

- current communes and municipal arrondissements (Paris, Lyon, Marseille);
- delegated and associated communes, i.e. communes merged since into another one (74011
  Annecy-le-Vieux, part of Annecy since 2017), under their own name;
- a delegated commune that kept the code of the commune it formed (01033 Bellegarde-sur-Valserine,
  now Valserhône): the code alone cannot say which name applies, so both are kept;
- former codes of communes merged without a delegated commune (01340, now in Arboys en Bugey):
  the source no longer holds their own name, only the commune they are part of today.
"""

import argparse
import csv
import gzip
import io
import json
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
COMMUNES_FILE = DATA / "communes.tsv.gz"
COUNTRIES_SOURCE = DATA / "insee-countries-2025.csv"
COUNTRIES_FILE = DATA / "countries.tsv"
LANGUAGES = ("fr", "en", "ru")

# The source's types, as the lookup names them (identity_providers.geography.communes.CommuneKind).
KINDS = {
    "commune-actuelle": "commune",
    "arrondissement-municipal": "arrondissement",
    "commune-deleguee": "deleguee",
    "commune-associee": "associee",
}
FORMER = "ancienne"

# Kosovo has no ISO 3166-1 code, so INSEE gives none; CLDR names it under its user-assigned code.
ISO_CODE_MISSING_FROM_INSEE = {"99157": "XK"}


def commune_rows(records: list[dict]) -> list[tuple[str, str, str, str, str]]:
    """(code, name, département, kind, current name) for every code, sorted by code."""
    current = {record["code"]: record for record in records if record["type"] == "commune-actuelle"}
    rows: dict[str, tuple[str, str, str, str, str]] = {}
    for record in records:
        code, name, kind = record["code"], record["nom"], KINDS[record["type"]]
        if kind in ("deleguee", "associee") and code in current:
            # The delegated commune kept the code of the commune it formed.
            now = current[code]["nom"]
            if now != name:
                rows[code] = (code, name, record["departement"], kind, now)
            continue
        rows[code] = (code, name, record["departement"], kind, "")
    for record in current.values():
        for former in record.get("anciensCodes", ()):
            if former not in rows:
                rows[former] = (former, "", record["departement"], FORMER, record["nom"])
    return [rows[code] for code in sorted(rows)]


def write_communes(package: Path) -> Counter:
    version = json.loads((package / "package.json").read_text())["version"]
    records = json.loads((package / "data" / "communes.json").read_text())
    rows = commune_rows(records)
    text = io.StringIO()
    text.write(
        f"# INSEE Code officiel géographique, from @etalab/decoupage-administratif {version}"
        " (data: Licence Ouverte 2.0); built by identity_providers/geography/build.py\n"
        "# code\tname\tdepartement\tkind\tcurrent_name\n"
    )
    for row in rows:
        text.write("\t".join(row) + "\n")
    # mtime=0: the same source gives the same bytes, so a rebuild shows no spurious change.
    COMMUNES_FILE.write_bytes(gzip.compress(text.getvalue().encode(), compresslevel=9, mtime=0))
    return Counter(row[3] for row in rows)


def country_rows() -> list[tuple[str, ...]]:
    from babel import Locale  # a build-time dependency only: the portal does not load CLDR

    with COUNTRIES_SOURCE.open(encoding="utf-8", newline="") as source:
        records = list(csv.DictReader(source))
    # A territory filed under its country's ISO code (99313 Territoires espagnols en Afrique du
    # Nord: ES) would be named as the country: such rows keep INSEE's French name in every language.
    shared_iso = {iso for iso, count in Counter(r["iso2"] for r in records).items() if count > 1}
    territories = {language: Locale.parse(language).territories for language in LANGUAGES[1:]}
    rows = []
    for record in records:
        iso = record["iso2"] or ISO_CODE_MISSING_FROM_INSEE.get(record["code"], "")
        named = iso and not (iso in shared_iso and record["parent_code"])
        names = [territories[language].get(iso, "") if named else "" for language in LANGUAGES[1:]]
        rows.append((record["code"], record["name"], *[name or record["name"] for name in names]))
    return rows


def write_countries() -> int:
    import babel

    rows = country_rows()
    with COUNTRIES_FILE.open("w", encoding="utf-8", newline="") as out:
        out.write(
            "# INSEE Code officiel géographique 2025, countries (Licence Ouverte 2.0): code and French name;"
            f" English and Russian names from Unicode CLDR through Babel {babel.__version__};"
            " built by identity_providers/geography/build.py\n"
            "# code\tfr\ten\tru\n"
        )
        for row in rows:
            out.write("\t".join(row) + "\n")
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", type=Path, help="the unpacked @etalab/decoupage-administratif package")
    arguments = parser.parse_args()
    if arguments.package:
        kinds = write_communes(arguments.package)
        print(f"{COMMUNES_FILE.name}: {sum(kinds.values())} codes {dict(kinds)}")
    print(f"{COUNTRIES_FILE.name}: {write_countries()} countries")


if __name__ == "__main__":
    main()
