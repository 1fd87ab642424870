"""A logging HTTP proxy on 127.0.0.1: CONNECT tunnels and absolute-form requests.

Each connection's first request is logged as ``(method, target)`` and then the bytes are
relayed both ways until either side closes: ``CONNECT host:port`` gets a 200 and a tunnel;
``POST http://host:port/path`` is forwarded (origin-form, ``Connection: close``) on a fresh
connection, and so is the answer, after which the proxy closes the client's connection.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from urllib.parse import urlsplit

from tests.verify.loopback import LoopbackServer


class LoggingProxy(LoopbackServer):
    """Use as a context manager; ``address`` is ``127.0.0.1:PORT``; ``log`` what it relayed."""

    def __init__(self) -> None:
        super().__init__()
        self.log: list[tuple[str, str]] = []

    @property
    def methods(self) -> list[str]:
        with self.lock:
            return [method for method, _ in self.log]

    def serve(self, conn: socket.socket) -> None:
        try:
            data = b""
            while b"\r\n\r\n" not in data:
                piece = conn.recv(65536)
                if not piece:
                    return
                data += piece
            line = data.split(b"\r\n", 1)[0].decode("latin-1")
            method, target, _ = line.split(" ", 2)
            with self.lock:
                self.log.append((method, target))
            if method == "CONNECT":
                host, _, port = target.rpartition(":")
                upstream = self.keep(socket.create_connection((host, int(port))))
                conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                rest = data.split(b"\r\n\r\n", 1)[1]
            else:
                parts = urlsplit(target)
                upstream = self.keep(
                    socket.create_connection((parts.hostname or "", parts.port or 80))
                )
                path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
                head, _, body = data.partition(b"\r\n\r\n")
                lines = [ln for ln in head.split(b"\r\n")[1:] if b"connection" not in ln.lower()]
                first = f"{method} {path} HTTP/1.1".encode()
                rest = b"\r\n".join([first, *lines, b"Connection: close"]) + b"\r\n\r\n" + body
            if rest:
                upstream.sendall(rest)
            threading.Thread(target=_pipe, args=(upstream, conn), daemon=True).start()
            _pipe(conn, upstream)
        except OSError:
            return


def _pipe(src: socket.socket, dst: socket.socket) -> None:
    try:
        while piece := src.recv(65536):
            dst.sendall(piece)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            dst.shutdown(socket.SHUT_WR)
