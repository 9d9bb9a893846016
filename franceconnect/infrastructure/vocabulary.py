"""The federation's shared vocabulary, defined once for every app that speaks it.

The partner API, the identity providers' registry, the flow and the catalogue all name eIDAS
levels of assurance; the partner API and the identity providers both name signing algorithms and
the pivot identity's claims. Each list lives here and nowhere else.
"""

# eIDAS levels of assurance, lowest first: a higher level satisfies a request for a lower one.
EIDAS_LEVELS: tuple[str, ...] = ("eidas1", "eidas2", "eidas3")
EIDAS_LEVEL_CHOICES = [(level, level) for level in EIDAS_LEVELS]
LOWEST_EIDAS_LEVEL = EIDAS_LEVELS[0]


def eidas_rank(level: str) -> int:
    """1, 2 or 3; 0 for anything that is not a level."""
    return EIDAS_LEVELS.index(level) + 1 if level in EIDAS_LEVELS else 0


def eidas_satisfies(asserted: str, requested: str) -> bool:
    """Whether a login at ``asserted`` may answer a request for ``requested`` (unknown: never)."""
    return eidas_rank(asserted) >= eidas_rank(requested) > 0


# The algorithms the portal signs its ID tokens and userinfo with, and accepts from identity providers.
SIGNING_ALGORITHMS: tuple[str, ...] = ("RS256", "ES256")

# The pivot identity (FranceConnect's): the claims that identify a person.
PIVOT_CLAIMS: tuple[str, ...] = (
    "given_name",
    "family_name",
    "birthdate",
    "gender",
    "birthplace",
    "birthcountry",
)
