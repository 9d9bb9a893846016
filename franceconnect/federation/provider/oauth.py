"""django-oauth-toolkit's configured core for the portal's own views, and OpenID error redirects."""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from oauth2_provider.views.mixins import OAuthLibMixin

from franceconnect.federation.provider.tokens import issuer


class OAuthLib(OAuthLibMixin):
    """django-oauth-toolkit's configured oauthlib core, for views that are not DOT's own."""


def error_redirect(redirect_uri: str, *, error: str, description: str, state_value: str | None):
    """An OpenID error sent back to a redirect URI already verified for its site (RFC 9207 `iss`)."""
    params = {"error": error, "error_description": description, "iss": issuer()}
    if state_value:
        params["state"] = state_value
    separator = "&" if "?" in redirect_uri else "?"
    return HttpResponseRedirect(f"{redirect_uri}{separator}{urlencode(params)}")
