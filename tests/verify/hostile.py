"""Hostile and broken loopback servers: raw sockets, so they can break every rule.

``Hostile(behaviour)`` listens on 127.0.0.1 and runs ``behaviour(conn, hostile)`` for each
connection in a daemon thread; leaving the ``with`` block closes every socket, which ends
every behaviour (their sends and receives then fail). Nothing here waits for time.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import socket
import struct
import zlib
from collections.abc import Callable

from tests.verify.loopback import LoopbackServer

Behaviour = Callable[[socket.socket, "Hostile"], None]
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TICKET = "S3NT1NEL-ticket-hostile"
TOKEN = "S3NT1NEL-access-token-hostile"


class Hostile(LoopbackServer):
    """A loopback TCP server running one behaviour per connection."""

    def __init__(self, behaviour: Behaviour) -> None:
        super().__init__()
        self.behaviour = behaviour
        self.url = f"http://{self.address}"

    def serve(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError):
            self.behaviour(conn, self)


def read_head(conn: socket.socket) -> tuple[str, dict[str, str], bytes]:
    """Read one request head (and a Content-Length body): request line, headers, body."""
    data = b""
    while b"\r\n\r\n" not in data:
        piece = conn.recv(65536)
        if not piece:
            raise OSError("closed")
        data += piece
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        piece = conn.recv(65536)
        if not piece:
            raise OSError("closed")
        rest += piece
    return lines[0], headers, rest


def wait_closed(conn: socket.socket) -> None:
    """Read and drop everything until the peer (or the test) closes the connection."""
    while conn.recv(65536):
        pass


def respond(conn: socket.socket, status: int, body: bytes, **headers: str) -> None:
    fields = {"Content-Type": "application/json", "Content-Length": str(len(body)), **headers}
    head = f"HTTP/1.1 {status} X\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields.items())
    conn.sendall(head.encode() + b"\r\n" + body)


def json_answer(status: int, document: object) -> Behaviour:
    """Answer every request with one JSON document (keep-alive)."""

    def behaviour(conn: socket.socket, _: Hostile) -> None:
        while True:
            read_head(conn)
            respond(conn, status, json.dumps(document).encode())

    return behaviour


def banner(conn: socket.socket, _: Hostile) -> None:
    """An SSH server as OpenSSH behaves: its banner, then, on an HTTP request, a complaint
    and the end of the connection."""
    conn.sendall(b"SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n")
    conn.recv(65536)
    conn.sendall(b"Invalid SSH identification string.\r\n")
    # End our side, then read what the client still sends (a request body written after
    # its head) until it hangs up: closing with unread bytes would send a reset, which
    # can reach the client before the banner does.
    conn.shutdown(socket.SHUT_WR)
    conn.settimeout(5)
    with contextlib.suppress(OSError):
        while conn.recv(65536):
            pass
    conn.close()


def huge_body(conn: socket.socket, hostile: Hostile) -> None:
    """A 100 MB answer with a Content-Length, sent until the client gives up."""
    read_head(conn)
    size = 100 * 1024 * 1024
    conn.sendall(
        f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {size}\r\n\r\n".encode()
    )
    chunk = b'{"accessToken": "' + b"x" * 65536
    sent = 0
    while sent < size and not hostile.closed.is_set():
        conn.sendall(chunk)
        sent += len(chunk)


def endless_chunked(conn: socket.socket, hostile: Hostile) -> None:
    """A chunked answer that never ends."""
    read_head(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
    conn.sendall(b"Transfer-Encoding: chunked\r\n\r\n")
    piece = b"[" * 65536
    frame = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    while not hostile.closed.is_set():
        conn.sendall(frame)


def gzip_bomb(conn: socket.socket, hostile: Hostile) -> None:
    """A small gzip answer that inflates without end (zeros, compressed on the fly)."""
    read_head(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
    conn.sendall(b"Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n")
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"0" * (4 * 1024 * 1024)
    while not hostile.closed.is_set():
        piece = packer.compress(zeros) + packer.flush(zlib.Z_SYNC_FLUSH)
        conn.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")


def ws_frame(opcode: int, payload: bytes) -> bytes:
    """A server-to-client (unmasked) WebSocket frame."""
    size = len(payload)
    if size < 126:
        head = struct.pack("!BB", 0x80 | opcode, size)
    elif size < 65536:
        head = struct.pack("!BBH", 0x80 | opcode, 126, size)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 127, size)
    return head + payload


def gateway(after_upgrade: Callable[[socket.socket, Hostile], None]) -> Behaviour:
    """DingTalk's token and connections/open answered correctly; the WebSocket (same
    port) upgraded, then ``after_upgrade`` runs."""

    def behaviour(conn: socket.socket, hostile: Hostile) -> None:
        while True:
            line, headers, _ = read_head(conn)
            if "upgrade" in headers:
                key = headers["sec-websocket-key"] + WS_GUID
                accept = base64.b64encode(hashlib.sha1(key.encode()).digest()).decode()  # noqa: S324
                conn.sendall(
                    b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                    b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept.encode() + b"\r\n\r\n"
                )
                after_upgrade(conn, hostile)
                return
            if "accessToken" in line:
                answer: dict[str, object] = {"accessToken": TOKEN, "expireIn": 7200}
            else:
                answer = {"endpoint": f"ws://127.0.0.1:{hostile.port}/connect", "ticket": TICKET}
            respond(conn, 200, json.dumps(answer).encode())

    return behaviour


def never_answer_close(conn: socket.socket, _: Hostile) -> None:
    """Read the client's close frame and never answer it (nor close the TCP connection)."""
    wait_closed(conn)


def _finish_close(conn: socket.socket) -> None:
    """As a server does: once the client's close frame arrives, echo it and hang up."""
    if conn.recv(65536):
        with contextlib.suppress(OSError):
            conn.sendall(ws_frame(0x8, struct.pack("!H", 1000)))
    conn.close()


def big_frame(conn: socket.socket, _: Hostile) -> None:
    """A 2 MiB text frame (the probe accepts 1 MiB)."""
    with contextlib.suppress(OSError):  # the probe may close before reading it all
        conn.sendall(ws_frame(0x1, b"x" * (2 * 1024 * 1024)))
    _finish_close(conn)


def close_with(code: int) -> Callable[[socket.socket, Hostile], None]:
    """Close right after the upgrade with ``code``, then hang up when the client answers."""

    def after(conn: socket.socket, _: Hostile) -> None:
        conn.sendall(ws_frame(0x8, struct.pack("!H", code) + b"bye"))
        _finish_close(conn)

    return after
