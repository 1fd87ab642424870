"""Loopback-only fixtures: no proxy variables, a DingTalk stand-in per test, sentinels."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pytest

from envmigrate.testing import FakeDingTalk
from envmigrate.verify import proxy

#: Sentinels for every secret of a run: none may appear in any output or log record.
SECRET = "S3NT1NEL-client-secret-4a5b6c"
TOKEN_PREFIX = "S3NT1NEL-access-token"
TICKET_PREFIX = "S3NT1NEL-ticket/+="
SENTINELS = ("S3NT1NEL", "S3NT1NEL-client-secret-4a5b6c")
CLIENT_ID = "dingtestclientid0001"


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing may try to leave the machine through a proxy from the outer environment."""
    for name in list(os.environ):
        if name.lower().endswith("_proxy"):
            monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake() -> Iterator[FakeDingTalk]:
    """A stand-in on 127.0.0.1 whose secret, tokens and tickets are sentinels."""
    stand_in = FakeDingTalk(
        client_id=CLIENT_ID,
        client_secret=SECRET,
        token_prefix=TOKEN_PREFIX,
        ticket_prefix=TICKET_PREFIX,
    )
    stand_in.start()
    try:
        yield stand_in
    finally:
        stand_in.stop()


def assert_no_sentinel(*texts: str) -> None:
    """No sentinel (plain or URL-quoted) in any of the texts."""
    for text in texts:
        assert "S3NT1NEL" not in text


def hide_socks_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make importing the socks extra's modules fail, as when it is not installed."""
    for module in proxy.SOCKS_MODULES:
        monkeypatch.setitem(sys.modules, module, None)
