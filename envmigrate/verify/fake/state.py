"""What the stand-in knows and remembers: credentials, the fault switch, tickets, acks.

Shared between the server thread and the test thread, so every access takes the lock.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from envmigrate.verify.fake.faults import HTTP_FAULTS, ONCE, Fault


@dataclass
class State:
    """Mutable, lock-protected state of one stand-in."""

    client_id: str
    client_secret: str
    ticket_prefix: str = "fake-ticket"
    token_prefix: str = "fake-token"  # noqa: S105 - a fake token's prefix
    retry_after: int = 1
    fault: Fault | None = None
    #: How many requests per HTTP path, or WebSocket upgrades, the fault applies to
    #: (None: every one; ``flaky`` and ``disconnect`` default to once, as the service does).
    times: int | None = None
    used: dict[str, int] = field(default_factory=dict)
    tickets: set[str] = field(default_factory=set)
    requests: list[tuple[str, str]] = field(default_factory=list)
    frames_sent: list[dict[str, object]] = field(default_factory=list)
    acks: list[dict[str, object]] = field(default_factory=list)
    #: Close codes the clients sent (None: the connection dropped without a close frame).
    closes: list[int | None] = field(default_factory=list)
    connections: int = 0
    #: WebSocket upgrades refused (bad path, bad ticket, or the ``refuse_upgrade`` fault).
    refused: int = 0
    lock: threading.Condition = field(default_factory=threading.Condition)

    def set_fault(self, fault: Fault | None, times: int | None) -> None:
        with self.lock:
            self.fault, self.times, self.used = fault, times, {}

    def http_fault(self, method: str, path: str) -> Fault | None:
        """Record a request; the fault to apply to it, if any (counting ``times``)."""
        with self.lock:
            self.requests.append((method, path))
            self.lock.notify_all()
            if self.fault not in HTTP_FAULTS:
                return None
            fault = self._consume(path)
            return Fault.SERVER_ERROR if fault is Fault.FLAKY else fault

    def ws_fault(self) -> Fault | None:
        """The fault for one WebSocket upgrade, if any (each call is one upgrade: counted)."""
        with self.lock:
            if self.fault is None or self.fault in HTTP_FAULTS:
                return None
            return self._consume("websocket")

    def _consume(self, key: str) -> Fault | None:
        """The current fault once more for ``key``, unless its ``times`` are used up."""
        limit = self.times
        if limit is None and self.fault in ONCE:
            limit = 1
        count = self.used.get(key, 0)
        if limit is not None and count >= limit:
            return None
        self.used[key] = count + 1
        return self.fault

    def new_token(self) -> str:
        return f"{self.token_prefix}-{secrets.token_hex(8)}"

    def new_ticket(self) -> str:
        ticket = f"{self.ticket_prefix}-{secrets.token_hex(8)}"
        with self.lock:
            self.tickets.add(ticket)
        return ticket

    def use_ticket(self, ticket: str) -> bool:
        """True once per issued ticket (tickets are one-time)."""
        with self.lock:
            if ticket not in self.tickets:
                return False
            self.tickets.discard(ticket)
            self.connections += 1
            self.lock.notify_all()
            return True

    def record_refusal(self) -> None:
        with self.lock:
            self.refused += 1
            self.lock.notify_all()

    def wait_until(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """Block until ``predicate()`` (called under the lock) holds, or ``timeout``."""
        with self.lock:
            return self.lock.wait_for(predicate, timeout=timeout)

    def record_close(self, code: int | None) -> None:
        with self.lock:
            self.closes.append(code)
            self.lock.notify_all()

    def record(self, kind: str, item: dict[str, object]) -> None:
        with self.lock:
            (self.acks if kind == "ack" else self.frames_sent).append(item)
            self.lock.notify_all()

    def wait_for_closes(self, count: int, timeout: float) -> list[int | None]:
        """Block until ``count`` WebSocket connections finished (or ``timeout``); their codes.

        A connection is recorded as finished after everything it received was recorded.
        """
        with self.lock:
            self.lock.wait_for(lambda: len(self.closes) >= count, timeout=timeout)
            return list(self.closes)

    def wait_for_ack(self, timeout: float, after: int = 0) -> dict[str, object] | None:
        """Block until more than ``after`` acks arrived (or ``timeout``); that ack or None."""
        with self.lock:
            self.lock.wait_for(lambda: len(self.acks) > after, timeout=timeout)
            return self.acks[after] if len(self.acks) > after else None
