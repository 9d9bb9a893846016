"""The French and Russian catalogues are complete: every message of the portal is translated."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[1] / "locale"


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_catalogue_has_no_missing_or_fuzzy_translation(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as po:
        catalogue = read_po(po, locale=language)

    untranslated = [
        m.id for m in catalogue if m.id and not (m.string if isinstance(m.string, str) else all(m.string))
    ]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]

    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_compiled_catalogue_is_up_to_date(language):
    messages = LOCALE / language / "LC_MESSAGES"

    assert (messages / "django.mo").exists(), "run `make install` to compile the catalogues"
    assert (messages / "django.mo").stat().st_mtime >= (messages / "django.po").stat().st_mtime
