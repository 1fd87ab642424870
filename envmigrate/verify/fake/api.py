"""The stand-in's HTTP endpoints: access token and ``connections/open``, with faults.

Bodies are validated as DingTalk does: JSON object required, missing fields answer 400
with a JSON error; wrong credentials answer 400 with DingTalk's error codes.
"""

from __future__ import annotations

import json
import secrets

from envmigrate.verify.fake.faults import Fault
from envmigrate.verify.fake.http import Request, Response
from envmigrate.verify.fake.state import State

TOKEN_PATH = "/v1.0/oauth2/accessToken"  # noqa: S105 - a path, not a password
OPEN_PATH = "/v1.0/gateway/connections/open"
HTML = b"<html><head><title>502 Bad Gateway</title></head><body>Bad Gateway</body></html>"


def error(status: int, code: str, message: str, **headers: str) -> Response:
    """A DingTalk-style JSON error with a fresh request id."""
    body = {"code": code, "message": message, "requestid": secrets.token_hex(8).upper()}
    return Response(status, json.dumps(body).encode(), headers=dict(headers))


def faulty(fault: Fault, state: State) -> Response | None:
    """The answer a fault gives instead of the real one (None: hang)."""
    if fault is Fault.HANG:
        return None
    if fault is Fault.REJECT_CREDENTIALS:
        return error(400, "invalidClientIdOrSecret", "无效的clientId或者clientSecret")
    if fault is Fault.RATE_LIMITED:
        retry = str(state.retry_after)
        return error(429, "Throttling", "too many requests", **{"Retry-After": retry})
    if fault is Fault.MALFORMED_JSON:
        return Response(200, b'{"accessToken": "trunc')
    if fault is Fault.HTML_ERROR:
        return Response(502, HTML, content_type="text/html")
    return error(503, "ServiceUnavailable", "the service is temporarily unavailable")


def json_object(request: Request) -> dict[str, object] | None:
    """The request body as a JSON object, or None."""
    if "json" not in request.headers.get("content-type", ""):
        return None
    try:
        body = json.loads(request.body)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def token(request: Request, state: State) -> Response:
    """``POST /v1.0/oauth2/accessToken``."""
    body = json_object(request)
    if body is None:
        return error(400, "MissingBody", "body is mandatory for this action")
    for name in ("appKey", "appSecret"):
        if not isinstance(body.get(name), str) or not body[name]:
            return error(400, f"Missing{name}", f"{name} is mandatory for this action")
    if (body["appKey"], body["appSecret"]) != (state.client_id, state.client_secret):
        return error(400, "invalidParameter.idOrSecret.notFound", "clientId或者clientSecret错误")
    answer = {"accessToken": state.new_token(), "expireIn": 7200}
    return Response(200, json.dumps(answer).encode())


def open_connection(request: Request, state: State, ws_base: str) -> Response:
    """``POST /v1.0/gateway/connections/open``: a ws:// endpoint and a one-time ticket."""
    body = json_object(request)
    if body is None:
        return error(400, "MissingBody", "body is mandatory for this action")
    for name, kind in (("clientId", str), ("clientSecret", str), ("subscriptions", list)):
        if not isinstance(body.get(name), kind):
            return error(400, "invalidParameter", f"{name} is mandatory for this action")
    if (body["clientId"], body["clientSecret"]) != (state.client_id, state.client_secret):
        return error(400, "invalidClientIdOrSecret", "无效的clientId或者clientSecret")
    answer = {"endpoint": ws_base + "/connect", "ticket": state.new_ticket()}
    return Response(200, json.dumps(answer).encode())


def route(request: Request, state: State, ws_base: str) -> Response | None:
    """Dispatch one request (faults first); None means: never answer."""
    path = request.path.split("?", 1)[0]
    if path not in (TOKEN_PATH, OPEN_PATH):
        return error(404, "NotFound", "no such API")
    if request.method != "POST":
        return error(405, "MethodNotAllowed", "use POST")
    fault = state.http_fault(request.method, path)
    if fault is not None:
        return faulty(fault, state)
    if path == TOKEN_PATH:
        return token(request, state)
    return open_connection(request, state, ws_base)
