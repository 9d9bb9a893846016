"""The national register of persons, behind a pluggable interface.

Using the portal requires a permanent French social security registration, which in practice
means the identity is known to the register. ``IDENTITY_REGISTER`` names the class to use; the
demo's register (demo/identity_register.py) knows the demo citizens. A register that cannot answer raises
``RegisterUnavailable``: the flow then stops with a clear error and creates nothing.
"""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


class RegisterUnavailable(Exception):
    pass


class IdentityRegister:
    def is_known(self, identity: dict) -> bool:
        """Whether the register holds this pivot identity (raises RegisterUnavailable)."""
        raise NotImplementedError


@cache
def identity_register() -> IdentityRegister:
    return import_string(settings.IDENTITY_REGISTER)()
