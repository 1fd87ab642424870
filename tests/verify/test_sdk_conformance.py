"""The official dingtalk-stream SDK, pointed at the stand-in, gets a token, connects,
receives the ping, and its ack reaches the stand-in: the stand-in speaks the protocol."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from envmigrate.testing import FakeDingTalk

pytest.importorskip("dingtalk_stream")

SDK_CLIENT = """
import asyncio, sys
import dingtalk_stream

credential = dingtalk_stream.Credential(sys.argv[1], sys.argv[2])
client = dingtalk_stream.DingTalkStreamClient(credential)
print("token:", bool(client.get_access_token()), flush=True)
asyncio.run(client.start())
"""
HARD_TIMEOUT = 10.0


@pytest.mark.subprocess
def test_official_sdk_connects_and_acks(fake: FakeDingTalk) -> None:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["DINGTALK_OPENAPI_ENDPOINT"] = fake.url  # read by the SDK at import time
    proc = subprocess.Popen(
        [sys.executable, "-c", SDK_CLIENT, fake.client_id, fake.client_secret],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        ack = fake.wait_for_ack(HARD_TIMEOUT)
    finally:
        proc.kill()
        out, _ = proc.communicate(timeout=5)
    assert "token: True" in out
    ping = fake.frames_sent[0]
    assert ack is not None, "the SDK never acknowledged the stand-in's ping"
    assert ack["code"] == 200
    assert ack["headers"]["messageId"] == ping["headers"]["messageId"]  # type: ignore[index]
    assert json.loads(str(ack["data"])) == json.loads(str(ping["data"]))
    assert ("POST", "/v1.0/gateway/connections/open") in fake.requests
    assert fake.connections == 1


@pytest.mark.subprocess
def test_official_sdk_sees_rejection(fake: FakeDingTalk) -> None:
    """With wrong credentials the SDK gets no token (the stand-in answers 400 as DingTalk)."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["DINGTALK_OPENAPI_ENDPOINT"] = fake.url
    script = SDK_CLIENT.split("asyncio.run")[0]
    result = subprocess.run(
        [sys.executable, "-c", script, fake.client_id, "wrong-secret"],
        capture_output=True,
        text=True,
        env=env,
        timeout=HARD_TIMEOUT,
        check=False,
    )
    assert "token: False" in result.stdout
