"""Step ``token``: ``POST /v1.0/oauth2/accessToken`` with the client id and secret."""

from __future__ import annotations

from envmigrate.i18n import Msg
from envmigrate.verify import classify
from envmigrate.verify.body import read_capped
from envmigrate.verify.guard import Secrets
from envmigrate.verify.lean_httpx import httpx
from envmigrate.verify.results import Kind, ProbeFailure
from envmigrate.verify.sniff import CURRENT, Seen

TOKEN_PATH = "/v1.0/oauth2/accessToken"  # noqa: S105 - a path, not a password


async def post_json(
    client: httpx.AsyncClient, url: str, payload: dict[str, object]
) -> dict[str, object]:
    """POST a JSON body; return the JSON object of a 2xx answer or raise ``ProbeFailure``.

    The answer is read streaming and capped (``body.CAP``): an oversize one is a protocol error.
    """
    seen = Seen()
    sniffed = CURRENT.set(seen)
    try:
        async with client.stream("POST", url, json=payload) as streamed:
            content = await read_capped(streamed)
    except httpx.HTTPError as exc:
        raise classify.from_httpx_error(exc, not_http=seen.not_http) from None
    finally:
        CURRENT.reset(sniffed)
    kept = {k: v for k, v in streamed.headers.items() if k.lower() == "retry-after"}
    response = httpx.Response(streamed.status_code, headers=kept, content=content)
    if not response.is_success:
        raise classify.from_response(response)
    body = classify.json_body(response)
    if body is None:
        raise ProbeFailure(
            Kind.PROTOCOL_ERROR,
            Msg("HTTP {status} but the body is not JSON", status=response.status_code),
        )
    return body


async def request_token(
    client: httpx.AsyncClient, base: str, client_id: str, client_secret: str, secrets: Secrets
) -> str:
    """Ask for an access token; return a secret-free description of the answer."""
    body = await post_json(
        client, base + TOKEN_PATH, {"appKey": client_id, "appSecret": client_secret}
    )
    token = body.get("accessToken")
    if not isinstance(token, str) or not token:
        raise ProbeFailure(Kind.PROTOCOL_ERROR, Msg("the answer has no accessToken"))
    secrets.add(token)
    expire = body.get("expireIn")
    if isinstance(expire, int) and not isinstance(expire, bool):
        return Msg("access token issued (expires in {seconds} s)", seconds=expire)
    return Msg("access token issued")
