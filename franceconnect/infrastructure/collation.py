"""Alphabetical order as readers of each language expect it: « Île-de-France » among the I's.

Python compares code points, which puts every accented capital after Z; ``locale.strxfrm``
depends on the locales installed on the host and on a process-wide setting. ICU's collators
(the Unicode Collation Algorithm with CLDR's rules for each language: Russian puts Cyrillic
before Latin, for instance) give the same order everywhere; PyICU's ``icu`` module is installed
as the self-contained ``pyicu-wheels`` package (ICU bundled, nothing to compile).
"""

from functools import lru_cache

import icu
from django.utils import translation


@lru_cache(maxsize=8)
def _collator(language: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(language))


def sort_key(text: str, language: str | None = None) -> bytes:
    """The key that sorts ``text`` in ``language``'s order (the active language by default)."""
    return _collator(language or translation.get_language() or "fr").getSortKey(text)


def sorted_by_name(items, name, language: str | None = None) -> list:
    """``items`` in the alphabetical order of ``name(item)`` in ``language``."""
    collator = _collator(language or translation.get_language() or "fr")
    return sorted(items, key=lambda item: collator.getSortKey(str(name(item))))
