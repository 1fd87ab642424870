"""fileio's exact boundaries and places: the size limit to the byte, the temp file beside
the real target, one-line messages in full (issue 14 survivors)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from envmigrate import fileio
from envmigrate.errors import InputError, WriteError

NEW = b"DINGTALK_CLIENT_ID=a\n"


def test_the_documented_limit_is_16_mib() -> None:
    assert fileio.MAX_BYTES == 16 * 1024 * 1024


@pytest.mark.parametrize("limit", [0, 1, 7, 2**20 - 1, 2**20])
def test_limit_bytes_are_read_one_more_is_refused(tmp_path: Path, limit: int) -> None:
    path = tmp_path / "f.env"
    path.write_bytes(b"x" * limit)
    assert fileio.read(path, limit=limit).data == b"x" * limit
    path.write_bytes(b"x" * (limit + 1))
    size = f"{limit // 2**20} MiB" if limit >= 2**20 else f"{limit} bytes"
    with pytest.raises(InputError) as caught:
        fileio.read(path, limit=limit)
    assert str(caught.value) == f"{path}: larger than {size}; not read"


def test_default_limit_to_the_byte(tmp_path: Path) -> None:
    """A sparse file of exactly 16 MiB is read; one byte more is refused (default limit)."""
    path = tmp_path / "big.env"
    with path.open("wb") as f:
        f.truncate(fileio.MAX_BYTES)
    assert len(fileio.read(path).data) == fileio.MAX_BYTES
    with path.open("r+b") as f:
        f.truncate(fileio.MAX_BYTES + 1)
    with pytest.raises(InputError) as caught:
        fileio.read_bytes(path)
    assert str(caught.value) == f"{path}: larger than 16 MiB; not read"


def test_limit_is_looked_up_at_call_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "f.env"
    path.write_bytes(b"12345")
    monkeypatch.setattr(fileio, "MAX_BYTES", 5)
    assert fileio.read(path).data == b"12345"
    monkeypatch.setattr(fileio, "MAX_BYTES", 4)
    with pytest.raises(InputError, match=r"larger than 4 bytes; not read$"):
        fileio.read(path)


def test_snapshot_holds_what_the_write_needs(tmp_path: Path) -> None:
    path = tmp_path / "f.env"
    path.write_bytes(b"A=1\n")
    assert fileio.read(path) == fileio.Snapshot(path, b"A=1\n")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        ("missing", "no such file"),
        ("dir", "is a directory, expected a file"),
        ("device", "not a regular file (a device); not read"),
        ("socket", "not a regular file (a socket); not read"),
        ("fifo", "not a regular file (a FIFO); not read"),
    ],
)
def test_read_errors_in_full(tmp_path: Path, make: str, message: str) -> None:
    path: Path = tmp_path / "x"
    sock = None
    if make == "dir":
        path.mkdir()
    elif make == "device":
        path = Path(os.devnull)
        if not path.exists() or os.name != "posix":
            pytest.skip("no POSIX null device")
    elif make == "socket":
        if not hasattr(socket, "AF_UNIX"):
            pytest.skip("no Unix sockets")
        sock = socket.socket(socket.AF_UNIX)
        try:
            sock.bind(str(path))
        except OSError:
            sock.close()
            pytest.skip("socket path too long here")
    elif make == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs")
        os.mkfifo(path)
    try:
        with pytest.raises(InputError) as caught:
            fileio.read(path)
    finally:
        if sock is not None:
            sock.close()
    assert str(caught.value) == f"{path}: {message}"


def test_other_os_errors_name_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "f.env"
    path.write_bytes(b"A=1\n")

    def eio(*args: object, **kwargs: object) -> int:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(fileio.os, "open", eio)
    with pytest.raises(InputError) as caught:
        fileio.read(path)
    assert str(caught.value) == f"{path}: cannot read (Input/output error)"


def test_read_stops_at_end_of_file_in_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Short reads (a pipe-like file system) are joined; the data is exact."""
    path = tmp_path / "f.env"
    path.write_bytes(b"ABCDEFGHIJ")
    real_read = os.read
    monkeypatch.setattr(fileio.os, "read", lambda fd, n: real_read(fd, min(n, 3)))
    assert fileio.read(path).data == b"ABCDEFGHIJ"


