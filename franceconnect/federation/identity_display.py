"""The pivot identity as a person reads it, in the active language; partner sites keep the codes.

« 1962-08-24 », « 75107 » and « 99123 » become « 24 août 1962 », « Paris 7e Arrondissement (75) » and
« Russie »: nobody can check their own data from INSEE codes. A code the offline Code officiel
géographique does not hold (identity_providers.geography) is shown as it came, never as an error.
"""

from datetime import date

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from franceconnect.infrastructure.dates import date_readable
from identity_providers.geography import CommuneKind, commune_by_code, country_by_code


def birthdate_readable(value: str) -> str:
    try:
        return date_readable(date.fromisoformat(value))
    except (TypeError, ValueError):
        return value


def birthplace_readable(code: str) -> str:
    """« Ajaccio (2A) »; a commune merged since under its own name, with today's when the code
    alone cannot say which one the birth certificate bears; « born abroad » without a code."""
    if not code:
        return _("born outside France")
    commune = commune_by_code(code)
    if commune is None:
        return code
    if commune.kind == CommuneKind.FORMER:
        return _("former commune, now part of %(current)s (%(department)s)") % {
            "current": commune.current_name,
            "department": commune.department,
        }
    if commune.current_name:
        return _("%(name)s, now part of %(current)s (%(department)s)") % {
            "name": commune.name,
            "current": commune.current_name,
            "department": commune.department,
        }
    return f"{commune.name} ({commune.department})"


def birthcountry_readable(code: str) -> str:
    country = country_by_code(code)
    return country.name(get_language()) if country is not None else code


def claim_readable(name: str, value: str) -> str:
    """A released claim's value as the confirmation screen shows it."""
    if name == "gender":
        return {"male": _("male"), "female": _("female")}.get(value, value)
    if name == "birthdate":
        return birthdate_readable(value)
    if name == "birthplace":
        return birthplace_readable(value)
    if name == "birthcountry":
        return birthcountry_readable(value)
    return value
