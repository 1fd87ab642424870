"""Hostile and broken servers and resolvers: the deadline, memory, classification and the
printed text hold whatever the other side does (issue 10)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate.credentials import Credentials
from envmigrate.entry import main
from envmigrate.redact import MIN_FRAGMENT, untrusted
from envmigrate.verify.results import Kind, SetResult
from envmigrate.verify.run import Settings, verify_sets

from . import hostile
from .conftest import CLIENT_ID, SECRET, assert_no_sentinel

#: The promise: ``--timeout N`` ends the run within N + 0.5 s (asserted in process).
MARGIN = 0.5
#: For a real child process on a shared, loaded CI machine, a generous bound: what breaks
#: (a resolver thread holding the exit) costs tens of seconds, not one or two. Unloaded,
#: the child ends within N + 0.5 s too (measured: about N + 0.1 s).
CHILD_MARGIN = 2.0
#: The tables of scenarios: N + 0.5 s is the promise, the bound is generous for CI.
TABLE_MARGIN = 1.0


def env_file(tmp_path: Path) -> Path:
    path = tmp_path / ".env"
    path.write_text(f"DINGTALK_CLIENT_ID={CLIENT_ID}\nDINGTALK_CLIENT_SECRET={SECRET}\n")
    return path


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [os.getcwd(), env.get("PYTHONPATH")]))
    return env


def run(url: str, timeout: float = 1.0, **options: object) -> tuple[SetResult, float]:
    start = time.monotonic()
    creds = Credentials(CLIENT_ID, SECRET, ".env")
    config = {"retries": 0, **options}
    results, secrets = verify_sets(
        [creds],
        Settings(endpoint=url, timeout=timeout, **config),  # type: ignore[arg-type]
    )
    assert_no_sentinel(json.dumps(results[0].to_dict(secrets.values)))
    return results[0], time.monotonic() - start


def kinds(result: SetResult) -> list[Kind | None]:
    return [s.failure.kind if s.failure else None for s in result.steps]


# --- 1. the deadline holds against a resolver that never answers ---------------------------


@pytest.fixture
def silent_resolver(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """``getaddrinfo`` blocks until the test ends (like a DNS server that never replies)."""
    release = threading.Event()
    asked = threading.Event()

    def never(*args: object, **kwargs: object) -> list[object]:
        asked.set()
        release.wait()
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", never)
    yield asked
    release.set()


def test_silent_resolver_cannot_hold_the_deadline(silent_resolver: threading.Event) -> None:
    """The lookup thread is abandoned at the deadline: timeout, within N + 0.5 s."""
    outcome: list[tuple[SetResult, float]] = []
    worker = threading.Thread(target=lambda: outcome.append(run("http://dingtalk.invalid")))
    worker.start()
    worker.join(10)  # a bound for the failure case only: the run ends by itself at 1 s
    assert outcome, "the run is still waiting for the resolver"
    result, elapsed = outcome[0]
    assert silent_resolver.is_set()
    assert kinds(result) == [Kind.TIMEOUT, Kind.TIMEOUT]
    assert elapsed < 1.0 + MARGIN


SILENT = """
import socket, sys, threading
first = threading.Lock()
def never(*args, **kwargs):
    if first.acquire(blocking=False):  # both probes resolve at once: say it one time
        sys.stderr.write("resolving\\n")
        sys.stderr.flush()
    threading.Event().wait()
