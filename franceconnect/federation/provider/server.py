"""oauthlib's OpenID Connect server as FranceConnect runs it: authorization codes give an access
token and an ID token, never a refresh token (the partner starts a new login instead).

Token revocation (RFC 7009, /api/v2/token/revoke): oauthlib refuses with ``unsupported_token_type``
only the hints it knows of (``valid_token_types``) that the server does not support, and silently
ignores any other value. The portal refuses every hint but ``access_token`` and ``refresh_token``
(after the site's authentication, as oauthlib orders its checks): a site that sends ``id_token``
learns that it revoked nothing, rather than getting a 200 for a token that stays valid.
"""

from oauthlib.openid import Server

REVOCABLE_TOKEN_TYPES = ("access_token", "refresh_token")


class _AnyHint:
    """Every ``token_type_hint`` counts as known, so that oauthlib refuses what is not supported."""

    def __contains__(self, value) -> bool:
        return True


class FranceConnectServer(Server):
    def __init__(self, request_validator, *args, **kwargs):
        super().__init__(request_validator, *args, **kwargs)
        self.auth_grant.refresh_token = False
        self.openid_connect_auth.refresh_token = False  # sets it on the OAuth 2.0 grant it wraps
        self.supported_token_types = REVOCABLE_TOKEN_TYPES
        self.valid_token_types = _AnyHint()
