"""French communes by INSEE code, for showing a person's birthplace by its name.

Read from ``data/communes.tsv.gz`` (built by ``identity_providers.geography.build`` from INSEE's
Code officiel géographique), once per process and only when a birthplace is first shown: about
39,000 codes take some 6 MB in memory (7 MB more resident) and 30 to 50 ms of CPU to load, which
a process that never shows a birthplace (a Celery worker) never pays. A lookup is then one dict
access (about 2 µs with the Commune it returns).
"""

import gzip
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

COMMUNES_FILE = Path(__file__).resolve().parent / "data" / "communes.tsv.gz"


class CommuneKind(StrEnum):
    COMMUNE = "commune"
    MUNICIPAL_ARRONDISSEMENT = "arrondissement"  # Paris, Lyon and Marseille
    DELEGATED = "deleguee"  # a commune merged since into another, under its own name
    ASSOCIATED = "associee"  # the same, under the older regime of associated communes
    FORMER = "ancienne"  # a former code whose own name the source no longer holds


@dataclass(frozen=True, slots=True)
class Commune:
    code: str
    name: str  # empty for a former code (``current_name`` says where it is today)
    department: str  # "75", "2A", "974"
    kind: CommuneKind
    # The commune this territory belongs to today, when the code alone cannot say which name a
    # birth certificate bears: a delegated commune that kept the code of the commune it formed,
    # or a former code. Empty otherwise (74011 is Annecy-le-Vieux, whenever the person was born).
    current_name: str = ""


@cache
def _communes() -> dict[str, str]:
    """Code → the rest of its line, parsed only when looked up (a tuple per code would double the
    memory). Read line by line: the whole text at once would double the peak, and the resident size."""
    with gzip.open(COMMUNES_FILE, "rt", encoding="utf-8") as lines:
        return dict(line.rstrip("\n").split("\t", 1) for line in lines if not line.startswith("#"))


def commune_by_code(code: object) -> Commune | None:
    """The commune with this INSEE code (``"75107"``, ``"2A004"``); None for anything else."""
    if not isinstance(code, str):
        return None
    line = _communes().get(code)
    if line is None:
        return None
    name, department, kind, current_name = line.split("\t")
    return Commune(code, name, department, CommuneKind(kind), current_name)
