"""The identity as it travels through a login, as typed values.

One value per stage, from the identity provider's verified answer to the site's userinfo call:

- ``VerifiedLogin``: what the portal accepted from an identity provider (the pivot identity, the
  provider, the level of assurance and the authentication it asserted). The single sign-on holds it;
- ``ReleasedLogin``: what waits under an authorization code, then under its access token, for the
  token and userinfo endpoints: the person's identity and how they authenticated, nothing else.

Both cross requests (session, cache) as plain JSON-compatible dicts: ``as_stored()`` and
``from_stored()`` are the only places that know the stored shape (franceconnect.federation.state
owns the keys and lifetimes).
"""

from dataclasses import dataclass

from identity_providers.pivot import PivotIdentity


@dataclass(frozen=True)
class VerifiedLogin:
    identity: PivotIdentity
    pivot_hash: str  # the unkeyed digest the pairwise subjects derive from; never stored in the database
    identity_provider_id: int
    identity_provider_name: str  # for the security e-mail and the confirmation screen
    acr: str  # capped at the provider's accredited levels
    amr: tuple[str, ...]  # as the identity provider asserted it; empty when it said nothing
    auth_time: int  # when the person authenticated at the identity provider
    idp_id_token: str  # the provider's ID token, its id_token_hint at logout
    # The register of persons corrected the provider's identity: ``identity`` is the register's.
    register_corrected: bool = False

    def as_stored(self) -> dict:
        return {**vars(self), "identity": self.identity.as_dict(), "amr": list(self.amr)}

    @classmethod
    def from_stored(cls, stored: dict) -> "VerifiedLogin":
        return cls(**{**stored, "identity": PivotIdentity(**stored["identity"]), "amr": tuple(stored["amr"])})


@dataclass(frozen=True)
class ReleasedLogin:
    identity: PivotIdentity
    pivot_hash: str
    acr: str
    amr: tuple[str, ...]
    auth_time: int
    connection: str  # the connection's reference, for support

    @classmethod
    def of(cls, login: VerifiedLogin, *, connection: str) -> "ReleasedLogin":
        return cls(
            identity=login.identity,
            pivot_hash=login.pivot_hash,
            acr=login.acr,
            amr=login.amr,
            auth_time=login.auth_time,
            connection=connection,
        )

    def as_stored(self) -> dict:
        return {**vars(self), "identity": self.identity.as_dict(), "amr": list(self.amr)}

    @classmethod
    def from_stored(cls, stored: dict) -> "ReleasedLogin":
        return cls(**{**stored, "identity": PivotIdentity(**stored["identity"]), "amr": tuple(stored["amr"])})
