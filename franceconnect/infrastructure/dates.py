"""A date as a person reads it in the active language: « 24 août 1962 », « 24 August 1962 »,
« 24 августа 1962 г. ». One function for every page and e-mail, so that they all agree."""  # noqa: RUF002

from datetime import date

from django.utils import formats
from django.utils.translation import get_language

# French writes the first day of a month as an ordinal, « 1er janvier 1950 »; Django's DATE_FORMAT
# for French (j F Y) cannot, since its suffix format (S) is English.
FRENCH_FIRST_OF_MONTH = r"j\e\r F Y"


def date_readable(value: date) -> str:
    if value.day == 1 and (get_language() or "").split("-")[0] == "fr":
        return formats.date_format(value, FRENCH_FIRST_OF_MONTH)
    return formats.date_format(value, "DATE_FORMAT")
