"""The Stream probe against the loopback stand-in: upgrade, acks, faults, proxies."""

from __future__ import annotations

import asyncio
import json

import pytest
from websockets.datastructures import Headers
from websockets.exceptions import InvalidStatus, InvalidURI
from websockets.http11 import Response

from envmigrate.credentials import Credentials
from envmigrate.testing import FakeDingTalk
from envmigrate.verify import classify
from envmigrate.verify.results import Kind, ProbeFailure, SetResult
from envmigrate.verify.run import Settings, verify_sets
from envmigrate.verify.stream_probe import handshake

from .conftest import assert_no_sentinel

#: The probe stops waiting at the first SYSTEM frame: a long wait costs nothing when the
#: stand-in sends one, and no test depends on how fast a loaded machine delivers it.
EVENT_WAIT = 4.0


def run(fake: FakeDingTalk, **settings: object) -> SetResult:
    creds = Credentials(fake.client_id, fake.client_secret, ".env")
    options = {"timeout": 5.0, "retries": 1, "first_frame_wait": EVENT_WAIT, **settings}
    results, secrets = verify_sets([creds], Settings(endpoint=fake.url, **options))  # type: ignore[arg-type]
    assert_no_sentinel(json.dumps(results[0].to_dict(secrets.values)))
    return results[0]


def test_ping_answered_like_the_sdk(fake: FakeDingTalk) -> None:
    """One ack: code 200, the ping's messageId and data string, then a clean close (1000)."""
    result = run(fake)
    assert int(result.exit_code) == 0
    assert fake.wait_for_closes(1) == [1000]
    ping = fake.frames_sent[0]
    ack = fake.acks[0]
    assert ack == {
        "code": 200,
        "headers": {"contentType": "application/json", "messageId": ping["headers"]["messageId"]},  # type: ignore[index]
        "message": "OK",
        "data": ping["data"],
    }


def test_application_frames_never_acked(fake: FakeDingTalk) -> None:
    """EVENT and CALLBACK frames stay unacknowledged: the bot gets them redelivered."""
    fake.set_fault("app_traffic")
    result = run(fake)
    assert int(result.exit_code) == 0
    assert fake.wait_for_closes(1) == [1000]  # every ack it sent is recorded by now
    sent = {f["type"]: f["headers"]["messageId"] for f in fake.frames_sent}  # type: ignore[index]
    acked = [a["headers"]["messageId"] for a in fake.acks]  # type: ignore[index]
    assert acked == [sent["SYSTEM"]]
    assert "left unacknowledged" in result.steps[1].detail


def test_disconnect_frame_acked_then_closed(fake: FakeDingTalk) -> None:
    fake.set_fault("disconnect")
    result = run(fake)
    assert int(result.exit_code) == 0
    assert "disconnect acknowledged" in result.steps[1].detail
    assert len(fake.wait_for_closes(1)) == 1
    assert len(fake.acks) == 1


def test_no_first_frame_is_fine(fake: FakeDingTalk) -> None:
    """The upgrade is the proof: with no wait for frames the step still succeeds."""
    result = run(fake, first_frame_wait=0.0)
    assert result.steps[1].ok


def test_refused_upgrade_is_ticket_rejected(fake: FakeDingTalk) -> None:
    fake.set_fault("refuse_upgrade")
    result = run(fake)
    assert result.steps[1].failure is not None
    assert result.steps[1].failure.kind is Kind.TICKET_REJECTED
    assert int(result.exit_code) == 1


def test_reused_ticket_refused(fake: FakeDingTalk) -> None:
    """Tickets are one-time: a made-up or reused one is refused with 403."""
    with pytest.raises(ProbeFailure) as caught:
        asyncio.run(handshake(fake.ws_url + "/connect", "S3NT1NEL-bogus", first_frame_wait=0))
    assert caught.value.kind is Kind.TICKET_REJECTED
    assert_no_sentinel(str(caught.value))


def test_closed_at_once_is_reported(fake: FakeDingTalk) -> None:
    fake.set_fault("close_websocket")
    result = run(fake)
    assert result.steps[1].ok
    assert (
        "the gateway then closed the connection (code 1011, server error)" in result.steps[1].detail
    )


def test_proxy_variables_honoured_for_http_and_websocket(
    fake: FakeDingTalk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dead proxy in the environment makes both steps unreachable: both used it."""
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    result = run(fake, retries=0)
    kinds = [s.failure.kind if s.failure else None for s in result.steps]
    assert kinds == [Kind.NETWORK_UNREACHABLE, Kind.NETWORK_UNREACHABLE]
    assert fake.requests == []


def test_websocket_uses_proxy(fake: FakeDingTalk, monkeypatch: pytest.MonkeyPatch) -> None:
    """The WebSocket handshake alone goes through the proxy variables too."""
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    with pytest.raises(ProbeFailure) as caught:
        asyncio.run(handshake(fake.ws_url + "/connect", "t", first_frame_wait=0))
    assert caught.value.kind is Kind.NETWORK_UNREACHABLE


def _status(code: int) -> InvalidStatus:
    return InvalidStatus(Response(code, "x", Headers(), b""))


WS_ERRORS = [
    pytest.param(_status(403), Kind.TICKET_REJECTED, id="403"),
    pytest.param(_status(401), Kind.TICKET_REJECTED, id="401"),
    pytest.param(_status(429), Kind.RATE_LIMITED, id="429"),
    pytest.param(_status(502), Kind.SERVICE_ERROR, id="502"),
    pytest.param(_status(302), Kind.PROTOCOL_ERROR, id="302"),
    pytest.param(
        InvalidURI("wss://x?ticket=S3NT1NEL", "bad"), Kind.PROTOCOL_ERROR, id="invalid-uri"
    ),
    pytest.param(ConnectionRefusedError(111, "refused"), Kind.NETWORK_UNREACHABLE, id="refused"),
    pytest.param(TimeoutError(), Kind.TIMEOUT, id="timeout"),
]


@pytest.mark.parametrize(("exc", "kind"), WS_ERRORS)
def test_ws_error_classification(exc: BaseException, kind: Kind) -> None:
    failure = classify.from_ws_error(exc)
    assert failure.kind is kind
    assert_no_sentinel(str(failure), failure.detail)
