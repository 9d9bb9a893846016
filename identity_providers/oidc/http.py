"""Outbound HTTP to identity providers: always with the provider's timeouts, one total deadline
per call and a cap on the size of every answer; errors named.

Calls go through urllib3 directly, not requests (which is built on it): for these small
exchanges, requests' session, hooks and settings-merging layers cost about as much CPU as the
exchange itself (measured: 0.58 ms → 0.34 ms of CPU per call).
"""

import http.client
import json
import os
import threading
from dataclasses import dataclass
from functools import cached_property, lru_cache
from urllib.parse import unquote, urlencode, urljoin, urlsplit

import certifi
import requests.utils
import urllib3
from django.conf import settings
from urllib3 import HTTPHeaderDict, exceptions
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from identity_providers.oidc.deadline import current_deadline, deadline_start, set_current_deadline
from identity_providers.oidc.errors import IdentityProviderError

MAX_REDIRECTS = 3  # followed for GET only

# What requests sent by default; the caller's headers replace them (names compared without case).
_DEFAULT_HEADERS = {
    "Accept": "*/*",
    "Accept-Encoding": urllib3.util.make_headers(accept_encoding=True)["accept-encoding"],
}
_FORM = "application/x-www-form-urlencoded"

# No retry on any error (a connection failure is raised at once, wrapped in MaxRetryError; a
# read failure or timeout as itself), no retry on a status either; redirects are counted.
_GET_RETRIES = urllib3.Retry(
    total=None, connect=0, read=False, redirect=MAX_REDIRECTS, status=0, other=0, raise_on_status=False
)
_POST_RETRIES = urllib3.Retry(
    total=None,
    connect=0,
    read=False,
    redirect=0,
    status=0,
    other=0,
    raise_on_redirect=False,
    raise_on_status=False,
)

_READ_CHUNK = 65536


class _DeadlineConnectionMixin:
    """Hands its socket to the call's deadline before waiting for the answer (urllib3's
    ``ConnectionCls`` extension point): a reused connection has no connect step to hook."""

    def getresponse(self):
        deadline = current_deadline()
        if deadline is not None and self.sock is not None:
            deadline.watch(self.sock)
        return super().getresponse()


class _DeadlineHTTPConnection(_DeadlineConnectionMixin, HTTPConnection):
    pass


class _DeadlineHTTPSConnection(_DeadlineConnectionMixin, HTTPSConnection):
    pass


class _DeadlineHTTPPool(HTTPConnectionPool):
    ConnectionCls = _DeadlineHTTPConnection


class _DeadlineHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _DeadlineHTTPSConnection


_POOL_CLASSES = {"http": _DeadlineHTTPPool, "https": _DeadlineHTTPSPool}

_managers: dict[str, urllib3.PoolManager] = {}  # "" → direct; else one per proxy URL
_managers_lock = threading.Lock()


@dataclass(frozen=True)
class ProviderResponse:
    """A provider's complete answer (the body is read: its connection is back in the pool)."""

    status_code: int
    headers: HTTPHeaderDict  # case-insensitive .get()
    content: bytes
    url: str  # after redirects

    @cached_property
    def text(self) -> str:
        """The body decoded with the Content-Type's charset, UTF-8 when it names none."""
        charset = _charset(self.headers.get("content-type", ""))
        try:
            return self.content.decode(charset, errors="replace")
        except LookupError:  # an unknown charset name
            return self.content.decode("utf-8", errors="replace")

    def json(self):
        """The body as JSON; ValueError when it is not."""
        return json.loads(self.content)


def _charset(content_type: str) -> str:
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'") or "utf-8"
    return "utf-8"


def _pool_settings() -> dict:
    """TLS verification against REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE when set (a file or a
    directory, as requests read them), else certifi's bundle; connections kept per host."""
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or certifi.where()
    return {
        "num_pools": 32,
        "maxsize": 10,
        "cert_reqs": "CERT_REQUIRED",
        ("ca_cert_dir" if os.path.isdir(bundle) else "ca_certs"): bundle,
    }


def _new_proxy_manager(proxy_url: str) -> urllib3.ProxyManager:
    if "://" not in proxy_url:
        proxy_url = f"http://{proxy_url}"
    proxy = urllib3.util.parse_url(proxy_url)
    proxy_headers = None
    if proxy.auth:  # user:password in the proxy's URL, sent as requests did
        user, _, password = proxy.auth.partition(":")
        proxy_headers = urllib3.util.make_headers(proxy_basic_auth=f"{unquote(user)}:{unquote(password)}")
        proxy_url = proxy._replace(auth=None).url
    return urllib3.ProxyManager(proxy_url, proxy_headers=proxy_headers, **_pool_settings())


def _manager(proxy_url: str) -> urllib3.PoolManager:
    """The process's connection pools (thread-safe, created on first use): direct for "", else
    through that proxy."""
    manager = _managers.get(proxy_url)
    if manager is None:
        with _managers_lock:
            manager = _managers.get(proxy_url)
            if manager is None:
                manager = (
                    _new_proxy_manager(proxy_url) if proxy_url else urllib3.PoolManager(**_pool_settings())
                )
                manager.pool_classes_by_scheme = _POOL_CLASSES
                _managers[proxy_url] = manager
    return manager


@lru_cache(maxsize=256)
def _proxies_for(origin: str) -> dict[str, str]:
    """HTTP(S)_PROXY and NO_PROXY from the environment, as requests applies them, per origin."""
    return requests.utils.get_environ_proxies(origin)


def _proxy_url(scheme: str, origin: str) -> str:
    """The proxy for this origin ("" for none): its scheme's, else ALL_PROXY's."""
    proxies = _proxies_for(origin)
    return (proxies.get(scheme) or proxies.get("all") or "") if proxies else ""


