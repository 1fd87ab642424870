"""Real kills: SIGKILL/SIGTERM at random moments leave the old or the new file, nothing else.

Bounded loops (a fixed number of kills, each child with a timeout); they stop by themselves.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")

ROOT = Path(__file__).resolve().parent.parent
#: The child reads the file, says "ready", then writes ``copies`` times its bytes (big) to
#: a slow disk (every fsync takes 50 ms more), so that most kills land inside the write.
WRITER = """
import os, sys, time
if sys.argv[3] == "named":
    del os.O_TMPFILE
real_fsync = os.fsync
def slow_fsync(fd):
    time.sleep(0.05)
    real_fsync(fd)
os.fsync = slow_fsync
from envmigrate import fileio
snapshot = fileio.read(sys.argv[1])
data = snapshot.data.replace(b"DINGTALK_APP_KEY", b"DINGTALK_CLIENT_ID") * int(sys.argv[2])
print("ready", flush=True)
fileio.write_atomic(snapshot, data)
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _old_bytes(lines: int) -> bytes:
    body = "".join(f"OTHER_{i}=value{i}\n" for i in range(lines))
    return f"DINGTALK_APP_KEY=abc\nDINGTALK_APP_SECRET=s3cret\n{body}".encode()


def _kill_at_random(proc: subprocess.Popen[bytes], window: float, number: int) -> None:
    time.sleep(random.uniform(0, window))
    if proc.poll() is None:
        proc.send_signal(number)
    proc.wait(timeout=60)


def _assert_old_or_new(path: Path, old: bytes, new: bytes) -> bool:
    """The file is exactly old or new, alone in its folder; True when it is new."""
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    data = path.read_bytes()
    assert data in (old, new), f"partial file: {len(data)} bytes"
    if data == new:
        path.write_bytes(old)
        return True
    return False


@pytest.mark.parametrize(
    ("temp", "signals", "kills"),
    [
        ("unnamed", (signal.SIGKILL, signal.SIGTERM), 36),
        ("named", (signal.SIGTERM, signal.SIGINT), 12),
    ],
)
def test_killed_writer_leaves_old_or_new(
    tmp_path: Path, temp: str, signals: tuple[int, ...], kills: int
) -> None:
    """Kills land while a big file is being written (after the child has read it)."""
    if temp == "unnamed" and not hasattr(os, "O_TMPFILE"):
        pytest.skip("no O_TMPFILE")
    rng = random.Random(9)
    path = tmp_path / ".env"
    old = _old_bytes(2000)
    copies = 100  # about 4 MB to write
    new = old.replace(b"DINGTALK_APP_KEY", b"DINGTALK_CLIENT_ID") * copies
    path.write_bytes(old)
    outcomes = {False: 0, True: 0}
    window = _timed(path, copies, temp)
    for i in range(kills):
        path.chmod(0o640)
        with subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(copies), temp],
            env=_env(),
            stdout=subprocess.PIPE,
        ) as proc:
            assert proc.stdout is not None
            assert proc.stdout.readline() == b"ready\n"
            random.seed(rng.random())
            _kill_at_random(proc, window, signals[i % len(signals)])
        outcomes[_assert_old_or_new(path, old, new)] += 1
        assert proc.returncode != 0 or outcomes[True]
    assert outcomes[False] > 0, "no kill landed before the rename: the test proves nothing"


def _timed(path: Path, copies: int, temp: str) -> float:
    """How long one undisturbed write takes here, from "ready" to exit (the kill window)."""
    old = path.read_bytes()
    with subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(copies), temp],
        env=_env(),
        stdout=subprocess.PIPE,
    ) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"ready\n"
        start = time.monotonic()
        assert proc.wait(timeout=60) == 0
        elapsed = time.monotonic() - start
    assert path.read_bytes() != old
    path.write_bytes(old)
    return elapsed


def test_killed_migrate_leaves_old_or_new(tmp_path: Path) -> None:
    """The real command on a big file, killed anywhere from start-up to exit."""
    rng = random.Random(10)
    path = tmp_path / ".env"
    old = _old_bytes(5000)
    path.write_bytes(old)
    command = [sys.executable, "-m", "envmigrate", "migrate", "--yes", "--no-verify", ".env"]
    start = time.monotonic()
    subprocess.run(command, cwd=tmp_path, env=_env(), capture_output=True, check=True, timeout=120)
    window = time.monotonic() - start
    new = path.read_bytes()
    assert new != old
    path.write_bytes(old)
    for i in range(12):
        with subprocess.Popen(
            command, cwd=tmp_path, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ) as proc:
            random.seed(rng.random())
            _kill_at_random(proc, window, (signal.SIGKILL, signal.SIGTERM)[i % 2])
        _assert_old_or_new(path, old, new)
