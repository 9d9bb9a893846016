"""The national register of persons, behind a pluggable interface.

Using the portal requires a permanent French social security registration, which in practice
means the identity is known to the register. ``IDENTITY_REGISTER`` names the class to use; the
demo's register (demo/identity_register.py) knows the demo citizens. The register answers with a
``RegisterAnswer``, one of four statuses, and the flow acts on each
(franceconnect.federation.flow.views):

- ``FOUND``: the identity is the register's; the login goes on;
- ``NOT_FOUND``: refused (« Identité non vérifiée »), nothing is created;
- ``DECEASED``: the register records this person's death: refused with a page of its own;
- ``CORRECTED``: the register holds the person under a slightly different identity (a misspelled
  name, a wrong commune code at the identity provider): the register's identity is the one shown,
  sent to sites and keyed on, so the person keeps one account and one ``sub`` per site.

A register that cannot answer raises ``RegisterUnavailable``: the flow then stops with a clear
error and creates nothing.
"""

import enum
from dataclasses import dataclass, replace
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from identity_providers.pivot import PivotIdentity


class RegisterUnavailable(Exception):
    pass


class RegisterStatus(enum.StrEnum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    DECEASED = "deceased"
    CORRECTED = "corrected"


@dataclass(frozen=True)
class RegisterAnswer:
    status: RegisterStatus
    # CORRECTED only: the person's pivot identity as the register holds it (names, sex, birth).
    corrected: PivotIdentity | None = None

    def __post_init__(self):
        object.__setattr__(self, "status", RegisterStatus(self.status))  # a register may answer "found"
        if (self.status is RegisterStatus.CORRECTED) != (self.corrected is not None):
            raise ValueError("a corrected identity comes with the CORRECTED status, and only with it")

    def identity_for_sites(self, sent: PivotIdentity) -> PivotIdentity:
        """The identity the login goes on with: the register's pivot fields when it corrected them;
        the e-mail address and usage name stay the identity provider's (the register holds neither)."""
        if self.corrected is None:
            return sent
        return replace(self.corrected, email=sent.email, preferred_username=sent.preferred_username)


FOUND = RegisterAnswer(RegisterStatus.FOUND)
NOT_FOUND = RegisterAnswer(RegisterStatus.NOT_FOUND)
DECEASED = RegisterAnswer(RegisterStatus.DECEASED)


def corrected(identity: PivotIdentity) -> RegisterAnswer:
    return RegisterAnswer(RegisterStatus.CORRECTED, corrected=identity)


class IdentityRegister:
    def check(self, identity: PivotIdentity) -> RegisterAnswer:
        """What the register holds about this pivot identity (raises RegisterUnavailable)."""
        raise NotImplementedError


@cache
def identity_register() -> IdentityRegister:
    return import_string(settings.IDENTITY_REGISTER)()
