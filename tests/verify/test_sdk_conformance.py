"""The official dingtalk-stream SDK, pointed at the stand-in, behaves against every fault as
it would against DingTalk: the stand-in speaks the protocol, faults included.

Every test waits for an event the stand-in records (a request, an upgrade, a refusal, an
ack, a close) or for the SDK's own output; none waits for time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from envmigrate.testing import FakeDingTalk
from envmigrate.verify.fake.faults import Fault

pytest.importorskip("dingtalk_stream")

#: Asks for a token twice (the second call shows whether the stand-in recovered), prints
#: both results, then (argv[3] == "stream") runs the Stream client until killed.
SDK_CLIENT = """
import asyncio, sys
import dingtalk_stream

credential = dingtalk_stream.Credential(sys.argv[1], sys.argv[2])
client = dingtalk_stream.DingTalkStreamClient(credential)
def token():
    try:
        return str(bool(client.get_access_token()))
    except ValueError:
        return "error"
print("token:", token(), token(), flush=True)
if sys.argv[3] == "stream":
    asyncio.run(client.start())
"""
HARD_TIMEOUT = 10.0
OPEN = ("POST", "/v1.0/gateway/connections/open")
TOKEN = ("POST", "/v1.0/oauth2/accessToken")


@contextmanager
def sdk(
    fake: FakeDingTalk, *, stream: bool, secret: str | None = None
) -> Iterator[subprocess.Popen[str]]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["DINGTALK_OPENAPI_ENDPOINT"] = fake.url  # read by the SDK at import time
    mode = "stream" if stream else "token"
    proc = subprocess.Popen(
        [sys.executable, "-c", SDK_CLIENT, fake.client_id, secret or fake.client_secret, mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        yield proc
    finally:
        proc.kill()
        proc.communicate(timeout=5)


def tokens(proc: subprocess.Popen[str]) -> str:
    """The SDK's first output line (an event: it blocks until the SDK printed it)."""
    assert proc.stdout is not None
    return proc.stdout.readline().strip()


def ping_acked(fake: FakeDingTalk) -> Callable[[FakeDingTalk], bool]:
    """True once the latest SYSTEM ping the stand-in sent has an ack with code 200."""

    def check(f: FakeDingTalk) -> bool:
        pings = [
            frame["headers"]["messageId"]  # type: ignore[index]
            for frame in f.frames_sent
            if frame["type"] == "SYSTEM" and frame["headers"]["topic"] == "ping"  # type: ignore[index]
        ]
        acked = {a["headers"]["messageId"]: a["code"] for a in f.acks}  # type: ignore[index]
        return bool(pings) and acked.get(pings[-1]) == 200

    return check


def test_official_sdk_connects_and_acks(fake: FakeDingTalk) -> None:
    with sdk(fake, stream=True) as proc:
        assert tokens(proc) == "token: True True"
        assert fake.wait_until(ping_acked(fake), HARD_TIMEOUT), "the SDK never acked the ping"
    ping, ack = fake.frames_sent[0], fake.acks[0]
    assert ack["headers"]["messageId"] == ping["headers"]["messageId"]  # type: ignore[index]
    assert json.loads(str(ack["data"])) == json.loads(str(ping["data"]))
    assert OPEN in fake.requests
    assert fake.connections == 1


def test_official_sdk_sees_rejection(fake: FakeDingTalk) -> None:
    """With wrong credentials the SDK gets no token (the stand-in answers 400 as DingTalk)."""
    with sdk(fake, stream=False, secret="wrong-secret") as proc:
        assert tokens(proc) == "token: False False"


#: HTTP faults: what the SDK's two token requests return.
HTTP_OUTCOMES = {
    Fault.REJECT_CREDENTIALS: "token: False False",
    Fault.SERVER_ERROR: "token: False False",
    Fault.RATE_LIMITED: "token: False False",
    Fault.HTML_ERROR: "token: False False",
    Fault.MALFORMED_JSON: "token: error error",
    Fault.FLAKY: "token: False True",  # 503 once, then the real answer
}


@pytest.mark.subprocess
@pytest.mark.parametrize("fault", sorted(HTTP_OUTCOMES), ids=str)
def test_sdk_against_http_faults(fake: FakeDingTalk, fault: Fault) -> None:
    fake.set_fault(fault)
    with sdk(fake, stream=False) as proc:
        assert tokens(proc) == HTTP_OUTCOMES[fault]
    assert fake.requests == [TOKEN, TOKEN]


@pytest.mark.subprocess
def test_sdk_against_hang(fake: FakeDingTalk) -> None:
    """The token request reaches the stand-in and is never answered (the SDK waits)."""
    fake.set_fault("hang")
    with sdk(fake, stream=False) as proc:
        assert fake.wait_until(lambda f: TOKEN in f.requests, HARD_TIMEOUT)
        assert proc.poll() is None
    assert fake.requests == [TOKEN]


@pytest.mark.subprocess
def test_sdk_against_refused_upgrade(fake: FakeDingTalk) -> None:
    fake.set_fault("refuse_upgrade")
    with sdk(fake, stream=True) as proc:
        assert tokens(proc) == "token: True True"
        assert fake.wait_until(lambda f: f.refused >= 1, HARD_TIMEOUT)
    assert (fake.connections, fake.acks) == (0, [])


@pytest.mark.subprocess
def test_sdk_against_close_at_once(fake: FakeDingTalk) -> None:
    """The gateway closes with 1011 right after the upgrade: the SDK sees the close."""
    fake.set_fault("close_websocket")
    with sdk(fake, stream=True):
        assert fake.wait_until(lambda f: len(f.closes) >= 1, HARD_TIMEOUT)
    assert (fake.connections, fake.acks, fake.closes) == (1, [], [1011])


@pytest.mark.subprocess
def test_sdk_against_disconnect_reconnects_once(fake: FakeDingTalk) -> None:
    """The SDK acks the disconnect, reconnects with a new ticket, and the stand-in (like the
    service after a restart) then pings: two connections, not a reconnect storm."""
    fake.set_fault("disconnect")
    with sdk(fake, stream=True):
        assert fake.wait_until(ping_acked(fake), HARD_TIMEOUT)
        assert fake.connections == 2
    topics = [f["headers"]["topic"] for f in fake.frames_sent]  # type: ignore[index]
    assert topics == ["disconnect", "ping"]
    assert fake.acks[0]["headers"]["messageId"] == fake.frames_sent[0]["headers"]["messageId"]  # type: ignore[index]


@pytest.mark.subprocess
def test_sdk_against_app_traffic(fake: FakeDingTalk) -> None:
    """EVENT and CALLBACK frames first: the SDK without handlers still acks the ping."""
    fake.set_fault("app_traffic")
    with sdk(fake, stream=True):
        assert fake.wait_until(ping_acked(fake), HARD_TIMEOUT)
    callback = next(f for f in fake.frames_sent if f["type"] == "CALLBACK")
    acked = [a["headers"]["messageId"] for a in fake.acks]  # type: ignore[index]
    assert callback["headers"]["messageId"] not in acked  # type: ignore[index]


def test_every_fault_is_covered() -> None:
    """Each fault has its SDK test above (a new fault needs one)."""
    covered = {
        *HTTP_OUTCOMES,
        Fault.HANG,
        Fault.REFUSE_UPGRADE,
        Fault.CLOSE_WEBSOCKET,
        Fault.DISCONNECT,
        Fault.APP_TRAFFIC,
    }
    assert covered == set(Fault)
