"""A recording SOCKS5 server on 127.0.0.1 (RFC 1928): no authentication, CONNECT only.

Destinations may be IPv4, IPv6 or domain names (resolved here), and must be loopback: a
tunnel elsewhere is refused (reply 0x02), so nothing can leave the machine. Each tunnel is
recorded as a ``Tunnel`` (address type, host, port, the first bytes the client sent) and
then relayed both ways until either side closes. Every socket has a timeout, and leaving
the context closes them all: no thread outlives a test for long.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.verify.loopback import LoopbackServer

TIMEOUT = 10.0  # seconds any socket may sit idle
KEPT = 65536  # bytes of the client's side recorded per tunnel
ATYPS = {1: "ipv4", 3: "domain", 4: "ipv6"}


@dataclass
class Tunnel:
    atyp: str  # "ipv4", "domain" or "ipv6": how the client named the destination
    host: str
    port: int
    sent: bytearray = field(default_factory=bytearray)  # what the client sent through it


class SocksServer(LoopbackServer):
    """Use as a context manager; ``address`` is ``127.0.0.1:PORT``; ``tunnels`` what it
    was asked for. A CONNECT for which ``refuse(host, port)`` is true is answered "not
    allowed" (0x02); one for which ``stall(host, port)`` is true is never answered."""

    timeout = TIMEOUT

    def __init__(
        self,
        *,
        refuse: Callable[[str, int], bool] = lambda host, port: False,
        stall: Callable[[str, int], bool] = lambda host, port: False,
    ) -> None:
        super().__init__()
        self.refuse, self.stall = refuse, stall
        self.tunnels: list[Tunnel] = []

    def serve(self, conn: socket.socket) -> None:
        try:
            version, count = _exactly(conn, 2)
            methods = _exactly(conn, count)
            if version != 5 or 0 not in methods:
                conn.sendall(b"\x05\xff")  # no acceptable method
                return
            conn.sendall(b"\x05\x00")
            version, command, _, atyp = _exactly(conn, 4)
            if atyp == 1:
                host = socket.inet_ntop(socket.AF_INET, _exactly(conn, 4))
            elif atyp == 4:
                host = socket.inet_ntop(socket.AF_INET6, _exactly(conn, 16))
            elif atyp == 3:
                host = _exactly(conn, _exactly(conn, 1)[0]).decode("idna")
            else:
                _reply(conn, 8)  # address type not supported
                return
            (port,) = struct.unpack("!H", _exactly(conn, 2))
            if version != 5 or command != 1:
                _reply(conn, 7)  # command not supported
                return
            tunnel = Tunnel(ATYPS[atyp], host, port)
            with self.lock:
                self.tunnels.append(tunnel)
            if self.stall(host, port):
                conn.recv(1)  # until the client gives up, the test ends or TIMEOUT
                return
            upstream = None if self.refuse(host, port) else self._open(host, port)
            if upstream is None:
                _reply(conn, 2)  # not allowed (refused, not loopback, or nothing listens)
                return
            _reply(conn, 0)
            threading.Thread(target=_pipe, args=(upstream, conn, None), daemon=True).start()
            _pipe(conn, upstream, tunnel.sent)
        except (OSError, ValueError, UnicodeError):
            return

    def _open(self, host: str, port: int) -> socket.socket | None:
        for family, kind, proto, _, address in socket.getaddrinfo(host, port, 0, 1):
            if not ipaddress.ip_address(address[0]).is_loopback:
                return None
            with contextlib.suppress(OSError):
                sock = self.keep(socket.socket(family, kind, proto))
                sock.connect(address)
                return sock
        return None


def _exactly(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        piece = conn.recv(size - len(data))
        if not piece:
            raise ValueError("the client closed mid-request")
        data += piece
    return data


def _reply(conn: socket.socket, code: int) -> None:
    conn.sendall(bytes([5, code, 0, 1, 0, 0, 0, 0, 0, 0]))  # bound address 0.0.0.0:0


def _pipe(src: socket.socket, dst: socket.socket, record: bytearray | None) -> None:
    try:
        while piece := src.recv(65536):
            if record is not None and len(record) < KEPT:
                record += piece[: KEPT - len(record)]
            dst.sendall(piece)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            dst.shutdown(socket.SHUT_WR)