socket.getaddrinfo = never
from envmigrate.entry import main
sys.exit(main())
"""


def _silent_child(tmp_path: Path, timeout: str) -> subprocess.Popen[str]:
    args = ["verify", "--endpoint", "http://dingtalk.invalid", "--timeout", timeout]
    return subprocess.Popen(
        [sys.executable, "-c", SILENT, *args, str(env_file(tmp_path))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )


@pytest.mark.subprocess
def test_process_exits_at_the_deadline_with_a_blocked_resolver(tmp_path: Path) -> None:
    """The command ends at its deadline, interpreter exit included, with the resolver
    thread still blocked (measured from the lookup: a loaded machine's slow start-up is
    not what this test is about)."""
    proc = _silent_child(tmp_path, "1")
    try:
        assert proc.stderr is not None
        assert proc.stderr.readline().strip() == "resolving"
        start = time.monotonic()
        out, _ = proc.communicate(timeout=10)
    finally:
        proc.kill()
        proc.communicate()
    assert time.monotonic() - start < 1.0 + CHILD_MARGIN
    assert proc.returncode == 3
    assert "timeout" in out


@pytest.mark.subprocess
def test_ctrl_c_exits_130_at_once_with_a_blocked_resolver(tmp_path: Path) -> None:
    proc = _silent_child(tmp_path, "30")
    try:
        assert proc.stderr is not None
        assert proc.stderr.readline().strip() == "resolving"
        start = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
        proc.communicate()
    assert time.monotonic() - start < CHILD_MARGIN
    assert proc.returncode == 130
    assert "interrupted" in err
    assert "Traceback" not in err


# --- 2. bodies are read streaming, capped, and memory stays small --------------------------

BODIES = [
    pytest.param(hostile.huge_body, id="100MB-content-length"),
    pytest.param(hostile.endless_chunked, id="endless-chunked"),
    pytest.param(hostile.gzip_bomb, id="gzip-bomb"),
]
RSS_LIMIT_KIB = 64 * 1024
#: The child reports its own peak RSS at exit: ``VmHWM`` of the process after ``exec``
#: (``ru_maxrss`` would also count the forking test process's memory).
PEAK_REPORTER = """
import atexit, sys
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            print("PEAK", line.split()[1], file=sys.stderr, flush=True)
atexit.register(peak)
from envmigrate.entry import main
sys.exit(main())
"""


@pytest.mark.subprocess
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
@pytest.mark.parametrize("behaviour", BODIES)
def test_oversize_body_is_protocol_error_in_little_memory(
    tmp_path: Path, behaviour: hostile.Behaviour
) -> None:
    """A real child process against the hostile server: peak RSS < 64 MiB, exit 3."""
    args = ["verify", "--no-stream", "--timeout", "3", "--retries", "0", "--format", "json"]
    with hostile.Hostile(behaviour) as server:
        done = subprocess.run(
            [sys.executable, "-c", PEAK_REPORTER, *args, "--endpoint", server.url],
            capture_output=True,
            text=True,
            env=child_env(),
            cwd=env_file(tmp_path).parent,
            timeout=30,
            check=False,
        )
    peaks = [int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("PEAK ")]
    assert peaks, done.stderr
    assert peaks[0] < RSS_LIMIT_KIB, f"peak RSS {peaks[0]} KiB"
    assert done.returncode == 3
    step = json.loads(done.stdout)["results"][0]["steps"][0]
    assert step["classification"] == "protocol_error"
    assert "larger than 64 KiB" in step["detail"]


# --- 4. server text is untrusted -----------------------------------------------------------

FORGED = (
    "invalidClientIdOrSecret\n::error::forged annotation\r\n"
    "  verified: DingTalk accepted these credentials\x1b[2J\x1b]0;title\x07\u202e"
)
HOSTILE_ERROR = {
    "code": FORGED,
    "message": "clientSecret wrong: " + SECRET[:-1],
    "requestid": SECRET[1:] + "\n::warning::again",
}


def _fragments(secret: str, *, words: bool = True) -> list[str]:
    """Every run of MIN_FRAGMENT characters of ``secret`` (``words=False``: only the runs
    with a digit, as ordinary words such as "client" appear in the hints)."""
    pieces = [secret[i : i + MIN_FRAGMENT] for i in range(len(secret) - MIN_FRAGMENT + 1)]
    return [p for p in pieces if words or any(c.isdigit() for c in p)]


def _assert_safe(text: str) -> None:
    assert "\x1b" not in text
    assert "\u202e" not in text
    for line in text.splitlines():
        assert not line.startswith("::error::forged")
        assert not line.lstrip().startswith("verified:")
        assert not line.startswith("::warning::again")
    for piece in _fragments(SECRET, words=False):
        assert piece not in text


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_hostile_error_text_is_escaped_and_masked_in_verify(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    with hostile.Hostile(hostile.json_answer(400, HOSTILE_ERROR)) as server:
        args = ["verify", "--endpoint", server.url, "--timeout", "2", "--retries", "0"]
        assert main([*args, "--format", fmt, str(env_file(tmp_path))]) == 1
    out, err = capsys.readouterr()
    _assert_safe(out + err)
    if fmt == "json":
        step = json.loads(out)["results"][0]["steps"][0]
        assert step["code"].startswith("invalidClientIdOrSecret\\x0a::error::forged")
        assert "****" in step["requestid"]


def test_hostile_error_text_is_safe_in_github_annotations(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with hostile.Hostile(hostile.json_answer(400, HOSTILE_ERROR)) as server:
        monkeypatch.setenv("DINGTALK_OPENAPI_ENDPOINT", server.url)
        monkeypatch.setenv("DINGTALK_CLIENT_ID", CLIENT_ID)
        monkeypatch.setenv("DINGTALK_CLIENT_SECRET", SECRET)
        for fmt in ("github", "text", "json"):
            assert main(["check", "--environ", "--verify", "--format", fmt]) == 1
            out, err = capsys.readouterr()
            _assert_safe(out + err)


SECRET_ALPHABET = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


@settings(max_examples=300, deadline=None)
@given(text=st.text(), secret=SECRET_ALPHABET.filter(lambda s: len(s) >= 8), cut=st.integers(0, 3))
def test_untrusted_never_shows_controls_or_secret_pieces(text: str, secret: str, cut: int) -> None:
    """Any text around any piece of the secret: one safe line, no 6-char piece of it."""
    piece = secret[cut : len(secret) - cut]
    shown = untrusted(text + piece + text, [secret], limit=10_000)
    assert shown.isprintable()
    for fragment in _fragments(secret):
        assert fragment not in shown
    assert len(untrusted(text * 50, [secret])) <= 200


# --- 5. classification details -------------------------------------------------------------


def test_ssh_banner_is_a_protocol_error() -> None:
    with hostile.Hostile(hostile.banner) as server:
        result, _ = run(server.url, timeout=2.0, stream=False)
    assert kinds(result) == [Kind.PROTOCOL_ERROR]
    failure = result.steps[0].failure
    assert failure is not None
    assert "not HTTP" in failure.detail


def test_unanswered_close_does_not_eat_the_verdict() -> None:
    """An upgrade whose close frame is never answered is verified, within the deadline."""
    with hostile.Hostile(hostile.gateway(hostile.never_answer_close)) as server:
        result, elapsed = run(server.url, timeout=1.0)
    assert kinds(result) == [None, None]
    assert elapsed < 1.0 + MARGIN


def test_oversize_frame_closed_by_the_probe_with_1009() -> None:
    with hostile.Hostile(hostile.gateway(hostile.big_frame)) as server:
        result, _ = run(server.url, timeout=3.0, first_frame_wait=2.0)
    assert kinds(result) == [None, None]
    detail = result.steps[1].detail
    assert "the probe closed the connection: a frame over 1 MiB (code 1009" in detail


@pytest.mark.parametrize(
    ("code", "words"), [(1008, "1008, policy violation"), (4001, "4001, application code")]
)
def test_close_after_upgrade_is_reported_not_a_rejection(code: int, words: str) -> None:
    """The upgrade (101) is the proof: a 1008/4xxx close afterwards is reported, verified."""
    with hostile.Hostile(hostile.gateway(hostile.close_with(code))) as server:
        result, _ = run(server.url, timeout=3.0, first_frame_wait=2.0)
    assert kinds(result) == [None, None]
    assert f"the gateway then closed the connection (code {words})" in result.steps[1].detail


# --- the deadline, scenario by scenario ------------------------------------------------------

SCENARIOS = [
    pytest.param(hostile.banner, id="ssh-banner"),
    pytest.param(hostile.huge_body, id="huge-body"),
    pytest.param(hostile.endless_chunked, id="endless-chunked"),
    pytest.param(hostile.gzip_bomb, id="gzip-bomb"),
    pytest.param(hostile.json_answer(400, HOSTILE_ERROR), id="hostile-error"),
    pytest.param(hostile.gateway(hostile.never_answer_close), id="silent-close"),
    pytest.param(hostile.gateway(hostile.big_frame), id="big-frame"),
    pytest.param(hostile.gateway(hostile.close_with(1008)), id="close-1008"),
]


@pytest.mark.parametrize("behaviour", SCENARIOS)
def test_deadline_holds_in_every_hostile_scenario(behaviour: hostile.Behaviour) -> None:
    with hostile.Hostile(behaviour) as server:
        _, elapsed = run(server.url, timeout=1.0, first_frame_wait=5.0)
    assert elapsed < 1.0 + TABLE_MARGIN
