"""A demonstration identity provider: a small, separate Django project that is a real OpenID provider."""
