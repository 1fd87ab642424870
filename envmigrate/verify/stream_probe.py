"""Step ``stream``: open a Stream-mode connection, prove the WebSocket upgrade, leave.

The probe subscribes to nothing, answers SYSTEM frames exactly as the official SDK acks
them, never acknowledges EVENT or CALLBACK frames (they stay for the real bot), and closes
with code 1000 as soon as the upgrade is proven (after a short, optional wait for a frame).

The upgrade (HTTP 101) is the proof: the protocol has bad tickets fail the upgrade itself.
Whatever happens afterwards (a close with 1008 or a 4xxx code, a dropped connection, an
oversize frame, a close frame never answered) is reported in the detail but changes
neither the verdict nor the deadline: the wait for a first frame and the close handshake
both end before the run's deadline.
"""

from __future__ import annotations

import asyncio
import json
import logging
from urllib.parse import quote_plus

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from envmigrate import __version__
from envmigrate.errors import InputError
from envmigrate.i18n import N_, Msg
from envmigrate.verify import classify, proxy
from envmigrate.verify.guard import WS_LOGGER, Secrets
from envmigrate.verify.lean_httpx import httpx
from envmigrate.verify.results import Kind, ProbeFailure
from envmigrate.verify.retry import Deadline
from envmigrate.verify.token_probe import post_json

OPEN_PATH = "/v1.0/gateway/connections/open"
UA = f"envmigrate/{__version__}"
#: Largest frame accepted; a bigger one makes the probe close with 1009 (message too big).
MAX_FRAME = 2**20
#: Longest wait for the gateway to answer the probe's close frame.
CLOSE_WAIT = 1.0
#: Time kept before the deadline for the close handshake, and for reporting.
CLOSE_RESERVE = 0.2
REPORT_RESERVE = 0.05
CLOSE_NAMES = {
    1000: "normal closure",
    1001: "going away",
    1002: "protocol error",
    1003: "unsupported data",
    1007: "invalid data",
    1008: "policy violation",
    1009: "message too big",
    1011: "server error",
    1012: "service restart",
    1013: "try again later",
}


async def open_connection(
    client: httpx.AsyncClient, base: str, client_id: str, client_secret: str, secrets: Secrets
) -> tuple[str, str]:
    """Ask the gateway for a WebSocket endpoint and a one-time ticket."""
    payload: dict[str, object] = {
        "clientId": client_id,
        "clientSecret": client_secret,
        "subscriptions": [],
        "ua": UA,
        "localIp": "",
    }
    body = await post_json(client, base + OPEN_PATH, payload)
    endpoint, ticket = body.get("endpoint"), body.get("ticket")
    if isinstance(ticket, str):
        secrets.add(ticket)
    if not isinstance(endpoint, str) or not isinstance(ticket, str) or not ticket:
        raise ProbeFailure(Kind.PROTOCOL_ERROR, Msg("the answer has no endpoint/ticket"))
    return endpoint, ticket


async def handshake(
    endpoint: str, ticket: str, *, first_frame_wait: float, deadline: Deadline | None = None
) -> str:
    """Open the WebSocket (the proof), answer SYSTEM frames briefly, close with 1000."""
    uri = f"{endpoint}?ticket={quote_plus(ticket)}"
    try:
        chosen = proxy.proxy_for(endpoint)
    except (InputError, ValueError, TypeError):
        raise ProbeFailure(
            Kind.PROTOCOL_ERROR, Msg("the gateway returned an unusable endpoint")
        ) from None
    try:
        ws = await connect(
            uri,
            proxy=chosen,
            open_timeout=None,
            close_timeout=CLOSE_WAIT,
            user_agent_header=UA,
            max_size=MAX_FRAME,
            logger=logging.getLogger(WS_LOGGER),
        )
    except Exception as exc:
        raise classify.from_ws_error(exc) from None
    try:
        wait = first_frame_wait if deadline is None else _within(deadline, first_frame_wait)
        return N_("WebSocket upgrade accepted") + await _first_frames(ws, wait)
    finally:
        await _close(ws, deadline)


def _within(deadline: Deadline, wanted: float) -> float:
    """``wanted`` seconds, cut so that the close handshake still ends before the deadline."""
    return max(0.0, min(wanted, deadline.remaining() - CLOSE_RESERVE))


async def _close(ws: ClientConnection, deadline: Deadline | None) -> None:
    """Close with 1000; a gateway that never answers is cut off before the deadline."""
    budget = CLOSE_WAIT
    if deadline is not None:
        budget = min(budget, deadline.remaining() - REPORT_RESERVE)
    if budget <= 0:
        ws.transport.abort()
        return
    ws.close_timeout = budget  # websockets aborts the connection when it runs out
    try:
        async with asyncio.timeout(budget + REPORT_RESERVE / 2):
            await ws.close(1000)
    except TimeoutError:
        ws.transport.abort()


async def _first_frames(ws: ClientConnection, wait: float) -> str:
    """Watch for frames during ``wait`` seconds; describe what happened (never required)."""
    notes: list[str] = []
    try:
        async with asyncio.timeout(wait):
            while True:
                frame = _parse(await ws.recv())
                note, done = await _answer(ws, frame)
                notes.append(note)
                if done:
                    break
    except TimeoutError:
        pass
    except ConnectionClosed as closed:
        notes.append(describe_close(closed))
    return "".join(f"; {note}" for note in notes)


def describe_close(closed: ConnectionClosed) -> str:
    """Who closed the connection after the upgrade, and with which code."""
    sent, rcvd = closed.sent, closed.rcvd
    if sent is not None and (rcvd is None or closed.rcvd_then_sent is False):
        if sent.code == 1009:
            return Msg(
                "the probe closed the connection: a frame over 1 MiB (code {code})",
                code=_code(sent.code),
            )
        return Msg("the probe closed the connection (code {code})", code=_code(sent.code))
    if rcvd is None:
        return Msg("the gateway then dropped the connection (no close frame)")
    return Msg("the gateway then closed the connection (code {code})", code=_code(rcvd.code))


def _code(code: int) -> str:
    name = CLOSE_NAMES.get(code) or ("application code" if 4000 <= code <= 4999 else None)
    return f"{code}, {name}" if name else str(code)


def _parse(raw: str | bytes) -> dict[str, object]:
    try:
        frame = json.loads(raw)
    except ValueError:
        return {}
    return frame if isinstance(frame, dict) else {}


async def _answer(ws: ClientConnection, frame: dict[str, object]) -> tuple[str, bool]:
    """Ack SYSTEM frames like the SDK; leave application frames unacknowledged."""
    kind = frame.get("type")
    headers = frame.get("headers")
    headers = headers if isinstance(headers, dict) else {}
    topic = str(headers.get("topic", ""))
    if kind != "SYSTEM":
        return Msg("{kind} frame left unacknowledged for the bot", kind=kind or "unknown"), False
    await ws.send(json.dumps(system_ack(headers, frame.get("data"))))
    if topic == "ping":
        return N_("ping answered"), True
    return Msg("SYSTEM {topic} acknowledged", topic=topic or "frame"), True


def system_ack(headers: dict[str, object], data: object) -> dict[str, object]:
    """The ack the SDK's SystemHandler sends: code 200, the frame's messageId and data."""
    return {
        "code": 200,
        "headers": {"contentType": "application/json", "messageId": headers.get("messageId")},
        "message": "OK",
        "data": data if isinstance(data, str) else json.dumps(data or {}),
    }
