"""The portal as an OpenID Connect client of identity providers (mozilla-django-oidc, per-row settings)."""