@lru_cache(maxsize=64)
def _timeout(timeout, deadline_seconds: float) -> urllib3.Timeout:
    """A provider's timeout: (connect, read) seconds, or one number for both, none of them
    longer than the call's deadline (which also bounds a trickled answer: deadline.py)."""
    connect, read = timeout if isinstance(timeout, tuple) else (timeout, timeout)
    return urllib3.Timeout(
        connect=min(connect, deadline_seconds), read=min(read, deadline_seconds), total=deadline_seconds
    )


def _request_headers(headers: dict | None) -> dict:
    merged = dict(_DEFAULT_HEADERS)
    if headers:
        given = {name.lower() for name in headers}
        merged = {name: value for name, value in merged.items() if name.lower() not in given}
        merged.update(headers)
    return merged


def _final_url(url: str, response) -> str:
    history = response.retries.history if response.retries is not None else ()
    if history and history[-1].redirect_location:
        return urljoin(history[-1].url, history[-1].redirect_location)
    return url


def provider_request(
    method: str, url: str, *, provider, data=None, headers: dict | None = None
) -> ProviderResponse:
    """One call to a provider; connection failures, slow and oversized answers become named errors.

    The whole call (connection, redirects, headers and body) ends within
    ``IDP_CALL_DEADLINE_SECONDS``; an answer larger than ``IDP_MAX_RESPONSE_BYTES`` (once
    decompressed) is refused. ``data``: a dict (or pairs) is sent form-encoded, str or bytes as
    they are. Redirects are followed for GET only (Authorization is dropped when one leads to
    another host)."""
    parts = urlsplit(url)
    request_headers = _request_headers(headers)
    body = None
    if data is not None:
        if isinstance(data, (str, bytes)):
            body = data
        else:
            body = urlencode(data, doseq=True)
            if not any(name.lower() == "content-type" for name in request_headers):
                request_headers["Content-Type"] = _FORM
    follow = method.upper() == "GET"
    deadline_seconds = float(settings.IDP_CALL_DEADLINE_SECONDS)
    deadline = deadline_start(deadline_seconds)
    set_current_deadline(deadline)
    try:
        manager = _manager(_proxy_url(parts.scheme, f"{parts.scheme}://{parts.netloc}"))
        response = manager.urlopen(
            method,
            url,
            body=body,
            headers=request_headers,
            timeout=_timeout(provider.timeout, deadline_seconds),
            retries=_GET_RETRIES if follow else _POST_RETRIES,
            redirect=follow,
            preload_content=False,
        )
        content = _read_capped(response, settings.IDP_MAX_RESPONSE_BYTES, f"{method} {url}")
        deadline.finish()
        if deadline.expired:  # a shut-down connection may also read as a short, "complete" answer
            response.close()
            raise IdentityProviderError("timeout", f"{method} {url}")
        response.release_conn()  # back to the pool for the next call
    except IdentityProviderError:
        raise
    except (exceptions.HTTPError, OSError, ValueError, http.client.HTTPException) as error:
        if deadline.expired:  # the watchdog shut the connection down: whatever broke, it was slow
            raise IdentityProviderError("timeout", f"{method} {url}") from error
        raise _named_error(error, f"{method} {url}") from error
    finally:
        deadline.finish()
        set_current_deadline(None)
    return ProviderResponse(
        status_code=response.status,
        headers=response.headers,
        content=content,
        url=_final_url(url, response),
    )


def _read_capped(response, limit: int, call: str) -> bytes:
    """The whole body, decompressed, or ``invalid_response`` past ``limit`` bytes (read no further)."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        response.close()
        raise IdentityProviderError("invalid_response", f"{call}: answer larger than {limit} bytes")
    chunks, size = [], 0
    while size <= limit:
        chunk = response.read(amt=min(_READ_CHUNK, limit + 1 - size), decode_content=True)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        response.close()  # the rest is never read: the connection cannot serve another call
        raise IdentityProviderError("invalid_response", f"{call}: answer larger than {limit} bytes")
    return b"".join(chunks)


def _named_error(error: Exception, call: str) -> IdentityProviderError:
    """What a failed exchange means for the citizen: too slow, or unreachable."""
    if isinstance(error, exceptions.MaxRetryError):
        reason = error.reason
        if isinstance(reason, exceptions.ConnectTimeoutError) and not isinstance(
            reason, exceptions.NewConnectionError
        ):
            return IdentityProviderError("timeout", call)
        if isinstance(reason, exceptions.ResponseError):  # too many redirects
            return IdentityProviderError("unreachable", f"{call}: TooManyRedirects")
        return IdentityProviderError("unreachable", call)
    if isinstance(error, exceptions.NewConnectionError):  # a ConnectTimeoutError subclass: before it
        return IdentityProviderError("unreachable", call)
    if isinstance(error, exceptions.TimeoutError):
        return IdentityProviderError("timeout", call)
    if isinstance(error, (exceptions.ProtocolError, exceptions.SSLError, exceptions.ProxyError, OSError)):
        return IdentityProviderError("unreachable", call)
    # A bad URL or header, an undecodable body…
    return IdentityProviderError("unreachable", f"{call}: {type(error).__name__}")


def provider_json(response: ProviderResponse, *, what: str) -> dict:
    if response.status_code != 200:
        raise IdentityProviderError("provider_error", f"{what} answered HTTP {response.status_code}")
    try:
        document = response.json()
    except ValueError as error:
        raise IdentityProviderError("invalid_response", f"{what} is not JSON") from error
    if not isinstance(document, dict):
        raise IdentityProviderError("invalid_response", f"{what} is not a JSON object")
    return document
