"""Turn HTTP answers and transport exceptions into classified ``ProbeFailure`` records.

This is the edge where httpx and websockets exceptions stop: nothing above sees them, and
no exception text is kept unless it was scrubbed by the caller's secret set.
"""

from __future__ import annotations

import email.utils
import json
import socket
import ssl
import time
from typing import Any

from websockets import exceptions as ws_exc

from envmigrate.i18n import Msg
from envmigrate.verify.lean_httpx import httpx
from envmigrate.verify.results import Kind, ProbeFailure

#: DingTalk error codes/messages that name the client id or secret.
_CREDENTIAL_WORDS = ("clientid", "clientsecret", "appkey", "appsecret", "idorsecret", "secret")
_DNS_WORDS = (
    "name or service not known",
    "nodename nor servname",
    "getaddrinfo",
    "name resolution",
)


def json_body(response: httpx.Response) -> dict[str, Any] | None:
    """The response body as a JSON object, or None when it is not one."""
    try:
        body = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


def from_response(response: httpx.Response) -> ProbeFailure:
    """Classify a non-2xx HTTP answer from a DingTalk endpoint."""
    status = response.status_code
    body = json_body(response) or {}
    code = _text(body.get("code"))
    requestid = _text(body.get("requestid") or body.get("requestId"))
    message = _text(body.get("message"))
    extra: dict[str, Any] = {
        "status": status,
        "code": code,
        "requestid": requestid,
        "message": message,
    }
    if status == 429:
        wait = retry_after(response.headers.get("retry-after"))
        return ProbeFailure(Kind.RATE_LIMITED, "HTTP 429", retry_after=wait, **extra)
    if status >= 500:
        return ProbeFailure(
            Kind.SERVICE_ERROR,
            Msg("HTTP {status}{shape}", status=status, shape=_shape(body)),
            **extra,
        )
    if not body:
        return ProbeFailure(
            Kind.PROTOCOL_ERROR, Msg("HTTP {status} without a DingTalk JSON error", status=status)
        )
    if status in (400, 401, 403) and _names_credentials(code, message):
        return ProbeFailure(Kind.CREDENTIALS_REJECTED, f"HTTP {status}", **extra)
    return ProbeFailure(
        Kind.PROTOCOL_ERROR, Msg("HTTP {status} (unexpected error)", status=status), **extra
    )


def _shape(body: dict[str, Any]) -> str:
    return "" if body else Msg(" (not a DingTalk JSON answer)")


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _names_credentials(code: str | None, message: str | None) -> bool:
    text = f"{code or ''} {message or ''}".lower().replace("_", "").replace(" ", "")
    return any(word in text for word in _CREDENTIAL_WORDS)


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta seconds or an HTTP date)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def from_httpx_error(exc: httpx.HTTPError, *, not_http: bool = False) -> ProbeFailure:
    """Classify an httpx transport exception (the message is never kept: it may hold URLs).

    ``not_http``: the server's first bytes were not an HTTP status line (see ``sniff``).
    """
    name = type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return ProbeFailure(Kind.TIMEOUT, Msg("no answer in time ({name})", name=name))
    if isinstance(exc, httpx.ProxyError):
        return ProbeFailure(
            Kind.NETWORK_UNREACHABLE, Msg("the proxy refused or failed the request")
        )
    if isinstance(exc, httpx.ConnectError):
        return from_os_error(exc)
    if isinstance(exc, httpx.RemoteProtocolError) and (not_http or _not_http(exc)):
        return ProbeFailure(Kind.PROTOCOL_ERROR, Msg("the answer was not HTTP (another service?)"))
    if isinstance(exc, (httpx.NetworkError, httpx.RemoteProtocolError)):
        return ProbeFailure(Kind.NETWORK_UNREACHABLE, Msg("connection dropped ({name})", name=name))
    return ProbeFailure(Kind.PROTOCOL_ERROR, Msg("HTTP exchange failed ({name})", name=name))


def _not_http(exc: BaseException) -> bool:
    """True when the HTTP parser rejected what the server sent (an SSH banner, say), as
    opposed to a connection that ended before any answer."""
    return any(type(e).__module__.split(".")[0] == "h11" for e in _chain(exc))


def from_os_error(exc: BaseException) -> ProbeFailure:
    """Classify a failure to connect: DNS, TLS, or plain unreachable."""
    chain = _chain(exc)
    text = " ".join(str(e) for e in chain).lower()
    if any(isinstance(e, socket.gaierror) for e in chain) or any(w in text for w in _DNS_WORDS):
        return ProbeFailure(Kind.DNS_ERROR, Msg("host name did not resolve"))
    if any(isinstance(e, ssl.SSLError) for e in chain) or "certificate" in text or "ssl" in text:
        return ProbeFailure(Kind.TLS_ERROR, Msg("TLS handshake failed"))
    return ProbeFailure(Kind.NETWORK_UNREACHABLE, Msg("could not connect"))


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 10:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def from_ws_error(exc: BaseException) -> ProbeFailure:
    """Classify a failed WebSocket opening handshake."""
    if isinstance(exc, ws_exc.InvalidStatus):
        return _from_ws_status(exc.response.status_code)
    if isinstance(exc, ws_exc.InvalidURI):
        return ProbeFailure(Kind.PROTOCOL_ERROR, Msg("the gateway returned an unusable endpoint"))
    if isinstance(exc, (ws_exc.ProxyError, ws_exc.InvalidProxy)):
        return ProbeFailure(Kind.NETWORK_UNREACHABLE, Msg("the proxy refused the WebSocket tunnel"))
    if isinstance(exc, (ws_exc.InvalidHandshake, ws_exc.ConnectionClosed, EOFError)):
        return ProbeFailure(Kind.PROTOCOL_ERROR, Msg("the WebSocket handshake was not completed"))
    if isinstance(exc, TimeoutError):
        return ProbeFailure(Kind.TIMEOUT, Msg("no WebSocket handshake in time"))
    if isinstance(exc, OSError):
        return from_os_error(exc)
    return ProbeFailure(
        Kind.PROTOCOL_ERROR, Msg("WebSocket failure ({name})", name=type(exc).__name__)
    )


def _from_ws_status(status: int) -> ProbeFailure:
    detail = Msg("upgrade refused with HTTP {status}", status=status)
    if status == 429:
        return ProbeFailure(Kind.RATE_LIMITED, detail, status=status)
    if status >= 500:
        return ProbeFailure(Kind.SERVICE_ERROR, detail, status=status)
    if status in (400, 401, 403, 404, 410):
        return ProbeFailure(Kind.TICKET_REJECTED, detail, status=status)
    return ProbeFailure(
        Kind.PROTOCOL_ERROR, Msg("upgrade answered HTTP {status}", status=status), status=status
    )
