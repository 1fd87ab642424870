"""``FakeDingTalk``: the loopback stand-in, started in a background thread.

>>> from envmigrate.testing import FakeDingTalk
>>> with FakeDingTalk() as fake:
...     fake.url.startswith("http://127.0.0.1:")
True
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any

from websockets.asyncio.server import Server, serve

from envmigrate.verify.fake import api
from envmigrate.verify.fake.faults import Fault, parse
from envmigrate.verify.fake.gateway import Gateway
from envmigrate.verify.fake.http import Request, Response, serve_connection
from envmigrate.verify.fake.state import State

START_TIMEOUT = 10.0
#: The credentials the stand-in accepts unless told otherwise.
CLIENT_ID = "dingfakeclientid0001"
CLIENT_SECRET = "fake-client-secret-0001"  # noqa: S105 - a fake
TOKEN_PREFIX = "fake-token"  # noqa: S105 - a fake
_QUIET = logging.getLogger("envmigrate.fake")
_QUIET.addHandler(logging.NullHandler())
_QUIET.propagate = False  # the stand-in's log records carry tickets: never create them
_QUIET.setLevel(logging.CRITICAL + 1)


class FakeDingTalk:
    """A DingTalk stand-in on 127.0.0.1: token, connections/open and the Stream gateway.

    Use it as a context manager; ``url`` is the base URL to give envmigrate (``--endpoint``)
    or the SDK (``DINGTALK_OPENAPI_ENDPOINT``); ``client_id``/``client_secret`` are the
    credentials it accepts; ``set_fault`` switches a fault on or off at any time; ``acks``
    and ``requests`` tell what it received.
    """

    def __init__(
        self,
        *,
        client_id: str = CLIENT_ID,
        client_secret: str = CLIENT_SECRET,
        fault: str | Fault | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        ticket_prefix: str = "fake-ticket",
        token_prefix: str = TOKEN_PREFIX,
        retry_after: int = 1,
    ) -> None:
        self.state = State(client_id, client_secret, ticket_prefix, token_prefix, retry_after)
        self.state.set_fault(parse(fault), None)
        self.host, self._port = host, port
        self.url = ""
        self.ws_url = ""
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    @property
    def client_id(self) -> str:
        return self.state.client_id

    @property
    def client_secret(self) -> str:
        return self.state.client_secret

    @property
    def acks(self) -> list[dict[str, object]]:
        """Every message the gateway received (acks), oldest first."""
        with self.state.lock:
            return list(self.state.acks)

    @property
    def frames_sent(self) -> list[dict[str, object]]:
        with self.state.lock:
            return list(self.state.frames_sent)

    @property
    def closes(self) -> list[int | None]:
        """Close codes the clients sent, one per finished WebSocket connection."""
        with self.state.lock:
            return list(self.state.closes)

    @property
    def requests(self) -> list[tuple[str, str]]:
        """``(method, path)`` of every request to the HTTP endpoints, oldest first."""
        with self.state.lock:
            return list(self.state.requests)

    @property
    def connections(self) -> int:
        """How many WebSocket upgrades were accepted."""
        with self.state.lock:
            return self.state.connections

    def set_fault(self, fault: str | Fault | None, *, times: int | None = None) -> None:
        """Serve ``fault`` from now on (None: behave).

        ``times``: only for the next N requests per HTTP endpoint, or N WebSocket upgrades,
        then behave (default: every time; ``flaky`` and ``disconnect`` once).
        """
        self.state.set_fault(parse(fault), times)

    @property
    def refused(self) -> int:
        """How many WebSocket upgrades were refused (wrong path, bad ticket, or the fault)."""
        with self.state.lock:
            return self.state.refused

    def wait_until(self, predicate: Callable[[FakeDingTalk], bool], timeout: float = 5.0) -> bool:
        """Block until ``predicate(self)`` holds (checked at each thing the stand-in records:
        request, upgrade, refusal, frame, ack, close), or ``timeout``; whether it holds."""
        return self.state.wait_until(lambda: predicate(self), timeout)

    def wait_for_closes(self, count: int = 1, timeout: float = 5.0) -> list[int | None]:
        """Block until ``count`` WebSocket connections ended (or ``timeout``); their close codes.

        Everything a connection sent is in ``acks`` once its end is recorded here.
        """
        return self.state.wait_for_closes(count, timeout)

    def wait_for_ack(self, timeout: float = 5.0, *, after: int = 0) -> dict[str, object] | None:
        """Block until the gateway received ack number ``after + 1`` (or ``timeout`` passed)."""
        return self.state.wait_for_ack(timeout, after)

    def start(self) -> FakeDingTalk:
        """Start serving in a background thread; returns once both listeners are up."""
        self._thread = threading.Thread(target=self._run, name="fake-dingtalk", daemon=True)
        self._thread.start()
        if not self._ready.wait(START_TIMEOUT) or self._error is not None:
            self.stop()
            raise RuntimeError(f"the DingTalk stand-in did not start: {self._error!r}")
        return self

    def stop(self) -> None:
        """Stop serving, cancel hanging requests, close the sockets, join the thread."""
        if self._loop is not None and self._stop is not None and not self._loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(START_TIMEOUT)
            self._thread = None

    def __enter__(self) -> FakeDingTalk:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._main())
        except BaseException as exc:  # reported by start()
            self._error = exc
            self._ready.set()
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    async def _main(self) -> None:
        self._stop = stop = asyncio.Event()
        tasks: set[asyncio.Task[Any]] = set()
        gateway = Gateway(self.state)
        ws_server = await serve(
            gateway.handle, self.host, 0, process_request=gateway.check_ticket, logger=_QUIET
        )
        self.ws_url = f"ws://{_authority(self.host, _port(ws_server))}"

        async def handler(request: Request) -> Response | None:
            return api.route(request, self.state, self.ws_url)

        async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            task = asyncio.current_task()
            assert task is not None
            tasks.add(task)
            try:
                await serve_connection(reader, writer, handler, stop)
            except asyncio.CancelledError:  # shutdown; the stream callback must not see it
                writer.close()
            finally:
                tasks.discard(task)

        http_server = await asyncio.start_server(on_connect, self.host, self._port)
        self.url = f"http://{_authority(self.host, http_server.sockets[0].getsockname()[1])}"
        self._ready.set()
        try:
            await stop.wait()
        finally:
            await _shutdown(http_server, ws_server, tasks)


def _authority(host: str, port: int) -> str:
    """``host:port`` for a URL: an IPv6 address goes in brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _port(server: Server) -> int:
    return int(next(iter(server.sockets)).getsockname()[1])


async def _shutdown(
    http_server: asyncio.Server, ws_server: Server, tasks: set[asyncio.Task[Any]]
) -> None:
    http_server.close()
    ws_server.close()
    for task in list(tasks):
        task.cancel()
    if tasks:
        await asyncio.wait(list(tasks), timeout=2.0)
    await http_server.wait_closed()
    await ws_server.wait_closed()
