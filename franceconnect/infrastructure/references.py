"""The references people read to support: one prefix per kind, so that nobody mixes them up.

A connection's reference (in its security e-mail) starts with ``CX-``, a support request's
(in its acknowledgement) with ``DS-`` (« demande de support »). Until the fifteenth issue both
started with ``FC-``: those references stay valid wherever they were written down, and are
still found by the contact form and in admin (``is_connection_reference`` accepts both forms).
"""

import re

from django.utils.crypto import get_random_string

CONNECTION_PREFIX = "CX"
TICKET_PREFIX = "DS"
LEGACY_PREFIX = "FC"  # both kinds, before the prefixes were told apart

# No 0/O or 1/I: references are read aloud and typed again from a screen or a sheet of paper.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CONNECTION_RANDOM_LENGTH = 10

CONNECTION_EXAMPLE = f"{CONNECTION_PREFIX}-7KQ2M9PZ4T"
# A connection reference, new or old: the prefix and ten letters or digits (any: one misread
# still helps support find the connection). A legacy ticket reference (FC-2025-000123) has a
# second hyphen: it is not taken for a connection.
_CONNECTION_PATTERN = re.compile(
    rf"^(?:{CONNECTION_PREFIX}|{LEGACY_PREFIX})-[A-Z0-9]{{{CONNECTION_RANDOM_LENGTH}}}$"
)


def connection_reference_new() -> str:
    return f"{CONNECTION_PREFIX}-{get_random_string(CONNECTION_RANDOM_LENGTH, ALPHABET)}"


def ticket_reference(*, year: int, number: int) -> str:
    return f"{TICKET_PREFIX}-{year}-{number:06d}"


def reference_normalize(value: str) -> str:
    """As people type it: surrounding spaces and lower case do not matter."""
    return value.strip().upper()


def is_connection_reference(value: str) -> bool:
    """A connection reference of either form (``CX-…``, or ``FC-…`` from before the change)."""
    return bool(_CONNECTION_PATTERN.match(value))
