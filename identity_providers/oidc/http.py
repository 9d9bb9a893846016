"""Outbound HTTP to identity providers: always with the provider's timeout, errors named."""

import threading

import requests

from identity_providers.oidc.errors import IdentityProviderError

_local = threading.local()


def _session() -> requests.Session:
    """One HTTP session per thread: its connection pools are kept between logins (keep-alive
    where the provider allows it), and requests does not build a new session for every call."""
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()  # proxies from the environment still apply
    return session


def provider_request(method: str, url: str, *, provider, **kwargs) -> requests.Response:
    """One call to a provider; connection failures and slow answers become named errors."""
    try:
        return _session().request(method, url, timeout=provider.timeout, **kwargs)
    except requests.Timeout as error:
        raise IdentityProviderError("timeout", f"{method} {url}") from error
    except requests.ConnectionError as error:
        raise IdentityProviderError("unreachable", f"{method} {url}") from error
    except requests.RequestException as error:
        raise IdentityProviderError("unreachable", f"{method} {url}: {type(error).__name__}") from error


def provider_json(response: requests.Response, *, what: str) -> dict:
    if response.status_code != 200:
        raise IdentityProviderError("provider_error", f"{what} answered HTTP {response.status_code}")
    try:
        document = response.json()
    except ValueError as error:
        raise IdentityProviderError("invalid_response", f"{what} is not JSON") from error
    if not isinstance(document, dict):
        raise IdentityProviderError("invalid_response", f"{what} is not a JSON object")
    return document
