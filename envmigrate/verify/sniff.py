"""Tell "the server sent something that is not HTTP" from "the connection dropped".

httpcore reports both as "Server disconnected without sending a response" when the other
side (an SSH daemon, say) sends its own greeting and hangs up. The probes' connections read
through ``Sniffing``, which notes the first bytes each request received (per task, through a
context variable), so the classification can say ``protocol_error`` for a non-HTTP answer.

``Sniffing`` also knows every connection it opened: ``close_leftovers`` closes those that
httpcore dropped without closing (its SOCKS pool does, when the proxy refuses a tunnel).
"""

from __future__ import annotations

import contextlib
import contextvars
import ssl
import typing
from dataclasses import dataclass

import httpcore

from envmigrate.verify.lean_httpx import httpx


@dataclass
class Seen:
    """The first bytes the current request received (at most 8)."""

    first: bytes = b""

    @property
    def not_http(self) -> bool:
        return bool(self.first) and not b"HTTP/".startswith(self.first[:5])


CURRENT: contextvars.ContextVar[Seen | None] = contextvars.ContextVar("sniffed", default=None)


class _Stream(httpcore.AsyncNetworkStream):
    """One connection's stream; ``live`` holds each connection (its TCP-level stream,
    ``root``) until some layer of it is closed."""

    def __init__(
        self,
        inner: httpcore.AsyncNetworkStream,
        live: set[_Stream] | None = None,
        root: _Stream | None = None,
    ) -> None:
        self.inner = inner
        self.live: set[_Stream] = set() if live is None else live
        self.root = self if root is None else root
        self.live.add(self.root)

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data = await self.inner.read(max_bytes, timeout)
        seen = CURRENT.get()
        if seen is not None and len(seen.first) < 8:
            seen.first += data[: 8 - len(seen.first)]
        return data

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self.inner.write(buffer, timeout)

    async def aclose(self) -> None:
        self.live.discard(self.root)
        await self.inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        inner = await self.inner.start_tls(ssl_context, server_hostname, timeout)
        return _Stream(inner, self.live, self.root)

    def get_extra_info(self, info: str) -> typing.Any:
        return self.inner.get_extra_info(info)


class Sniffing(httpcore.AsyncNetworkBackend):
    """A network backend whose streams note what each request received first."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self.inner = inner
        self.live: set[_Stream] = set()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self.inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _Stream(stream, self.live)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self.inner.connect_unix_socket(path, timeout, socket_options)
        return _Stream(stream, self.live)

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def install(transport: httpx.AsyncHTTPTransport) -> httpx.AsyncHTTPTransport:
    """Route the transport's connections through ``Sniffing`` (a no-op where httpx's
    internals differ: the classification then falls back to "connection dropped")."""
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, httpcore.AsyncNetworkBackend):
        pool._network_backend = Sniffing(backend)  # type: ignore[union-attr]
    return transport


async def close_leftovers(transport: httpx.AsyncHTTPTransport) -> None:
    """Close every connection of ``transport`` still open (call after the client closed)."""
    backend = getattr(getattr(transport, "_pool", None), "_network_backend", None)
    if isinstance(backend, Sniffing):
        for stream in list(backend.live):
            with contextlib.suppress(Exception):
                await stream.aclose()
