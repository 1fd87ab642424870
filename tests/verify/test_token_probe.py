"""pytest-httpx tables: every answer and transport exception -> classification, exit code."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from pytest_httpx import HTTPXMock

from envmigrate.credentials import Credentials
from envmigrate.verify.results import SetResult
from envmigrate.verify.run import Settings, verify_sets

from .conftest import CLIENT_ID, SECRET, assert_no_sentinel

BASE = "https://api.dingtalk.test"
TOKEN_URL = BASE + "/v1.0/oauth2/accessToken"
OPEN_URL = BASE + "/v1.0/gateway/connections/open"
CREDS = Credentials(CLIENT_ID, SECRET, ".env")
HTML = "<html><body><h1>502 Bad Gateway</h1></body></html>"


def run_token(retries: int = 0, timeout: float = 5.0) -> tuple[SetResult, dict[str, object]]:
    results, secrets = verify_sets(
        [CREDS], Settings(endpoint=BASE, timeout=timeout, retries=retries, stream=False)
    )
    step = results[0].to_dict(secrets.values)["steps"][0]  # type: ignore[index]
    assert_no_sentinel(json.dumps(results[0].to_dict(secrets.values)))
    return results[0], step


ANSWERS = [
    pytest.param(200, {"accessToken": "S3NT1NEL-tok", "expireIn": 7200}, {}, None, 0, id="ok"),
    pytest.param(200, {"expireIn": 7200}, {}, "protocol_error", 3, id="200-no-token"),
    pytest.param(200, "not json", {}, "protocol_error", 3, id="200-not-json"),
    pytest.param(200, [1, 2], {}, "protocol_error", 3, id="200-json-list"),
    pytest.param(
        400,
        {"code": "invalidClientIdOrSecret", "message": "无效的clientId或者clientSecret", "requestid": "R1"},
        {}, "credentials_rejected", 1, id="400-invalidClientIdOrSecret",
    ),
    pytest.param(
        400,
        {"code": "invalidParameter.idOrSecret.notFound", "message": "clientId或者clientSecret错误"},
        {}, "credentials_rejected", 1, id="400-idOrSecret-notFound",
    ),
    pytest.param(401, {"code": "Unauthorized", "message": "appSecret is wrong"}, {},
                 "credentials_rejected", 1, id="401-names-secret"),
    pytest.param(403, {"code": "Forbidden", "message": "no permission"}, {},
                 "protocol_error", 3, id="403-not-about-credentials"),
    pytest.param(400, HTML, {}, "protocol_error", 3, id="400-html-is-not-dingtalk"),
    pytest.param(404, {"code": "NotFound", "message": "no such api"}, {}, "protocol_error", 3, id="404"),
    pytest.param(429, {"code": "Throttling"}, {"Retry-After": "7"}, "rate_limited", 3, id="429"),
    pytest.param(500, {"code": "InternalError"}, {}, "service_error", 3, id="500"),
    pytest.param(502, HTML, {}, "service_error", 3, id="502-html"),
    pytest.param(503, "", {}, "service_error", 3, id="503-empty"),
]  # fmt: skip


@pytest.mark.parametrize(("status", "body", "headers", "kind", "code"), ANSWERS)
def test_answer_classification(
    httpx_mock: HTTPXMock,
    status: int,
    body: object,
    headers: dict[str, str],
    kind: str | None,
    code: int,
) -> None:
    """Each HTTP answer of the token endpoint maps to one classification and exit code."""
    content = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    httpx_mock.add_response(
        method="POST", url=TOKEN_URL, status_code=status, content=content, headers=headers
    )
    result, step = run_token()
    assert step["classification"] == kind
    assert int(result.exit_code) == code
    assert step["status"] == ("ok" if kind is None else "failed")
    assert step["hint"] if kind else step["hint"] is None


def test_code_and_requestid_kept(httpx_mock: HTTPXMock) -> None:
    """DingTalk's error code and request id reach the report (support asks for them)."""
    body = {"code": "invalidClientIdOrSecret", "message": "x", "requestid": "5F3A-REQ"}
    httpx_mock.add_response(url=TOKEN_URL, status_code=400, json=body)
    _, step = run_token()
    assert (step["code"], step["requestid"], step["http_status"]) == (
        "invalidClientIdOrSecret",
        "5F3A-REQ",
        400,
    )


