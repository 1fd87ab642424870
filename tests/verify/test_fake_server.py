"""The stand-in validates requests as DingTalk does, serves its faults, and stops cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import httpx
import pytest

from envmigrate.testing import FakeDingTalk, Fault
from envmigrate.verify.fake.faults import parse

TOKEN = "/v1.0/oauth2/accessToken"
OPEN = "/v1.0/gateway/connections/open"


def post(fake: FakeDingTalk, path: str, **kwargs: object) -> httpx.Response:
    with httpx.Client(trust_env=False, timeout=5) as client:
        return client.post(fake.url + path, **kwargs)  # type: ignore[arg-type]


def test_token_issued(fake: FakeDingTalk) -> None:
    answer = post(fake, TOKEN, json={"appKey": fake.client_id, "appSecret": fake.client_secret})
    assert answer.status_code == 200
    assert set(answer.json()) == {"accessToken", "expireIn"}


BAD_TOKEN_BODIES = [
    pytest.param({"content": b"appKey=a&appSecret=b", "headers": {"content-type": "application/x-www-form-urlencoded"}}, "MissingBody", id="form"),
    pytest.param({"json": {"appKey": "x"}}, "MissingappSecret", id="no-secret"),
    pytest.param({"json": {"appSecret": "x"}}, "MissingappKey", id="no-key"),
    pytest.param({"json": {"appKey": "x", "appSecret": "y"}}, "invalidParameter.idOrSecret.notFound", id="wrong"),
]  # fmt: skip


@pytest.mark.parametrize(("kwargs", "code"), BAD_TOKEN_BODIES)
def test_token_validation(fake: FakeDingTalk, kwargs: dict[str, object], code: str) -> None:
    """Missing fields and wrong credentials: 400 with a JSON error and a request id."""
    answer = post(fake, TOKEN, **kwargs)
    assert answer.status_code == 400
    assert answer.json()["code"] == code
    assert answer.json()["requestid"]


def test_open_validation(fake: FakeDingTalk) -> None:
    body = {"clientId": fake.client_id, "clientSecret": fake.client_secret}
    assert post(fake, OPEN, json=body).status_code == 400  # no subscriptions
    answer = post(fake, OPEN, json={**body, "subscriptions": [], "ua": "t", "localIp": ""})
    assert answer.status_code == 200
    assert answer.json()["endpoint"].startswith("ws://127.0.0.1:")
    assert answer.json()["ticket"]


def test_unknown_path_and_method(fake: FakeDingTalk) -> None:
    assert post(fake, "/v1.0/nothing").status_code == 404
    with httpx.Client(trust_env=False) as client:
        assert client.get(fake.url + TOKEN).status_code == 405


def test_fault_times_per_path(fake: FakeDingTalk) -> None:
    """``times=1``: the first request to each path fails, the next one works."""
    fake.set_fault("server_error", times=1)
    good = {"appKey": fake.client_id, "appSecret": fake.client_secret}
    assert [post(fake, TOKEN, json=good).status_code for _ in range(2)] == [503, 200]


@pytest.mark.parametrize(
    ("fault", "status", "content_type"),
    [
        ("rate_limited", 429, "application/json"),
        ("html_error", 502, "text/html"),
        ("malformed_json", 200, "application/json"),
        ("reject_credentials", 400, "application/json"),
    ],
)
def test_http_faults(fake: FakeDingTalk, fault: str, status: int, content_type: str) -> None:
    fake.set_fault(fault)
    answer = post(fake, TOKEN, json={"appKey": fake.client_id, "appSecret": fake.client_secret})
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith(content_type)
    if fault == "rate_limited":
        assert answer.headers["retry-after"] == "1"


def test_hang_stops_with_the_server() -> None:
    """A hanging request does not keep the stand-in from stopping: once the request is
    in (an event the stand-in records), stop() ends it and the client sees the close."""
    import threading

    fake = FakeDingTalk(fault="hang").start()
    failures: list[BaseException] = []

    def client() -> None:
        try:
            with httpx.Client(trust_env=False, timeout=30) as c:
                c.post(fake.url + TOKEN, json={})
        except httpx.HTTPError as exc:
            failures.append(exc)

    worker = threading.Thread(target=client)
    worker.start()
    try:
        assert fake.wait_until(lambda f: ("POST", TOKEN) in f.requests)
    finally:
        fake.stop()
    worker.join(10)  # a bound for the failure case only: the close ends it at once
    assert not worker.is_alive()
    assert [type(exc) for exc in failures] == [httpx.RemoteProtocolError]


def test_fault_names() -> None:
    assert parse("refuse-upgrade") is Fault.REFUSE_UPGRADE
    assert parse(None) is None
    with pytest.raises(ValueError, match="known:"):
        parse("nope")


@pytest.mark.subprocess
@pytest.mark.parametrize(
    ("host", "prefix"),
    [
        ("127.0.0.1", "http://127.0.0.1:"),
        pytest.param("::1", "http://[::1]:", marks=pytest.mark.skipif("not _ipv6_available()")),
    ],
)
def test_cli_serves_until_interrupted(host: str, prefix: str) -> None:
    """``envmigrate fake-server`` prints its URL, answers, and exits 0 on Ctrl-C."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "envmigrate", "fake-server", "--port", "0", "--host", host],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith(prefix)
        with httpx.Client(trust_env=False, timeout=5) as client:
            assert client.post(url + TOKEN, json={}).status_code == 400
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=5)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def test_cli_unknown_fault_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    from envmigrate.entry import main

    assert main(["fake-server", "--fault", "nope"]) == 2
    assert "unknown fault" in capsys.readouterr().err


