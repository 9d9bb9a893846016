"""The demo's register of persons: it answers about the demo citizens as ``register`` says.

Named by ``IDENTITY_REGISTER`` in the demo and the tests; production names a real register.
"""

from functools import cache

from franceconnect.federation.identity_register import (
    DECEASED,
    FOUND,
    NOT_FOUND,
    IdentityRegister,
    RegisterAnswer,
    corrected,
)
from franceconnect.federation.provider.subjects import pivot_hash
from identity_providers.pivot import PivotIdentity


class DemoIdentityRegister(IdentityRegister):
    """Knows the demo citizens (demo/citizens.py), compared as the portal keys accounts: found or
    deceased as ``register`` says, and corrected where an identity provider holds them differently."""

    def check(self, identity: PivotIdentity) -> RegisterAnswer:
        return _demo_register().get(pivot_hash(identity.as_dict()), NOT_FOUND)


@cache
def _demo_register() -> dict[str, RegisterAnswer]:
    from demo.citizens import CITIZENS, PIVOT_FIELDS, as_held_by

    answers = {}
    for person in CITIZENS:
        if person["register"] == "not_found":
            continue
        answers[pivot_hash(person)] = DECEASED if person["register"] == "deceased" else FOUND
        held = PivotIdentity(**{field: person[field] for field in PIVOT_FIELDS})
        for provider in person.get("at_provider", {}):
            answers.setdefault(pivot_hash(as_held_by(person, provider)), corrected(held))
    return answers
