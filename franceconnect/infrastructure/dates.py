"""A date as a person reads it in the active language: « 24 août 1962 », « 24 August 1962 »,
« 24 августа 1962 г. ». One function for every page and e-mail, so that they all agree; and a
moment as staff read it in lists and titles, in Paris time like every other time they see."""  # noqa: RUF002

from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.translation import get_language

# French writes the first day of a month as an ordinal, « 1er janvier 1950 »; Django's DATE_FORMAT
# for French (j F Y) cannot, since its suffix format (S) is English.
FRENCH_FIRST_OF_MONTH = r"j\e\r F Y"


def date_readable(value: date) -> str:
    if value.day == 1 and (get_language() or "").split("-")[0] == "fr":
        return formats.date_format(value, FRENCH_FIRST_OF_MONTH)
    return formats.date_format(value, "DATE_FORMAT")


def moment_short(value: datetime) -> str:
    """« 29/11/2026 17:03 » in Paris time (the stored value is UTC): for titles and list cells
    written by code, which Django's own date display, localising fields, does not reach."""
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
