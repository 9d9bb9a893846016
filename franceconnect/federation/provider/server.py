"""oauthlib's OpenID Connect server as FranceConnect runs it: authorization codes give an access
token and an ID token, never a refresh token (the partner starts a new login instead)."""

from oauthlib.openid import Server


class FranceConnectServer(Server):
    def __init__(self, request_validator, *args, **kwargs):
        super().__init__(request_validator, *args, **kwargs)
        self.auth_grant.refresh_token = False
        self.openid_connect_auth.refresh_token = False  # sets it on the OAuth 2.0 grant it wraps
