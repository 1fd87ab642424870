"""The stand-in's Stream gateway: a WebSocket server that checks the one-time ticket,
sends a SYSTEM ping (or a fault's frames) and records the client's acks."""

from __future__ import annotations

import json
import secrets
import time
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from envmigrate.verify.fake.faults import Fault
from envmigrate.verify.fake.state import State

#: The gateway's WebSocket path (``connections/open`` hands out ``ws://HOST:PORT/connect``).
CONNECT_PATH = "/connect"
APP_TOPICS = (("EVENT", "chat_update_title"), ("CALLBACK", "/v1.0/im/bot/messages/get"))


def frame(kind: str, topic: str, data: dict[str, object]) -> dict[str, object]:
    """A frame as DingTalk sends it (``data`` is a JSON document inside a string)."""
    headers = {
        "appId": "fake-app",
        "connectionId": secrets.token_hex(8),
        "contentType": "application/json",
        "messageId": secrets.token_hex(12),
        "time": str(int(time.time() * 1000)),
        "topic": topic,
    }
    return {"specVersion": "1.0", "type": kind, "headers": headers, "data": json.dumps(data)}


class Gateway:
    """Handlers for ``websockets.asyncio.server.serve`` bound to one ``State``."""

    def __init__(self, state: State) -> None:
        self.state = state
        #: The fault chosen for each upgrade (decided once per upgrade, counted once).
        self._faults: dict[int, Fault | None] = {}

    def check_ticket(self, connection: ServerConnection, request: Request) -> Response | None:
        """``process_request``: only the gateway path; refuse a missing, unknown or reused
        ticket (403)."""
        parts = urlsplit(request.path)
        if parts.path != CONNECT_PATH:
            self.state.record_refusal()
            return connection.respond(404, "no such endpoint\n")
        fault = self.state.ws_fault()
        if fault is Fault.REFUSE_UPGRADE:
            self.state.record_refusal()
            return connection.respond(403, "upgrade refused\n")
        ticket = parse_qs(parts.query).get("ticket", [""])[0]
        if not self.state.use_ticket(ticket):
            self.state.record_refusal()
            return connection.respond(403, "invalid ticket\n")
        self._faults[id(connection)] = fault
        return None

    async def handle(self, ws: ServerConnection) -> None:
        """After the upgrade: frames per the fault, then record what the client sends."""
        fault = self._faults.pop(id(ws), None)
        if fault is Fault.CLOSE_WEBSOCKET:
            await ws.close(1011, "closing at once")
            self.state.record_close(ws.close_code)
            return
        if fault is Fault.APP_TRAFFIC:
            for kind, topic in APP_TOPICS:
                await self._send(ws, frame(kind, topic, {"text": "hello bot"}))
        topic = "disconnect" if fault is Fault.DISCONNECT else "ping"
        await self._send(ws, frame("SYSTEM", topic, {"opaque": secrets.token_hex(8)}))
        try:
            async for raw in ws:
                self._record(raw)
                if fault is Fault.DISCONNECT:
                    await ws.close(1000, "disconnect")
        except ConnectionClosed:
            pass
        finally:
            self.state.record_close(ws.close_code)

    async def _send(self, ws: ServerConnection, message: dict[str, object]) -> None:
        self.state.record("sent", message)
        await ws.send(json.dumps(message))

    def _record(self, raw: str | bytes) -> None:
        try:
            message = json.loads(raw)
        except ValueError:
            message = {"invalid": True}
        if isinstance(message, dict):
            self.state.record("ack", message)
