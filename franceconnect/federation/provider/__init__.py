"""The partner-facing OpenID provider (django-oauth-toolkit, FranceConnect v2 wire format)."""