def test_acks_json_roundtrip(fake: FakeDingTalk) -> None:
    """Frames sent are DingTalk-shaped: data is a JSON document inside a string."""
    from envmigrate.credentials import Credentials
    from envmigrate.verify.run import Settings, verify_sets

    verify_sets([Credentials(fake.client_id, fake.client_secret, "x")], Settings(endpoint=fake.url))
    ping = fake.frames_sent[0]
    assert ping["specVersion"] == "1.0"
    assert ping["type"] == "SYSTEM"
    assert isinstance(json.loads(str(ping["data"])), dict)


def test_cli_help_lists_every_fault(capsys: pytest.CaptureFixture[str]) -> None:
    from envmigrate.entry import main

    main(["fake-server", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert all(fault.value in text for fault in Fault)


# --- faithful stand-in (issue 10, item 7) ------------------------------------------------------


def _ipv6_available() -> bool:
    import socket

    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


needs_ipv6 = pytest.mark.skipif(not _ipv6_available(), reason="no IPv6 loopback")


@needs_ipv6
def test_ipv6_urls_are_bracketed_and_verify_accepts_them() -> None:
    from envmigrate.credentials import Credentials
    from envmigrate.verify.run import Settings, verify_sets

    with FakeDingTalk(host="::1") as fake:
        assert fake.url.startswith("http://[::1]:")
        assert fake.ws_url.startswith("ws://[::1]:")
        creds = Credentials(fake.client_id, fake.client_secret, ".env")
        results, _ = verify_sets([creds], Settings(endpoint=fake.url, timeout=5, retries=0))
        assert int(results[0].exit_code) == 0
        assert fake.connections == 1


def _signature(fake: FakeDingTalk) -> tuple[object, ...]:
    """What one verification saw: classifications and the stream step's detail."""
    from envmigrate.credentials import Credentials
    from envmigrate.verify.run import Settings, verify_sets

    creds = Credentials(fake.client_id, fake.client_secret, ".env")
    timeout = 1.0 if fake.state.fault is Fault.HANG else 5.0
    settings = Settings(endpoint=fake.url, timeout=timeout, retries=0, first_frame_wait=4.0)
    results, _ = verify_sets([creds], settings)
    steps = results[0].steps
    return (tuple(s.failure.kind if s.failure else None for s in steps), steps[-1].detail)


@pytest.mark.parametrize("fault", list(Fault), ids=str)
def test_times_is_honoured_by_every_fault(fake: FakeDingTalk, fault: Fault) -> None:
    """``set_fault(name, times=1)``: the first verification meets the fault, the next one
    a well-behaved DingTalk (HTTP faults count per endpoint, gateway faults per upgrade)."""
    clean = _signature(fake)
    fake.set_fault(fault, times=1)
    faulty = _signature(fake)
    assert faulty != clean
    assert _signature(fake) == clean


def test_chunked_request_body_accepted(fake: FakeDingTalk) -> None:
    body = json.dumps({"appKey": fake.client_id, "appSecret": fake.client_secret}).encode()

    def pieces() -> object:
        yield body[:7]
        yield body[7:]

    with httpx.Client(trust_env=False, timeout=5) as client:
        answer = client.post(
            fake.url + TOKEN, content=pieces(), headers={"content-type": "application/json"}
        )
    assert answer.request.headers["transfer-encoding"] == "chunked"
    assert answer.status_code == 200
    assert "accessToken" in answer.json()


def test_only_the_gateway_path_is_a_websocket(fake: FakeDingTalk) -> None:
    """The SDK connects to the endpoint connections/open hands out (``/connect``); any
    other path is refused with 404, and the ticket stays unused."""
    import asyncio
    from urllib.parse import quote_plus

    from websockets.asyncio.client import connect
    from websockets.exceptions import InvalidStatus

    body = {"clientId": fake.client_id, "clientSecret": fake.client_secret, "subscriptions": []}
    opened = post(fake, OPEN, json=body).json()
    assert opened["endpoint"] == fake.ws_url + "/connect"

    async def upgrade(path: str) -> int:
        try:
            ticket = quote_plus(opened["ticket"])
            async with connect(f"{fake.ws_url}{path}?ticket={ticket}", proxy=None):
                return 101
        except InvalidStatus as refused:
            return refused.response.status_code

    assert asyncio.run(upgrade("/other")) == 404
    assert asyncio.run(upgrade("/")) == 404
    assert asyncio.run(upgrade("/connect")) == 101
    assert (fake.refused, fake.connections) == (2, 1)
