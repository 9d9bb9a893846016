"""The demo's register of persons: it knows the demo citizens marked ``in_register``.

Named by ``IDENTITY_REGISTER`` in the demo and the tests; production names a real register.
"""

from functools import cache

from franceconnect.federation.identity_register import IdentityRegister
from franceconnect.federation.provider.subjects import pivot_hash


class DemoIdentityRegister(IdentityRegister):
    """Knows the demo citizens marked ``in_register`` (demo/citizens.py), compared as the portal keys accounts."""

    def is_known(self, identity: dict) -> bool:
        return pivot_hash(identity) in _demo_register_hashes()


@cache
def _demo_register_hashes() -> frozenset[str]:
    from demo.citizens import CITIZENS

    return frozenset(pivot_hash(person) for person in CITIZENS if person["in_register"])
