"""The skeleton every raw test server here shares: a TCP listener on 127.0.0.1.

Each accepted connection is served by ``serve(conn)`` in a daemon thread. Every socket a
server keeps (``keep``) is closed when the ``with`` block ends, which ends every handler
(their sends and receives then fail): nothing waits for time, no thread outlives a test.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType
from typing import Self


class LoopbackServer:
    """Subclasses define ``serve``; ``timeout`` (if set) applies to every kept socket."""

    timeout: float | None = None

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.address = f"127.0.0.1:{self.port}"
        self.lock = threading.Lock()
        self.sockets: list[socket.socket] = []
        self.accepted = 0  # connections accepted so far
        self.closed = threading.Event()

    def __enter__(self) -> Self:
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.closed.set()
        self.sock.close()
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def keep(self, sock: socket.socket) -> socket.socket:
        """Track a socket (accepted, or opened onwards) so leaving the block closes it."""
        if self.timeout is not None:
            sock.settimeout(self.timeout)
        with self.lock:
            self.sockets.append(sock)
        return sock

    def serve(self, conn: socket.socket) -> None:
        raise NotImplementedError

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with self.lock:
                self.accepted += 1
            threading.Thread(target=self.serve, args=(self.keep(conn),), daemon=True).start()