EXCEPTIONS = [
    pytest.param(httpx.ConnectError("[Errno 111] Connection refused"), "network_unreachable", id="refused"),
    pytest.param(httpx.ConnectError("[Errno -2] Name or service not known"), "dns_error", id="dns"),
    pytest.param(httpx.ConnectError("[Errno -3] Temporary failure in name resolution"), "dns_error", id="dns-temp"),
    pytest.param(httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"), "tls_error", id="tls"),
    pytest.param(httpx.ConnectTimeout("timed out"), "timeout", id="connect-timeout"),
    pytest.param(httpx.ReadTimeout("timed out"), "timeout", id="read-timeout"),
    pytest.param(httpx.ReadError("reset by peer"), "network_unreachable", id="read-error"),
    pytest.param(httpx.RemoteProtocolError("Server disconnected"), "network_unreachable", id="disconnected"),
    pytest.param(httpx.ProxyError("407 Proxy Authentication Required"), "network_unreachable", id="proxy"),
    pytest.param(httpx.UnsupportedProtocol("ftp"), "protocol_error", id="unsupported"),
]  # fmt: skip


@pytest.mark.parametrize(("exc", "kind"), EXCEPTIONS)
def test_exception_classification(httpx_mock: HTTPXMock, exc: Exception, kind: str) -> None:
    """Transport exceptions are classified at the edge; all are inconclusive (exit 3)."""
    httpx_mock.add_exception(exc, url=TOKEN_URL)
    result, step = run_token()
    assert step["classification"] == kind
    assert int(result.exit_code) == 3


def test_request_shape(httpx_mock: HTTPXMock) -> None:
    """The token request is a JSON POST with appKey/appSecret, nothing in the URL."""
    httpx_mock.add_response(url=TOKEN_URL, json={"accessToken": "t0k3n-x", "expireIn": 7200})
    run_token()
    request = httpx_mock.get_requests()[0]
    assert request.method == "POST"
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {"appKey": CLIENT_ID, "appSecret": SECRET}
    assert SECRET not in str(request.url)


def test_open_request_shape_and_failure(httpx_mock: HTTPXMock) -> None:
    """connections/open: subscriptions [], our ua, JSON headers; a 400 there is a rejection."""
    httpx_mock.add_response(url=TOKEN_URL, json={"accessToken": "t0k3n-x", "expireIn": 7200})
    httpx_mock.add_response(url=OPEN_URL, status_code=400, json={"code": "invalidClientIdOrSecret"})
    results, _ = verify_sets([CREDS], Settings(endpoint=BASE, timeout=5, retries=0))
    assert [s.ok for s in results[0].steps] == [True, False]
    assert int(results[0].exit_code) == 1
    request = httpx_mock.get_requests(url=OPEN_URL)[0]
    body = json.loads(request.content)
    assert body["subscriptions"] == []
    assert body["ua"].startswith("envmigrate/")
    assert set(body) == {"clientId", "clientSecret", "subscriptions", "ua", "localIp"}
    assert request.headers["accept"] == "application/json"
    assert request.headers["user-agent"].startswith("envmigrate/")


def test_unusable_endpoint_is_protocol_error(httpx_mock: HTTPXMock) -> None:
    """A gateway answer with a bad endpoint never leaks the ticket (in an exception text)."""
    httpx_mock.add_response(url=TOKEN_URL, json={"accessToken": "S3NT1NEL-tok", "expireIn": 1})
    httpx_mock.add_response(url=OPEN_URL, json={"endpoint": "nota url", "ticket": "S3NT1NEL-t"})
    results, secrets = verify_sets([CREDS], Settings(endpoint=BASE, timeout=5, retries=0))
    data = results[0].to_dict(secrets.values)
    assert data["steps"][1]["classification"] == "protocol_error"  # type: ignore[index]
    assert_no_sentinel(json.dumps(data))


def test_transient_failure_retried_until_success(httpx_mock: HTTPXMock) -> None:
    """A 503 then a 200: two attempts, verified."""
    httpx_mock.add_response(url=TOKEN_URL, status_code=503)
    httpx_mock.add_response(url=TOKEN_URL, json={"accessToken": "t0k3n-x", "expireIn": 7200})
    result, step = run_token(retries=2)
    assert (step["status"], step["attempts"], int(result.exit_code)) == ("ok", 2, 0)


def test_retries_exhausted(httpx_mock: HTTPXMock) -> None:
    """Connect errors are retried exactly --retries times, then reported."""
    for _ in range(3):
        httpx_mock.add_exception(httpx.ConnectError("refused"), url=TOKEN_URL)
    _, step = run_token(retries=2)
    assert (step["classification"], step["attempts"]) == ("network_unreachable", 3)


def test_rejection_never_retried(httpx_mock: HTTPXMock) -> None:
    """One request only (pytest-httpx fails the test on any unexpected second request)."""
    httpx_mock.add_response(
        url=TOKEN_URL, status_code=400, json={"code": "invalidClientIdOrSecret"}
    )
    _, step = run_token(retries=5)
    assert (step["classification"], step["attempts"]) == ("credentials_rejected", 1)


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The backoff sleeps the retry loop asked for (not slept: the test needs no clock)."""
    from envmigrate.verify import retry

    asked: list[float] = []
    real_sleep = asyncio.sleep

    async def recording_sleep(delay: float) -> None:
        asked.append(delay)
        await real_sleep(0)

    monkeypatch.setattr(retry.asyncio, "sleep", recording_sleep)
    return asked


def test_retry_after_honoured(httpx_mock: HTTPXMock, slept: list[float]) -> None:
    """429 with Retry-After: 1 waits a second (not the shorter backoff) before retrying."""
    httpx_mock.add_response(url=TOKEN_URL, status_code=429, headers={"Retry-After": "1"})
    httpx_mock.add_response(url=TOKEN_URL, json={"accessToken": "t0k3n-x", "expireIn": 7200})
    _, step = run_token(retries=1)
    assert step["status"] == "ok"
    assert slept == [1.0]


def test_retry_after_beyond_deadline_stops_at_once(
    httpx_mock: HTTPXMock, slept: list[float]
) -> None:
    """A wait that would pass the deadline is not slept: rate_limited, right away (no
    backoff sleep is even started: checked on the sleep itself, not on a clock)."""
    httpx_mock.add_response(url=TOKEN_URL, status_code=429, headers={"Retry-After": "30"})
    _, step = run_token(retries=3, timeout=2.0)
    assert (step["classification"], step["attempts"]) == ("rate_limited", 1)
    assert slept == []
