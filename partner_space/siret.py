"""The SIRET number of an organisation (INSEE's establishment number): 14 digits, Luhn checksum.

La Poste's establishments (SIREN 356 000 000) are numbered past what the Luhn key allows: theirs
is checked by the sum of the digits, a multiple of 5 (INSEE's documented exception).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LA_POSTE_SIREN = "356000000"


def siret_normalise(value: str) -> str:
    """The number without the spaces people type in it (« 130 025 265 00013 »)."""
    return "".join(value.split())


def _luhn_valid(digits: str) -> bool:
    total = 0
    for position, character in enumerate(reversed(digits)):
        digit = int(character)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def siret_is_valid(value: str) -> bool:
    digits = siret_normalise(value)
    if len(digits) != 14 or not digits.isascii() or not digits.isdigit():
        return False
    if digits.startswith(LA_POSTE_SIREN) and sum(map(int, digits)) % 5 == 0:
        return True
    return _luhn_valid(digits)


def siret_validate(value: str) -> None:
    if value and not siret_is_valid(value):
        raise ValidationError(
            _("Enter the SIRET number as 14 digits, as INSEE gives it: this one's check digit is wrong."),
            code="invalid_siret",
        )
