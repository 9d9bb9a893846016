"""Signing in to the space: the space is a partner site of the portal itself.

It has its own row among the partner sites (``SPACE_CLIENT_ID``), and a citizen signs in to it as
to any site: /api/v2/authorize with ``state`` and ``nonce``, the same chooser, identity providers,
checks, confirmation screen, connection record and security e-mail; the portal then sends the
browser back to the space with an authorization code. The one difference: the space redeems that
code in-process rather than calling its own token endpoint over HTTP (a server calling itself can
wait on itself), with the token endpoint's checks: issued to the space, for its redirect URI and
this browser's nonce, unexpired, and single-use (the grant is deleted as it is redeemed); the
portal's in-process client (franceconnect/federation/in_process_client.py) does both, as it does
for the partner space's « Essayer ».
"""

from django.conf import settings
from django.urls import reverse
from oauth2_provider.generators import generate_client_secret

from franceconnect.federation.identity import ReleasedLogin
from franceconnect.federation.in_process_client import (
    AuthorizationStart,
    InProcessError,
    authorization_start,
)
from franceconnect.federation.in_process_client import code_redeem as in_process_code_redeem
from franceconnect.federation.models import Connection, ServiceProvider
from franceconnect.infrastructure.vocabulary import LOWEST_EIDAS_LEVEL

SPACE_CLIENT_ID = "portail-mon-espace"
# What the space shows (the names) and needs (the address for its confirmation e-mails).
SPACE_SCOPES = ("openid", "given_name", "family_name", "email")


class SignInError(Exception):
    pass


def space_name() -> str:
    """The space's name as a partner site: « Continuer sur Mon espace FranceConnect »."""
    return f"Mon espace {settings.PORTAL_NAME}"


def space_redirect_uri() -> str:
    return settings.PUBLIC_BASE_URL + reverse("space_return")


def space_site() -> ServiceProvider | None:
    """The space's own row among the partner sites, created the first time, kept pointing at the
    portal's public address; None if an operator deactivated it (the space is then closed)."""
    redirect_uri = space_redirect_uri()
    site, created = ServiceProvider.objects.get_or_create(
        client_id=SPACE_CLIENT_ID,
        defaults={
            "name": space_name(),
            "client_type": ServiceProvider.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": ServiceProvider.GRANT_AUTHORIZATION_CODE,
            "redirect_uris": redirect_uri,
            "allowed_scopes": " ".join(SPACE_SCOPES),
            "eidas_level": LOWEST_EIDAS_LEVEL,
            "site_url": settings.PUBLIC_BASE_URL + reverse("space_home"),
            # Never used (codes are redeemed in-process), stored hashed like any site's.
            "client_secret": generate_client_secret(),
        },
    )
    if not created and site.redirect_uris != redirect_uri:
        site.redirect_uris = redirect_uri
        site.save(update_fields=["redirect_uris", "updated"])
    return site if site.is_active else None


def sign_in_start(site: ServiceProvider, *, language: str) -> AuthorizationStart:
    """The space's authorization request, as a partner site sends it."""
    return authorization_start(
        site,
        redirect_uri=space_redirect_uri(),
        scopes=SPACE_SCOPES,
        acr=LOWEST_EIDAS_LEVEL,
        language=language,
    )


def code_redeem(site: ServiceProvider, code: str, *, nonce: str) -> tuple[ReleasedLogin, Connection]:
    """The login the portal released to the space under this code, and its connection record."""
    try:
        return in_process_code_redeem(site, code, redirect_uri=space_redirect_uri(), nonce=nonce)
    except InProcessError as error:
        raise SignInError(str(error)) from error
