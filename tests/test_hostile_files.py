"""FIFOs, devices and endless files: never a hang, never unbounded memory, one clear line.

Every case runs the real command in a subprocess with a timeout, so a regression fails
instead of hanging the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from envmigrate import fileio
from envmigrate.errors import InputError

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev/zero")
ROOT = Path(__file__).resolve().parent.parent
ENV = b"DINGTALK_APP_KEY=abc\n"


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "envmigrate", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=30,  # a hang fails the test
    )


def one_error_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    errors = [ln for ln in result.stderr.splitlines() if "error" in ln]
    assert len(errors) == 1, result.stderr
    for word in words:
        assert word in errors[0]


@pytest.mark.parametrize("make", ["fifo", "zero", "null"])
def test_named_special_env_file(tmp_path: Path, make: str) -> None:
    _special(tmp_path / ".env", make)
    for command in (["check"], ["migrate", "--yes", "--no-verify"]):
        one_error_line(run(tmp_path, *command, ".env"), ".env", "not a regular file")


@pytest.mark.parametrize("make", ["fifo", "zero"])
def test_config_special_file(tmp_path: Path, make: str) -> None:
    (tmp_path / ".env").write_bytes(ENV)
    config = _special(tmp_path / "conf.toml", make)
    one_error_line(run(tmp_path, "check", "--config", str(config), ".env"), "not a regular file")


def test_config_dev_zero(tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes(ENV)
    one_error_line(run(tmp_path, "check", "--config", "/dev/zero", ".env"), "/dev/zero")


def test_config_too_big(tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes(ENV)
    config = tmp_path / "conf.toml"
    config.write_bytes(b"# " + b"x" * (2 << 20) + b"\n")
    one_error_line(run(tmp_path, "check", "--config", str(config), ".env"), "larger than")


@pytest.mark.parametrize("make", ["fifo", "zero"])
@pytest.mark.parametrize("name", [".gitignore", "pyproject.toml", ".env", "app.py"])
def test_special_files_found_in_a_walk_are_skipped(tmp_path: Path, make: str, name: str) -> None:
    """A folder walk never blocks on a FIFO or reads /dev/zero, whatever its name; one named
    like an env file is reported (exit 2), the others are not files the user asked for."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "real.env").write_bytes(ENV)
    (tmp_path / "main.py").write_text('import os\nos.environ["DINGTALK_APP_KEY"]\n')
    _special(tmp_path / name, make)
    result = run(tmp_path, "check")
    if name == ".env":  # named like an env file: reported as unusable, never opened
        assert result.returncode == 2, result.stderr
        assert ".env: not a regular file (a " in result.stderr
    else:
        assert result.returncode == 1, result.stderr  # the findings of the real files
    assert "Traceback" not in result.stderr
    assert "real.env" in result.stdout
    assert "main.py" in result.stdout


def _special(path: Path, make: str) -> Path:
    if make == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(f"/dev/{make}")
    return path


# -- the reader itself ----------------------------------------------------------------------


def test_reader_refuses_before_opening_a_fifo(tmp_path: Path) -> None:
    """No writer on the FIFO: a blocking open would hang; stat comes first."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=r"not a regular file \(a FIFO\)"):
        fileio.read(fifo)


def test_reader_refuses_a_device(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"not a regular file \(a device\)"):
        fileio.read("/dev/zero")


def test_reader_notices_a_file_that_grows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """fstat said N bytes but more arrived: refused, never read without bound."""
    path = tmp_path / ".env"
    path.write_bytes(ENV)
    real_fstat = os.fstat

    def smaller(fd: int) -> os.stat_result:
        info = list(real_fstat(fd))
        info[6] -= 5  # st_size
        return os.stat_result(info)

    monkeypatch.setattr(fileio.os, "fstat", smaller)
    with pytest.raises(InputError, match="grew while being read"):
        fileio.read(path)


def test_reader_reads_exactly_size_plus_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / ".env"
    path.write_bytes(ENV * 100)
    asked: list[int] = []
    real_read = os.read

    def spy(fd: int, count: int) -> bytes:
        asked.append(count)
        return real_read(fd, count)

    monkeypatch.setattr(fileio.os, "read", spy)
    assert fileio.read(path).data == ENV * 100
    assert sum(asked[:1]) == len(ENV) * 100 + 1
    assert max(asked) <= len(ENV) * 100 + 1


def test_every_file_read_goes_through_the_reader() -> None:
    """No module opens a user's file by itself: open()/read_text/read_bytes live in fileio."""
    offenders = []
    for path in (ROOT / "envmigrate").rglob("*.py"):
        if path.name == "fileio.py" or "fake" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ("open(", ".read_text(", ".read_bytes(", "os.read("):
            for line in text.splitlines():
                if needle in line and "fileio." not in line and "packaged" not in line:
                    offenders.append(f"{path.relative_to(ROOT)}: {line.strip()}")
    assert offenders == []


@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_listed_file_swapped_for_a_special_file_is_refused(tmp_path: Path, special: str) -> None:
    """A walk saw a regular file, then a FIFO or a device took its place: the reader,
    which trusts the listing for its first stat, still never blocks or reads it."""
    path = tmp_path / "app.py"
    if special == "fifo":
        os.mkfifo(path)  # no writer: a blocking open would hang
    else:
        path.symlink_to(special)
    seen = fileio.Seen(every=True)
    for read in (
        lambda: fileio.read(path, listed=True),
        lambda: fileio.read_first(path, seen, listed=True),
    ):
        with pytest.raises(InputError, match=r"not a regular file \(a (FIFO|device)\)"):
            read()
