"""The national register of persons, behind a pluggable interface.

Using the portal requires a permanent French social security registration, which in practice
means the identity is known to the register. ``IDENTITY_REGISTER`` names the class to use; the
demo's register knows the demo citizens. A register that cannot answer raises
``RegisterUnavailable``: the flow then stops with a clear error and creates nothing.
"""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from franceconnect.oidc.subjects import pivot_hash


class RegisterUnavailable(Exception):
    pass


class IdentityRegister:
    def is_known(self, identity: dict) -> bool:
        """Whether the register holds this pivot identity (raises RegisterUnavailable)."""
        raise NotImplementedError


class DemoIdentityRegister(IdentityRegister):
    """Knows the demo citizens marked ``in_register`` (demo/citizens.py), compared as the portal keys accounts."""

    def is_known(self, identity: dict) -> bool:
        return pivot_hash(identity) in _demo_register_hashes()


@cache
def _demo_register_hashes() -> frozenset[str]:
    from demo.citizens import CITIZENS

    return frozenset(pivot_hash(person) for person in CITIZENS if person["in_register"])


@cache
def identity_register() -> IdentityRegister:
    return import_string(settings.IDENTITY_REGISTER)()
