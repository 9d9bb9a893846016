"""The partner site's OpenID Connect client of the portal (Authlib), and the checks it adds.

Authlib runs the protocol: discovery, state, nonce, PKCE, the token request and the ID token's
verification. This module adds what Authlib leaves to the application: reading the credentials
the portal's demo setup wrote, and verifying the userinfo answer, which the portal (like
FranceConnect v2) always sends as a signed JWT.
"""

import functools
import json
import secrets
from dataclasses import dataclass

from authlib.integrations.django_client import OAuth
from authlib.integrations.django_client.apps import DjangoOAuth2App
from django.conf import settings
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from demo.partner_site.instances import SCOPE

# The portal signs with RS256 or ES256 depending on the site's registration; both are asymmetric,
# so accepting either against the portal's JWKS cannot be turned into an algorithm confusion.
ACCEPTED_ALGORITHMS = ["RS256", "ES256"]
ACR_VALUES = "eidas1"
HTTP_TIMEOUT = 10


class LoginError(Exception):
    """A login that cannot complete; ``code`` is shown to the user and logged, never a token."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Credentials:
    client_id: str
    client_secret: str


def credentials() -> Credentials | None:
    """The credentials the portal issued to this site, or None while it is not registered."""
    try:
        data = json.loads(settings.CLIENT_FILE.read_text())
        return Credentials(client_id=str(data["client_id"]), client_secret=str(data["client_secret"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class PortalApp(DjangoOAuth2App):
    def load_server_metadata(self):
        metadata = super().load_server_metadata()
        # Authlib checks the ID token's "alg" against this metadata entry: make it our policy
        # rather than whatever list the discovery document advertises (or omits).
        metadata["id_token_signing_alg_values_supported"] = ACCEPTED_ALGORITHMS
        return metadata


def client() -> PortalApp | None:
    found = credentials()
    return _client(found) if found else None


@functools.lru_cache(maxsize=2)
def _client(found: Credentials) -> PortalApp:
    # One client per credentials: a new registration (new secret) gets a fresh client, and the
    # discovery document and JWKS stay cached in it between requests.
    return OAuth().register(
        "portal",
        client_cls=PortalApp,
        client_id=found.client_id,
        client_secret=found.client_secret,
        server_metadata_url=f"{settings.PORTAL_URL}/api/v2/.well-known/openid-configuration",
        client_kwargs={
            "scope": SCOPE,
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": "client_secret_post",
            "default_timeout": HTTP_TIMEOUT,
            # Authlib treats an access token as expired `leeway` seconds early (60 by default);
            # FranceConnect's access tokens live 60 seconds, so the default would refuse them all.
            "leeway": 5,
        },
    )


def random_value() -> str:
    """43 URL-safe characters: FranceConnect wants state and nonce of 32 characters or more,
    longer than Authlib's defaults (20 for the nonce, 30 for the state)."""
    return secrets.token_urlsafe(32)


def verified_userinfo(portal: PortalApp, token: dict, subject: str) -> dict:
    """The userinfo claims, once the signed answer is checked against the ID token's subject."""
    metadata = portal.load_server_metadata()
    response = portal.get(metadata["userinfo_endpoint"], token=token)
    if response.status_code != 200:
        raise LoginError("userinfo_http_error", f"HTTP {response.status_code}")
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type != "application/jwt":
        raise LoginError("userinfo_not_signed", f"Content-Type {content_type or 'absent'}")
    claims = _decoded(portal, response.text.strip())
    options = {
        "iss": {"essential": True, "value": metadata["issuer"]},
        "aud": {"essential": True, "value": portal.client_id},
        # The portal must describe the person the ID token was issued for, not someone else.
        "sub": {"essential": True, "value": subject},
    }
    try:
        jwt.JWTClaimsRegistry(leeway=120, **options).validate(claims)
    except JoseError as error:
        raise LoginError("userinfo_invalid", str(error)) from error
    return claims


def _decoded(portal: PortalApp, value: str) -> dict:
    try:
        return _verified(value, portal.fetch_jwk_set())
    except InvalidKeyIdError:
        # A key the cached JWKS does not know may be a new one (rotation): fetch the set again.
        try:
            return _verified(value, portal.fetch_jwk_set(force=True))
        except InvalidKeyIdError:
            raise LoginError("userinfo_unknown_key") from None


def _verified(value: str, jwks: dict) -> dict:
    try:
        return jwt.decode(value, KeySet.import_key_set(jwks), algorithms=ACCEPTED_ALGORITHMS).claims
    except InvalidKeyIdError:
        raise
    except (JoseError, ValueError) as error:
        raise LoginError("userinfo_bad_signature", str(error)) from error