def test_growth_while_reading_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "f.env"
    path.write_bytes(b"A=1\n")
    real_fstat = os.fstat

    def stale(fd: int) -> os.stat_result:
        info = list(real_fstat(fd))
        info[6] -= 1  # st_size: the file grew by a byte after fstat
        return os.stat_result(info)

    monkeypatch.setattr(fileio.os, "fstat", stale)
    with pytest.raises(InputError) as caught:
        fileio.read(path)
    assert str(caught.value) == f"{path}: grew while being read; try again when it is complete"


# -- the temp file is created beside the real target ------------------------------------------


def _watch_creates(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record the folder every created file (named or unnamed) is created in."""
    created: list[Path] = []
    real_open = os.open
    tmpfile = getattr(os, "O_TMPFILE", 0)

    def spy(path: str | Path, flags: int, *args: object, **kwargs: object) -> int:
        unnamed = bool(tmpfile) and flags & tmpfile == tmpfile
        if unnamed or flags & os.O_CREAT:
            created.append(Path(path) if unnamed else Path(path).parent)
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fileio.os, "open", spy)
    return created


def test_temp_file_is_beside_the_real_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, temp_kind: str
) -> None:
    """Through a symlink in another folder: the temp file is made in the target's folder
    (a rename across folders could cross file systems and would not be atomic)."""
    real = tmp_path / "real" / ".env"
    real.parent.mkdir()
    real.write_bytes(b"DINGTALK_APP_KEY=a\n")
    links = tmp_path / "links"
    links.mkdir()
    link = links / ".env"
    link.symlink_to(real)
    snapshot = fileio.read(link)
    created = _watch_creates(monkeypatch)
    renames: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def spy_replace(src: str, dst: str | Path) -> None:
        renames.append((Path(src), Path(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(fileio.os, "replace", spy_replace)
    fileio.write_atomic(snapshot, NEW, backup=True)
    assert [p.resolve() for p in created] == [real.parent.resolve()] * 2  # backup, file
    assert len(renames) == 1
    source, target = renames[0]
    assert source.parent.resolve() == real.parent.resolve()
    assert source.name.startswith("..env.envmigrate-")
    assert source.name.endswith(".tmp")
    assert target == real.resolve()
    assert real.read_bytes() == NEW
    assert link.is_symlink()
    assert sorted(p.name for p in real.parent.iterdir()) == [".env", ".env.bak"]
    assert sorted(p.name for p in links.iterdir()) == [".env"]


def test_report_temp_file_is_beside_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, temp_kind: str
) -> None:
    out = tmp_path / "out" / "report.json"
    out.parent.mkdir()
    created = _watch_creates(monkeypatch)
    fileio.write_report(out, b"{}", mode=0o640)
    assert [p.resolve() for p in created] == [out.parent.resolve()]
    assert out.read_bytes() == b"{}"
    assert out.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in out.parent.iterdir()] == ["report.json"]


def test_deleted_after_reading_is_not_recreated_in_full(tmp_path: Path, temp_kind: str) -> None:
    path = tmp_path / ".env"
    path.write_bytes(b"DINGTALK_APP_KEY=a\n")
    snapshot = fileio.read(path)
    path.unlink()
    with pytest.raises(WriteError) as caught:
        fileio.write_atomic(snapshot, NEW, backup=True)
    assert str(caught.value) == f"{path}: deleted since it was read; not written"
    assert list(tmp_path.iterdir()) == []


def test_replaced_by_a_folder_after_reading_is_refused(tmp_path: Path, temp_kind: str) -> None:
    path = tmp_path / ".env"
    path.write_bytes(b"DINGTALK_APP_KEY=a\n")
    snapshot = fileio.read(path)
    path.unlink()
    path.mkdir()
    with pytest.raises(WriteError) as caught:
        fileio.write_atomic(snapshot, NEW)
    assert str(caught.value) == f"{path}: changed on disk since it was read; not written"
    assert path.is_dir()
    assert list(path.iterdir()) == []
