"""Sentinel secret, token and ticket: absent from stdout, stderr and every log record,
for every fault, both formats, verbose mode and debug logging of httpx and websockets."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from envmigrate.entry import main
from envmigrate.testing import FakeDingTalk, Fault

from .conftest import CLIENT_ID, SECRET, assert_no_sentinel


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("fault", [None, *Fault])
def test_no_secret_anywhere(
    fake: FakeDingTalk,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    fault: Fault | None,
    fmt: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.set_fault(fault)
    env = tmp_path / ".env"
    env.write_text(f"DINGTALK_CLIENT_ID={CLIENT_ID}\nDINGTALK_CLIENT_SECRET={SECRET}\n")
    args = ["verify", "-v", "--endpoint", fake.url, "--timeout", "1", "--retries", "1"]
    main([*args, "--format", fmt, str(env)])
    captured = capsys.readouterr()
    records = "\n".join(
        f"{r.getMessage()} {r.exc_text or ''} {r.stack_info or ''}" for r in caplog.records
    )
    assert_no_sentinel(captured.out, captured.err, caplog.text, records)


def test_debug_logs_of_the_libraries_are_scrubbed(
    fake: FakeDingTalk, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """websockets logs the handshake request line (with the ticket) at debug level."""
    caplog.set_level(logging.DEBUG)
    env = tmp_path / ".env"
    env.write_text(f"DINGTALK_CLIENT_ID={CLIENT_ID}\nDINGTALK_CLIENT_SECRET={SECRET}\n")
    assert main(["verify", "--endpoint", fake.url, str(env)]) == 0
    assert any("ticket=****" in r.getMessage() for r in caplog.records)
    assert_no_sentinel(caplog.text)


def test_credentials_repr_hides_secret() -> None:
    from envmigrate.credentials import Credentials

    assert_no_sentinel(repr(Credentials(CLIENT_ID, SECRET, ".env")))
