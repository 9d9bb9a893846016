"""« Try it »: a login with a test identity through a sandbox site's own configuration, after
which the partner sees what their site would receive — the ID token and userinfo, decoded, and
checked as a site must check them (signature against the portal's JWKS with the algorithm the
site chose, issuer, audience, expiry, nonce, the same ``sub``).

The portal acts as the site's client in-process (franceconnect/federation/in_process_client.py):
the browser goes through /api/v2/authorize with the site's client id and scopes, the chooser
(test identity providers only: the sandbox rule), the confirmation screen; the answer comes back
to the portal's own address, which every sandbox site accepts beside its own redirect URIs
(``ServiceProvider.redirect_uri_allowed``) and a production site never; the code is redeemed
with the token endpoint's checks, without the site's secret (never shown, never stored here).
"""

import time
from dataclasses import asdict, dataclass

import jwt

from franceconnect.federation.in_process_client import (
    AuthorizationStart,
    authorization_start,
    tokens_redeem,
    userinfo_redeem,
)
from franceconnect.federation.models import ServiceProvider, sandbox_try_redirect_uri
from franceconnect.federation.provider.signing_keys import signing_keys
from franceconnect.federation.provider.tokens import issuer
from franceconnect.infrastructure.vocabulary import LOWEST_EIDAS_LEVEL

# What each check says (partner_space/views/integration.py gives the words).
SIGNATURE, ALGORITHM, ISSUER, AUDIENCE, EXPIRY, NONCE, SAME_SUBJECT = (
    "signature",
    "algorithm",
    "issuer",
    "audience",
    "expiry",
    "nonce",
    "same_subject",
)


def try_start(site: ServiceProvider, *, language: str) -> AuthorizationStart:
    """The site's own authorization request: its client id, every scope it is allowed."""
    if not site.is_sandbox:
        raise ValueError("« Try it » is for sandbox sites only")
    return authorization_start(
        site,
        redirect_uri=sandbox_try_redirect_uri(),
        scopes=site.allowed_scopes.split(),
        acr=LOWEST_EIDAS_LEVEL,
        language=language,
    )


@dataclass(frozen=True)
class DecodedToken:
    raw: str
    header: dict
    claims: dict
    checks: list  # [check, passed, detail]


@dataclass(frozen=True)
class TryOutcome:
    id_token: DecodedToken
    userinfo: DecodedToken

    def as_stored(self) -> dict:
        return asdict(self)

    @classmethod
    def from_stored(cls, stored: dict) -> "TryOutcome":
        return cls(DecodedToken(**stored["id_token"]), DecodedToken(**stored["userinfo"]))


def _public_keys() -> dict[str, dict]:
    return {key.public_jwk["kid"]: key.public_jwk for key in signing_keys()}


def token_decoded(token: str, *, site: ServiceProvider, nonce: str | None = None) -> DecodedToken:
    """The token's header and claims, and each check a site makes, as it would make them."""
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    checks = [[ALGORITHM, header.get("alg") == site.algorithm, header.get("alg", "")]]
    jwk = _public_keys().get(header.get("kid", ""))
    try:
        if jwk is None:
            raise jwt.InvalidTokenError("no key of the JWKS has this kid")
        jwt.decode(
            token,
            jwt.PyJWK(jwk).key,
            algorithms=[site.algorithm],
            options={"verify_aud": False, "verify_iss": False, "verify_exp": False},
        )
        checks.append([SIGNATURE, True, header.get("kid", "")])
    except jwt.InvalidTokenError as error:
        checks.append([SIGNATURE, False, str(error)])
    checks.append([ISSUER, claims.get("iss") == issuer(), claims.get("iss", "")])
    checks.append([AUDIENCE, claims.get("aud") == site.client_id, str(claims.get("aud", ""))])
    expiry = claims.get("exp")
    checks.append([EXPIRY, isinstance(expiry, int) and expiry > time.time(), str(expiry or "")])
    if nonce is not None:
        checks.append([NONCE, claims.get("nonce") == nonce, ""])
    return DecodedToken(raw=token, header=header, claims=claims, checks=checks)


def try_finish(site: ServiceProvider, code: str, *, nonce: str) -> TryOutcome:
    """The code redeemed as the site would redeem it, then userinfo; both decoded and checked.
    Raises InProcessError when the code cannot be redeemed."""
    redirect_uri = sandbox_try_redirect_uri()
    issued = tokens_redeem(site, code, redirect_uri=redirect_uri)
    id_token = token_decoded(issued.id_token, site=site, nonce=nonce)
    userinfo = token_decoded(userinfo_redeem(issued.access_token), site=site)
    same = id_token.claims.get("sub") == userinfo.claims.get("sub")
    userinfo.checks.append([SAME_SUBJECT, same, ""])
    return TryOutcome(id_token=id_token, userinfo=userinfo)
