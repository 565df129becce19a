"""The one seam to the network: an httpx transport whose dialer refuses private addresses.

The check runs inside the network backend, on the addresses the host name resolves to at the
moment of connecting, and the socket is opened to the checked address itself. A host that
resolves to a public address when a source is added and to 127.0.0.1 later (DNS rebinding)
is refused at that later connect. TLS still verifies, and sends as SNI, the host name.

httpx 0.28 has no public way to give its transport a network backend (encode/httpx#3749 is
open), so ``GuardedTransport`` swaps the connection pool of ``httpx.AsyncHTTPTransport`` for
one built with the backend; ``tests/ingest/test_fetch.py`` fails if an upgrade breaks that.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import anyio
import httpcore
import httpx

from khabar.errors import BlockedAddress

#: resolves (host, port) to IP addresses; the default asks the system resolver
Resolver = Callable[[str, int], Awaitable[list[str]]]


#: IPv6 prefixes whose last 32 bits are an IPv4 address a gateway or the host reaches:
#: NAT64 (RFC 6052, and its local-use /48 of RFC 8215), IPv4-translated (::ffff:0:a.b.c.d) and
#: the deprecated IPv4-compatible form (::a.b.c.d)
EMBEDDING_IPV4 = tuple(ipaddress.IPv6Network(n) for n in (
    "64:ff9b::/96", "64:ff9b:1::/48", "::ffff:0:0:0/96", "::/96",
))


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address. An IPv6 address that carries an IPv4
    address (IPv4-mapped, NAT64, 6to4, Teredo, IPv4-compatible or -translated) is public only
    if that IPv4 address is too: ``64:ff9b::a9fe:a9fe`` reaches 169.254.169.254."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return _public(ip.ipv4_mapped)
        embedded = [a for a in (ip.sixtofour, *(ip.teredo or ())) if a is not None]
        if any(ip in network for network in EMBEDDING_IPV4):
            embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if not all(_public(a) for a in embedded):
            return False
    return _public(ip)


def _public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return ip.is_global and not ip.is_multicast


async def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves, checks every address, then connects to a checked address."""

    def __init__(self, *, allow_private: bool, resolver: Resolver | None = None) -> None:
        self.allow_private = allow_private
        self.resolver = resolver or system_resolver
        self._backend = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self._addresses(host, port, timeout)
        if not self.allow_private:
            refused = [a for a in addresses if not is_public_address(a)]
            if refused:  # one private answer refuses the host: no mixing public and private
                raise BlockedAddress(
                    f"{host} resolves to {', '.join(refused)}, a private, loopback or "
                    "link-local address (set KHABAR_ALLOW_PRIVATE_NETWORKS=1 to allow)"
                )
        error: Exception | None = None
        for address in addresses:
            try:
                return await self._backend.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error or httpcore.ConnectError(f"no address for {host}")

    async def _addresses(self, host: str, port: int, timeout: float | None) -> list[str]:
        try:
            ipaddress.ip_address(host.strip("[]"))
            return [host.strip("[]")]
        except ValueError:
            pass
        try:
            with anyio.fail_after(timeout):
                addresses = await self.resolver(host, port)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from exc
        if not addresses:
            raise httpcore.ConnectError(f"{host} has no address")
        return addresses

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[Any] | None = None) -> Any:
        raise httpcore.ConnectError("unix sockets are not used by khabar")

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """``httpx.AsyncHTTPTransport`` (HTTP/1.1, no proxies) dialing through ``GuardedBackend``."""

    def __init__(self, *, allow_private: bool, limits: httpx.Limits,
                 resolver: Resolver | None = None) -> None:
        super().__init__(limits=limits, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=False,
            network_backend=GuardedBackend(allow_private=allow_private, resolver=resolver),
        )
