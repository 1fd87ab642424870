"""A minimal HTTP/1.1 server on asyncio streams, enough for the stand-in's JSON endpoints.

Keep-alive, ``Content-Length`` and chunked request bodies, and a handler that may decline
to answer (the ``hang`` fault): the connection then stays silent until the server stops.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

MAX_HEAD = 64 * 1024
MAX_BODY = 1024 * 1024
REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
           429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
           503: "Service Unavailable"}  # fmt: skip


@dataclass(frozen=True)
class Request:
    """One parsed request: method, path (with query), lower-cased headers, body."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Response:
    """What to send back."""

    status: int
    body: bytes = b""
    content_type: str = "application/json;charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    def encode(self, keep_alive: bool) -> bytes:
        lines = [f"HTTP/1.1 {self.status} {REASONS.get(self.status, 'Unknown')}"]
        fields = {"Content-Type": self.content_type, "Content-Length": str(len(self.body))}
        fields["Connection"] = "keep-alive" if keep_alive else "close"
        lines += [f"{k}: {v}" for k, v in {**fields, **self.headers}.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + self.body


Handler = Callable[[Request], Awaitable[Response | None]]


async def read_request(reader: asyncio.StreamReader) -> Request | None:
    """Read one request; None at a clean end of the connection."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    lines = head.decode("latin-1").split("\r\n")
    method, path, _ = [*lines[0].split(" ", 2), "", ""][:3]
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = await _read_chunked(reader)
    else:
        length = int(headers.get("content-length", "0") or 0)
        if length < 0 or length > MAX_BODY:
            raise ValueError("body too large")
        body = await reader.readexactly(length) if length else b""
    return Request(method, path, headers, body)


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    """A ``Transfer-Encoding: chunked`` body (trailers skipped), at most ``MAX_BODY`` bytes."""
    body = bytearray()
    while True:
        size_line = await reader.readuntil(b"\r\n")
        size = int(size_line.split(b";", 1)[0].strip() or b"x", 16)
        if size < 0 or len(body) + size > MAX_BODY:
            raise ValueError("body too large")
        if size == 0:
            while (await reader.readuntil(b"\r\n")) != b"\r\n":  # trailers
                pass
            return bytes(body)
        body += await reader.readexactly(size)
        if await reader.readexactly(2) != b"\r\n":
            raise ValueError("bad chunk")


async def serve_connection(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    handler: Handler,
    stop: asyncio.Event,
) -> None:
    """Answer requests on one connection until it closes (or the handler hangs)."""
    try:
        while (request := await read_request(reader)) is not None:
            response = await handler(request)
            if response is None:  # hang: say nothing until the server stops
                await stop.wait()
                return
            keep_alive = request.headers.get("connection", "").lower() != "close"
            writer.write(response.encode(keep_alive))
            await writer.drain()
            if not keep_alive:
                return
    except (OSError, ValueError, asyncio.LimitOverrunError, asyncio.IncompleteReadError):
        return
    finally:
        writer.close()
