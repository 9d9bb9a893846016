"""Searching the catalogue: accents, case and plural forms do not matter.

On PostgreSQL: full-text search with a French configuration that also removes accents
(``french_unaccent``, created by the migrations), ranked, name before keywords before description.
Elsewhere (the demo's SQLite): the same words compared without accents or final s/x, ranked by
how many of them the name holds.
"""

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, QuerySet, Value, When

CONFIG = "french_unaccent"
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def _words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(character for character in decomposed if not unicodedata.combining(character)).casefold()
    # French plurals mostly add s or x: « allocations » and « allocation » become one word.
    return [
        word[:-1] if len(word) > 3 and word[-1] in "sx" else word for word in _NOT_WORD.split(plain) if word
    ]


def normalised(text: str) -> str:
    return " ".join(_words(text))


def service_index_fields(service) -> None:
    """The fallback's columns, computed before each save."""
    service.search_name = f" {normalised(service.name)} "
    service.search_text = f" {normalised(' '.join([service.name, service.keywords, service.description, service.organisation]))} "


def services_index_vectors(queryset: QuerySet) -> None:
    """PostgreSQL's weighted vectors, in one UPDATE for any number of services."""
    if connection.vendor != "postgresql":
        return
    queryset.update(
        search_vector=SearchVector("name", weight="A", config=CONFIG)
        + SearchVector("keywords", weight="B", config=CONFIG)
        + SearchVector("description", "organisation", weight="C", config=CONFIG)
    )


def services_search(queryset: QuerySet, text: str, *, full_text: bool | None = None) -> QuerySet:
    if full_text is None:
        full_text = connection.vendor == "postgresql"
    if full_text:
        query = SearchQuery(text, config=CONFIG, search_type="websearch")
        return (
            queryset.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "name")
        )
    words = _words(text)
    if not words:
        return queryset.none()
    for word in words:
        queryset = queryset.filter(search_text__contains=f" {word}")
    in_name = sum(
        (Case(When(search_name__contains=f" {word}", then=Value(1)), default=Value(0)) for word in words),
        Value(0),
    )
    return queryset.annotate(rank=in_name).order_by("-rank", "name")
