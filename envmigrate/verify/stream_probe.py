"""Step ``stream``: open a Stream-mode connection, prove the WebSocket upgrade, leave.

The probe subscribes to nothing, answers SYSTEM frames exactly as the official SDK acks
them, never acknowledges EVENT or CALLBACK frames (they stay for the real bot), and closes
with code 1000 as soon as the upgrade is proven (after a short, optional wait for a frame).
"""

from __future__ import annotations

import asyncio
import json
import logging
from urllib.parse import quote_plus

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from envmigrate import __version__
from envmigrate.i18n import N_, Msg
from envmigrate.verify import classify
from envmigrate.verify.guard import WS_LOGGER, Secrets
from envmigrate.verify.results import Kind, ProbeFailure
from envmigrate.verify.token_probe import post_json

OPEN_PATH = "/v1.0/gateway/connections/open"
UA = f"envmigrate/{__version__}"


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


async def handshake(endpoint: str, ticket: str, *, first_frame_wait: float) -> str:
    """Open the WebSocket (the proof), answer SYSTEM frames briefly, close with 1000."""
    uri = f"{endpoint}?ticket={quote_plus(ticket)}"
    try:
        ws = await connect(
            uri,
            proxy=True,
            open_timeout=None,
            close_timeout=1,
            user_agent_header=UA,
            max_size=2**20,
            logger=logging.getLogger(WS_LOGGER),
        )
    except Exception as exc:
        raise classify.from_ws_error(exc) from None
    try:
        return N_("WebSocket upgrade accepted") + await _first_frames(ws, first_frame_wait)
    finally:
        await ws.close(1000)


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
        code = closed.rcvd.code if closed.rcvd else "none"
        notes.append(Msg("the gateway then closed the connection (code {code})", code=code))
    return "".join(f"; {note}" for note in notes)


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
