"""The registry of identity providers and the OpenID Connect client towards them."""
