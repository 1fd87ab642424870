"""Safe reads and atomic writes: the user's file is never left half-written."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from envmigrate import fileio
from envmigrate.errors import InputError, WriteError

ORIGINAL = b"DINGTALK_APP_KEY=a\r\n"
NEW = b"DINGTALK_CLIENT_ID=a\r\n"


@pytest.fixture
def env_file(tmp_path: Path) -> Path:
    path = tmp_path / ".env"
    path.write_bytes(ORIGINAL)
    path.chmod(0o600)
    return path


def test_write_keeps_mode_and_bytes(env_file: Path) -> None:
    fileio.write_atomic(fileio.read(env_file), NEW)
    assert env_file.read_bytes() == NEW
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    assert [p.name for p in env_file.parent.iterdir()] == [".env"]  # no temp file left


def test_write_through_symlink_keeps_the_link(env_file: Path) -> None:
    link = env_file.parent / "link.env"
    link.symlink_to(env_file.name)
    fileio.write_atomic(fileio.read(link), NEW)
    assert link.is_symlink()
    assert env_file.read_bytes() == NEW


def test_refuses_when_changed_on_disk(env_file: Path) -> None:
    snapshot = fileio.read(env_file)
    env_file.write_bytes(b"EDITED=1\n")
    with pytest.raises(WriteError, match="changed on disk since it was read"):
        fileio.write_atomic(snapshot, NEW)
    assert env_file.read_bytes() == b"EDITED=1\n"


def test_backup_is_kept_and_never_overwritten(env_file: Path) -> None:
    fileio.write_atomic(fileio.read(env_file), NEW, backup=True)
    backup = env_file.with_name(".env.bak")
    assert backup.read_bytes() == ORIGINAL
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    with pytest.raises(WriteError, match="backup already exists"):
        fileio.write_atomic(fileio.read(env_file), ORIGINAL, backup=True)
    assert env_file.read_bytes() == NEW


def test_interrupt_during_write_leaves_original(
    env_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C between writing the temp file and the rename: still the old file, no litter."""

    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(fileio.os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        fileio.write_atomic(fileio.read(env_file), NEW)
    assert env_file.read_bytes() == ORIGINAL
    assert [p.name for p in env_file.parent.iterdir()] == [".env"]


def test_read_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        fileio.read(tmp_path / "missing")
    with pytest.raises(InputError, match="is a directory"):
        fileio.read(tmp_path)


def test_unreadable(env_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission errors become one clear line (simulated: the tests may run as root)."""

    def denied(*args: object) -> int:
        raise PermissionError(13, "Permission denied", str(env_file))

    monkeypatch.setattr(fileio.os, "open", denied)
    with pytest.raises(InputError, match="permission denied"):
        fileio.read(env_file)


def test_read_refuses_oversized(env_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fileio, "MAX_BYTES", 4)
    with pytest.raises(InputError, match="larger than"):
        fileio.read(env_file)


def test_read_refuses_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.env"
    os.mkfifo(fifo)
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        with pytest.raises(InputError, match="not a regular file"):
            fileio.read(fifo)
    finally:
        os.close(fd)


# -- reports (--output-file) and CI files ------------------------------------------------


def test_write_report_creates_replaces_and_keeps_mode(tmp_path: Path) -> None:
    from envmigrate import fileio

    report = tmp_path / "report.sarif"
    fileio.write_report(report, b"one")
    assert report.read_bytes() == b"one"
    report.chmod(0o600)
    fileio.write_report(report, b"two")
    assert report.read_bytes() == b"two"
    assert stat.S_IMODE(report.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.sarif"]


def test_write_report_failure_leaves_the_old_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from envmigrate import fileio
    from envmigrate.errors import WriteError

    report = tmp_path / "report.md"
    report.write_bytes(b"old")

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(fileio.os, "replace", broken)
    with pytest.raises(WriteError, match=r"report\.md"):
        fileio.write_report(report, b"new")
    assert report.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_write_report_refuses_a_directory(tmp_path: Path) -> None:
    from envmigrate import fileio
    from envmigrate.errors import WriteError

    with pytest.raises(WriteError, match="is a directory"):
        fileio.write_report(tmp_path, b"x")


def test_append_creates_then_appends(tmp_path: Path) -> None:
    from envmigrate import fileio

    path = tmp_path / "summary.md"
    fileio.append(path, "一\n".encode())
    fileio.append(path, b"two\n")
    assert path.read_text(encoding="utf-8") == "一\ntwo\n"
