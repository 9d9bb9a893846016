"""Outbound HTTP to identity providers: always with the provider's timeout, errors named."""

import os
import threading
from functools import lru_cache
from urllib.parse import urlsplit

import requests

from identity_providers.oidc.errors import IdentityProviderError

_local = threading.local()


def _session() -> requests.Session:
    """One HTTP session per thread: its connection pools are kept between logins (keep-alive
    where the provider allows it), and requests does not build a new session for every call."""
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()
        # requests would re-read the proxy and CA settings from the environment on every call
        # (a walk through os.environ each time); they are read once per origin below instead.
        session.trust_env = False
        session.verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
    return session


@lru_cache(maxsize=256)
def _proxies_for(origin: str) -> dict[str, str]:
    """HTTP(S)_PROXY and NO_PROXY from the environment, as requests applies them, per origin."""
    return requests.utils.get_environ_proxies(origin)


def provider_request(method: str, url: str, *, provider, **kwargs) -> requests.Response:
    """One call to a provider; connection failures and slow answers become named errors."""
    parts = urlsplit(url)
    try:
        return _session().request(
            method,
            url,
            timeout=provider.timeout,
            proxies=_proxies_for(f"{parts.scheme}://{parts.netloc}"),
            **kwargs,
        )
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
