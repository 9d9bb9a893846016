"""The address of the person behind a request, as every rate limit counts it.

Behind a reverse proxy every request comes from the proxy: counted per ``REMOTE_ADDR``, one
person's flood would stop everybody, and a per-address limit would stop nobody in particular.
The proxies are named in ``TRUSTED_PROXIES`` (addresses or networks). ``X-Forwarded-For`` is
read only when the request comes straight from one of them, and from its right-hand end, where
the trusted proxies appended what they saw: the first address that is not a trusted proxy is
the client. Whatever a client writes into the header itself stays on its left and is never read
(a client that is not a proxy cannot choose the address it is counted under).

django-ratelimit calls ``client_address`` for its ``"ip"`` key (settings.RATELIMIT_IP_META_KEY),
so the login's limits and the contact form's all count the same address. Without trusted proxies
it is ``REMOTE_ADDR`` and costs one settings read; the networks are parsed once per process.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=4)  # keyed by the setting's value: a test that changes it gets its own parse
def trusted_networks(proxies: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    try:
        return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from error


def _parse(value: str) -> IPAddress | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket (::ffff:192.0.2.1) is that IPv4 client.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_trusted(address: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_address(request) -> str:
    """The client's address: ``REMOTE_ADDR``, or behind trusted proxies the right-most address of
    ``X-Forwarded-For`` that is not one of them."""
    peer = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if not proxies:
        return peer
    networks = trusted_networks(tuple(proxies))
    nearest = _parse(peer)
    if nearest is None or not _is_trusted(nearest, networks):
        return peer  # not through a trusted proxy: its X-Forwarded-For is the client's own words
    # Django joins repeated headers with commas: every hop's entry, oldest on the left.
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _parse(entry)
        if address is None:
            # Not an address, written by whoever is before the nearest trusted proxy: that
            # proxy's own view (the hop we trust last) is all that can be counted.
            break
        if not _is_trusted(address, networks):
            return str(address)
        nearest = address
    return str(nearest)
