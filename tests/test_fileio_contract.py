"""fileio's promises one by one, each with a test that fails when the promise breaks
(issue 14): where the temporary file lives and that nothing outlives a write, a file that
vanished between read and write, the size limit to the byte for files and for standard
input (a pipe, a FIFO), every message in full, and the branches other platforms take
(simulated by changing the facts ``os`` reports: no ``O_TMPFILE``, no ``/proc``, no
``fchmod``/``fchown``, a file system without unnamed files, Windows' sharing violations).
"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from envmigrate import fileio
from envmigrate.errors import InputError, WriteError

ORIGINAL = b"DINGTALK_APP_KEY=a\n"
NEW = b"DINGTALK_CLIENT_ID=a\n"
MIB16 = 16 * 1024 * 1024
HAS_TMPFILE = hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd")
posix_ids = pytest.mark.skipif(not hasattr(os, "fchown"), reason="no POSIX owners")


@pytest.fixture
def env_file(tmp_path: Path) -> Path:
    path = tmp_path / ".env"
    path.write_bytes(ORIGINAL)
    path.chmod(0o600)
    return path


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def open_fds() -> set[int]:
    for folder in ("/proc/self/fd", "/dev/fd"):
        if os.path.isdir(folder):
            return {int(n) for n in os.listdir(folder)}
    pytest.skip("cannot list this process's descriptors")


def message(caught: pytest.ExceptionInfo[Exception]) -> str:
    return str(caught.value)


def _fail(err: int, text: str | None = None) -> Callable[..., None]:
    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(err, os.strerror(err) if text is None else text)

    return boom


# -- reading: the size limit to the byte ------------------------------------------------------


@pytest.mark.parametrize("delta", [-1, 0, 1])
def test_default_limit_regular_file(tmp_path: Path, delta: int) -> None:
    """16 MiB - 1 and 16 MiB are read in full; 16 MiB + 1 is refused, in one line."""
    path = tmp_path / "big.env"
    with path.open("wb") as handle:
        handle.truncate(MIB16 + delta)  # sparse: no disk space needed
    if delta <= 0:
        data = fileio.read(path).data
        assert len(data) == MIB16 + delta
        assert data == bytes(len(data))
        return
    with pytest.raises(InputError) as caught:
        fileio.read(path)
    assert message(caught) == f"{path}: larger than 16 MiB; not read"


@pytest.mark.parametrize("delta", [-1, 0, 1])
@pytest.mark.parametrize("limit", [1, 100, 2**20 + 3])
def test_explicit_limit_to_the_byte(tmp_path: Path, limit: int, delta: int) -> None:
    path = tmp_path / "f"
    data = bytes(range(256)) * (limit // 256) + b"z" * (limit % 256 + delta)
    path.write_bytes(data)
    if delta <= 0:
        assert fileio.read_bytes(path, limit=limit) == data
        return
    size = "1 MiB" if limit > 2**20 else f"{limit} bytes"
    with pytest.raises(InputError) as caught:
        fileio.read_bytes(path, limit=limit)
    assert message(caught) == f"{path}: larger than {size}; not read"


def _feed(write_end: int, data: bytes) -> threading.Thread:
    def run() -> None:
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(write_end, view[: 1 << 16]) :]
        except BrokenPipeError:
            pass
        finally:
            os.close(write_end)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


@pytest.fixture(params=["pipe", "fifo"])
def stdin_from(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Callable[[bytes], None]]:
    """Make standard input a real non-seekable stream (a pipe or a named FIFO) of bytes."""
    opened: list[io.BufferedReader] = []
    threads: list[threading.Thread] = []

    def feed(data: bytes) -> None:
        if request.param == "pipe":
            read_end, write_end = os.pipe()
            threads.append(_feed(write_end, data))
            reader = open(read_end, "rb")  # noqa: SIM115 - closed below
        else:
            if not hasattr(os, "mkfifo"):
                pytest.skip("no FIFOs")
            fifo = tmp_path / "stdin.fifo"
            os.mkfifo(fifo)
            box: list[int] = []
            opener = threading.Thread(target=lambda: box.append(os.open(fifo, os.O_WRONLY)))
            opener.start()
            reader = open(fifo, "rb")  # noqa: SIM115 - blocks until the writer opens
            opener.join(10)
            threads.append(_feed(box[0], data))
        opened.append(reader)
        assert not reader.seekable()
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(reader))

    yield feed
    for reader in opened:
        reader.close()
    for thread in threads:
        thread.join(10)


@pytest.mark.parametrize("delta", [-1, 0, 1])
def test_default_limit_standard_input(stdin_from: Callable[[bytes], None], delta: int) -> None:
    """The same 16 MiB limit for text piped in, which has no size to look at first."""
    data = b"#" * (MIB16 + delta)
    stdin_from(data)
    if delta <= 0:
        assert fileio.read_stdin() == fileio.Snapshot("-", data)
        return
    with pytest.raises(InputError) as caught:
        fileio.read_stdin()
    assert message(caught) == "-: larger than 16 MiB; not read"


class _Endless:
    """A standard input that never ends (``/dev/zero`` piped in); counts what is taken."""

    def __init__(self) -> None:
        self.taken = 0

    def isatty(self) -> bool:
        return False

    def read(self, count: int | None = -1) -> bytes:
        if count is None or count < 0:
            raise AssertionError("standard input read without a bound")
        self.taken += count
        return b"\0" * count


def test_endless_standard_input_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    endless = _Endless()
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=endless))
    with pytest.raises(InputError) as caught:
        fileio.read_stdin("deploy/.env")
    assert message(caught) == "deploy/.env: larger than 16 MiB; not read"
    assert endless.taken <= MIB16 + 1


def test_standard_input_limit_is_looked_up_at_call_time(monkeypatch: pytest.MonkeyPatch) -> None:
    endless = _Endless()
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=endless))
    monkeypatch.setattr(fileio, "MAX_BYTES", 10)
    with pytest.raises(InputError) as caught:
        fileio.read_stdin()
    assert message(caught) == "-: larger than 10 bytes; not read"
    assert endless.taken <= 11


@pytest.mark.parametrize(
    ("stdin", "text"),
    [
        (None, "app.env: no standard input to read"),
        (io.StringIO("A=1\n"), "app.env: no standard input to read"),
        (
            SimpleNamespace(buffer=SimpleNamespace(isatty=lambda: True)),
            "app.env: standard input is a terminal; pipe the text in",
        ),
    ],
)
def test_standard_input_refusals_in_full(
    monkeypatch: pytest.MonkeyPatch, stdin: object, text: str
) -> None:
    monkeypatch.setattr(sys, "stdin", stdin)
    with pytest.raises(InputError) as caught:
        fileio.read_stdin("app.env")
    assert message(caught) == text


@pytest.mark.parametrize(
    ("error", "why"),
    [
        (OSError(errno.EIO, "Input/output error"), "Input/output error"),
        (OSError(errno.EAGAIN, None), "EAGAIN"),
        (OSError(), "OSError"),
        (BlockingIOError(), "BlockingIOError"),
    ],
)
def test_standard_input_read_error_in_full(
    monkeypatch: pytest.MonkeyPatch, error: OSError, why: str
) -> None:
    def broken(count: int = -1) -> bytes:
        raise error

    monkeypatch.setattr(
        sys, "stdin", SimpleNamespace(buffer=SimpleNamespace(isatty=lambda: False, read=broken))
    )
    with pytest.raises(InputError) as caught:
        fileio.read_stdin()
    assert message(caught) == f"-: cannot read standard input ({why})"


def test_standard_input_snapshot_is_named_as_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"A=1\n")))
    assert fileio.read_stdin("deploy/.env.prod") == fileio.Snapshot("deploy/.env.prod", b"A=1\n")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert fileio.read_stdin() == fileio.Snapshot("-", b"")


# -- reading: what is not a regular file, and errors -------------------------------------------


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        (stat.S_IFIFO, "a FIFO"),
        (stat.S_IFCHR, "a device"),
        (stat.S_IFBLK, "a device"),
        (stat.S_IFSOCK, "a socket"),
        (stat.S_IFLNK, "special file"),
        (0, "special file"),
    ],
)
def test_special_kinds_are_named(kind: int, name: str) -> None:
    assert fileio.special_kind(kind | 0o644) == name


def test_a_block_device_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever ``stat`` says is not a regular file is refused before it is opened."""
    path = tmp_path / "disk"
    path.write_bytes(b"")
    fake = os.stat_result((stat.S_IFBLK | 0o660, 1, 1, 1, 0, 0, 0, 0, 0, 0))
    opened: list[object] = []
    monkeypatch.setattr(fileio.os, "stat", lambda p, *a, **k: fake)
    monkeypatch.setattr(fileio.os, "open", lambda *a, **k: opened.append(a) or -1)
    with pytest.raises(InputError) as caught:
        fileio.read(path)
    assert message(caught) == f"{path}: not a regular file (a device); not read"
    assert opened == []


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "permission denied (cannot read)"),
        (FileNotFoundError(errno.ENOENT, "No such file"), "no such file"),
        (
            OSError(errno.ELOOP, "Too many levels of symbolic links"),
            "cannot read (Too many levels of symbolic links)",
        ),
        (OSError(errno.ENXIO, None), "cannot read (ENXIO)"),
    ],
)
def test_open_errors_in_full(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, text: str
) -> None:
    def refuse(*args: object, **kwargs: object) -> int:
        raise error

    monkeypatch.setattr(fileio.os, "open", refuse)
    with pytest.raises(InputError) as caught:
        fileio.read(env_file)
    assert message(caught) == f"{env_file}: {text}"


def test_read_error_after_open_in_full(env_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """EIO while reading (a failing disk): one line, and the descriptor is closed."""
    before = open_fds()
    monkeypatch.setattr(fileio.os, "read", _fail(errno.EIO))
    with pytest.raises(InputError) as caught:
        fileio.read(env_file)
    assert message(caught) == f"{env_file}: cannot read ({os.strerror(errno.EIO)})"
    assert open_fds() <= before  # nothing left open (others may close meanwhile)


def test_reads_leave_no_descriptor_open(env_file: Path, tmp_path: Path) -> None:
    before = open_fds()
    for _ in range(3):
        fileio.read(env_file)
        with pytest.raises(InputError):
            fileio.read(env_file, limit=1)
        with pytest.raises(InputError):
            fileio.read(tmp_path)
    assert open_fds() <= before  # nothing left open (others may close meanwhile)


@pytest.mark.parametrize("piece", [None, 3])
@pytest.mark.parametrize("grown", [1, 2, 5000])
def test_a_growing_file_is_read_no_further_than_its_size_plus_one(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, piece: int | None, grown: int
) -> None:
    """``fstat`` gives the size; the read takes at most one byte more (so a file that keeps
    growing, a log being written, is never read without end), whether the file system
    returns everything asked for or short pieces."""
    env_file.write_bytes(b"A" * 100 + b"B" * grown)
    real_fstat, real_read = os.fstat, os.read
    taken: list[int] = []

    def fstat(fd: int) -> os.stat_result:
        fields = list(real_fstat(fd))
        fields[stat.ST_SIZE] = 100  # the size when it was looked at
        return os.stat_result(fields)

    def read(fd: int, count: int) -> bytes:
        data = real_read(fd, count if piece is None else min(count, piece))
        taken.append(len(data))
        return data

    monkeypatch.setattr(fileio.os, "fstat", fstat)
    monkeypatch.setattr(fileio.os, "read", read)
    with pytest.raises(InputError) as caught:
        fileio.read(env_file)
    assert message(caught) == f"{env_file}: grew while being read; try again when it is complete"
    assert sum(taken) == 101


@pytest.mark.parametrize("size", [0, 1, 4096, 65537])
def test_a_file_is_read_exactly(tmp_path: Path, size: int) -> None:
    path = tmp_path / "f"
    data = os.urandom(size)
    path.write_bytes(data)
    assert fileio.read(path) == fileio.Snapshot(path, data)
    assert fileio.read_bytes(str(path)) == data


def test_report_into_a_folder_in_full(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    link = tmp_path / "link"
    link.symlink_to(folder)
    for path in (folder, link):
        with pytest.raises(WriteError) as caught:
            fileio.write_report(path, b"{}")
        assert message(caught) == f"{path}: is a directory; --output-file needs a file name"
    assert listing(folder) == []


def _looks_regular(monkeypatch: pytest.MonkeyPatch) -> None:
    """``stat`` says "a small regular file" (what the path was before something else was
    swapped in between the ``stat`` and the ``open``)."""
    fake = os.stat_result((stat.S_IFREG | 0o644, 1, 1, 1, 0, 0, 10, 0, 0, 0))
    monkeypatch.setattr(fileio.os, "stat", lambda *args, **kwargs: fake)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_a_fifo_swapped_in_after_the_stat_neither_blocks_nor_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No writer will ever come: opening the FIFO to read would wait forever unless the
    open is non-blocking; the descriptor's own ``fstat`` then refuses it."""
    fifo = tmp_path / ".env"
    os.mkfifo(fifo)
    _looks_regular(monkeypatch)
    outcome: list[BaseException | fileio.Snapshot] = []

    def run() -> None:
        try:
            outcome.append(fileio.read(fifo))
        except BaseException as exc:  # handed to the test's thread
            outcome.append(exc)

    reader = threading.Thread(target=run, daemon=True)
    reader.start()
    reader.join(10)
    if reader.is_alive():  # it blocked: let it go, then fail
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(10)
        pytest.fail("reading a FIFO blocked")
    [result] = outcome
    assert isinstance(result, InputError)
    assert str(result) == f"{fifo}: not a regular file (a FIFO); not read"


@pytest.mark.skipif(
    not (hasattr(os, "fork") and hasattr(os, "openpty") and os.path.exists("/dev/tty")),
    reason="POSIX terminals",
)
def test_a_terminal_swapped_in_never_becomes_the_controlling_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A process with no controlling terminal that opens a terminal gets it as its own
    (then Ctrl-C typed there would stop envmigrate) unless the open says O_NOCTTY.
    Checked in a forked child that leaves its session."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        verdict = b"?"
        try:
            os.close(read_end)
            os.setsid()  # a new session: no controlling terminal
            try:
                _, slave = os.openpty()  # opened without making it ours
            except OSError:
                verdict = b"no pseudo-terminals here"
                raise
            path = os.ttyname(slave)
            _looks_regular(monkeypatch)
            try:
                fileio.read(path)
                verdict = b"read"
            except InputError as exc:
                verdict = str(exc).encode()
            try:
                os.close(os.open("/dev/tty", os.O_RDWR))
                verdict += b" | became the controlling terminal"
            except OSError:
                pass
        finally:
            os.write(write_end, verdict)
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        said = pipe.read().decode()
    os.waitpid(pid, 0)
    if said == "no pseudo-terminals here":
        pytest.skip(said)
    assert said.endswith(": not a regular file (a device); not read"), said


# -- writing: where the temporary file lives, and that nothing outlives a write -------------


def _watch_temp(monkeypatch: pytest.MonkeyPatch, target: Path) -> list[dict[str, object]]:
    """At each fsync of a regular file (the temp's bytes are complete): where it is."""
    seen: list[dict[str, object]] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode):
            seen.append(
                {
                    "dev": info.st_dev,
                    "links": info.st_nlink,
                    "mode": stat.S_IMODE(info.st_mode),
                    "names": [
                        n
                        for n in listing(target.parent)
                        if n not in (target.name, target.name + ".bak")
                    ],
                    "inheritable": os.get_inheritable(fd),
                }
            )
        real_fsync(fd)

    monkeypatch.setattr(fileio.os, "fsync", spy)
    return seen


TEMP_NAME = re.compile(r"\A\.\.env\.envmigrate-[0-9a-f]{12}\.tmp\Z")


@pytest.mark.parametrize("backup", [False, True])
def test_temp_file_lives_beside_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, temp_kind: str, backup: bool
) -> None:
    """Reached through a symlink in another folder: the temporary file is on the target's
    file system, in its folder, private (0600) and not inherited by child processes; after
    the write only the file (and its backup) are left, in both folders."""
    real = tmp_path / "real" / ".env"
    real.parent.mkdir()
    real.write_bytes(ORIGINAL)
    real.chmod(0o640)
    links = tmp_path / "links"
    links.mkdir()
    (links / ".env").symlink_to(real)
    snapshot = fileio.read(links / ".env")
    seen = _watch_temp(monkeypatch, real)
    fileio.write_atomic(snapshot, NEW, backup=backup)
    assert len(seen) == (2 if backup else 1)
    for temp in seen:
        assert temp["dev"] == real.parent.stat().st_dev
        assert temp["mode"] == 0o600
        assert temp["inheritable"] is False
        if temp_kind == "unnamed":
            assert (temp["links"], temp["names"]) == (0, [])  # no name while written
        else:
            [name] = temp["names"]  # type: ignore[misc]
            assert TEMP_NAME.match(str(name)), name
            assert temp["links"] == 1
    assert listing(real.parent) == ([".env", ".env.bak"] if backup else [".env"])
    assert listing(links) == [".env"]
    assert (links / ".env").is_symlink()
    assert real.read_bytes() == NEW
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


STEPS = ["open", "write", "fsync", "fchmod", "link", "replace", "close"]


def _break(monkeypatch: pytest.MonkeyPatch, step: str, err: int) -> None:
    """Make one step of a write fail with ``err`` (only for the file being written)."""
    real_open, real_close = os.open, os.close
    tmpfile = getattr(os, "O_TMPFILE", 0)
    writing: set[int] = set()

    def spy_open(path: str, flags: int, *args: object, **kwargs: object) -> int:
        creating = flags & os.O_CREAT or (tmpfile and flags & tmpfile == tmpfile)
        if creating and step == "open":
            raise OSError(err, os.strerror(err))
        fd = real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]
        if creating:
            writing.add(fd)
        return fd

    def failing_close(fd: int) -> None:
        real_close(fd)
        if fd in writing:  # NFS reports a failed write when the file is closed
            writing.discard(fd)
            raise OSError(err, os.strerror(err))

    monkeypatch.setattr(fileio.os, "open", spy_open)
    if step == "close":
        monkeypatch.setattr(fileio.os, "close", failing_close)
    elif step != "open":
        monkeypatch.setattr(fileio.os, step, _fail(err))


@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EIO, errno.EXDEV, errno.EOPNOTSUPP])
@pytest.mark.parametrize("step", STEPS)
def test_each_failure_leaves_the_file_the_folder_and_the_descriptors(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, temp_kind: str, step: str, err: int
) -> None:
    """A failing step (disk full, I/O error, a file system that cannot link or rename):
    one line naming the file and the reason, the file untouched, nothing left in its
    folder, no descriptor left open."""
    if step == "link" and temp_kind == "named":
        pytest.skip("a named temp file is not linked")
    snapshot = fileio.read(env_file)
    before = open_fds()
    _break(monkeypatch, step, err)
    with pytest.raises(WriteError) as caught:
        fileio.write_atomic(snapshot, NEW)
    monkeypatch.undo()
    why = os.strerror(err)
    if step == "open":
        expected = f"{env_file.parent}: cannot create a temp file there ({why}); file untouched"
    else:
        expected = f"{env_file}: write failed ({why}); file untouched"
    assert message(caught) == expected
    assert caught.value.exit_code == 2
    assert env_file.read_bytes() == ORIGINAL
    assert listing(env_file.parent) == [".env"]
    assert open_fds() <= before  # nothing left open (others may close meanwhile)


@pytest.mark.parametrize("step", ["open", "write", "fsync", "fchmod", "link", "replace"])
def test_each_report_failure_leaves_the_old_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, temp_kind: str, step: str
) -> None:
    if step == "link" and temp_kind == "named":
        pytest.skip("a named temp file is not linked")
    report = tmp_path / "out" / "report.json"
    report.parent.mkdir()
    report.write_bytes(b"old")
    before = open_fds()
    _break(monkeypatch, step, errno.ENOSPC)
    with pytest.raises(WriteError) as caught:
        fileio.write_report(report, b"new")
    monkeypatch.undo()
    why = os.strerror(errno.ENOSPC)
    if step == "open":
        expected = f"{report.parent}: cannot create a temp file there ({why}); file untouched"
    else:
        expected = f"{report}: cannot write the report ({why})"
    assert message(caught) == expected
    assert report.read_bytes() == b"old"
    assert listing(report.parent) == ["report.json"]
    assert open_fds() <= before  # nothing left open (others may close meanwhile)


@pytest.mark.parametrize("backup", [False, True])
def test_success_leaves_no_descriptor(env_file: Path, temp_kind: str, backup: bool) -> None:
    before = open_fds()
    fileio.write_atomic(fileio.read(env_file), NEW, backup=backup)
    fileio.write_report(env_file.with_name("report.json"), b"{}")
    assert open_fds() <= before  # nothing left open (others may close meanwhile)


def test_a_closed_temp_is_never_closed_again(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, temp_kind: str
) -> None:
    """The temp is closed before the rename; when the rename then fails, cleaning up must
    not close that descriptor number again (by then it may be another file's)."""
    reused: list[int] = []
    real_replace = os.replace

    def replace_fails(src: str, dst: str) -> None:
        reused.append(os.open(os.devnull, os.O_RDONLY))  # takes the lowest free number
        raise OSError(errno.EIO, "Input/output error")

    snapshot = fileio.read(env_file)
    monkeypatch.setattr(fileio.os, "replace", replace_fails)
    with pytest.raises(WriteError):
        fileio.write_atomic(snapshot, NEW)
    monkeypatch.setattr(fileio.os, "replace", real_replace)
    [fd] = reused
    try:
        os.fstat(fd)  # still open: not closed by the failed write's clean-up
    finally:
        os.close(fd)
    assert listing(env_file.parent) == [".env"]


def test_a_failing_close_while_cleaning_up_is_not_the_error_shown(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, temp_kind: str
) -> None:
    """The first failure is reported; a second one while removing the temp is not."""
    snapshot = fileio.read(env_file)
    real_close = os.close
    writing: set[int] = set()
    real_fsync = os.fsync

    def fsync_fails(fd: int) -> None:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            writing.add(fd)
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    def close(fd: int) -> None:
        real_close(fd)
        if fd in writing:
            raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(fileio.os, "fsync", fsync_fails)
    monkeypatch.setattr(fileio.os, "close", close)
    with pytest.raises(WriteError) as caught:
        fileio.write_atomic(snapshot, NEW)
    monkeypatch.undo()
    assert message(caught) == f"{env_file}: write failed (No space left on device); file untouched"
    assert env_file.read_bytes() == ORIGINAL
    assert listing(env_file.parent) == [".env"]


def test_someone_elses_file_at_the_temp_name_is_left_alone(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, temp_kind: str
) -> None:
    """A file (or a symlink planted by another user) already at the random temp name is
    neither written through, followed, nor removed: the write stops, nothing changes."""
    monkeypatch.setattr(fileio.os, "urandom", lambda n: b"\x00" * n)
    planted_target = env_file.with_name("victim")
    planted_target.write_bytes(b"victim\n")
    name = f"..env.envmigrate-{'00' * 6}.tmp"
    planted = env_file.with_name(name)
    planted.symlink_to(planted_target.name)
    snapshot = fileio.read(env_file)
    with pytest.raises(WriteError) as caught:
        fileio.write_atomic(snapshot, NEW)
    if temp_kind == "named":
        why = os.strerror(errno.EEXIST)
        expected = f"{env_file.parent}: cannot create a temp file there ({why}); file untouched"
    else:
        expected = f"{env_file}: write failed ({os.strerror(errno.EEXIST)}); file untouched"
    assert message(caught) == expected
    assert planted.is_symlink()
    assert planted_target.read_bytes() == b"victim\n"
    assert env_file.read_bytes() == ORIGINAL
    assert listing(env_file.parent) == sorted([".env", name, "victim"])


def test_temp_names_are_random(env_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Twelve random hex digits (48 bits) per temp name: guessing one is hopeless."""
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    names: list[str] = []
    real_replace = os.replace

    def spy(src: str, dst: str) -> None:
        names.append(os.path.basename(src))
        real_replace(src, dst)

    monkeypatch.setattr(fileio.os, "replace", spy)
    for data in (NEW, ORIGINAL, NEW):
        fileio.write_atomic(fileio.read(env_file), data)
    assert len(set(names)) == 3
    assert all(TEMP_NAME.match(n) for n in names), names


# -- writing: the file changed, vanished or is read-only ------------------------------------


def _through_link(tmp_path: Path) -> tuple[Path, Path]:
    real = tmp_path / "real" / ".env"
    real.parent.mkdir()
    real.write_bytes(ORIGINAL)
    link = tmp_path / ".env"
    link.symlink_to(real)
    return link, real


@pytest.mark.parametrize("gone", ["target", "link", "both"])
def test_vanished_behind_a_symlink_is_not_recreated(
    tmp_path: Path, temp_kind: str, gone: str
) -> None:
    """The file behind a symlink deleted after reading (or the link itself, or both): the
    write refuses in one line and creates nothing, neither the file nor a backup."""
    link, real = _through_link(tmp_path)
    snapshot = fileio.read(link)
    if gone in ("target", "both"):
        real.unlink()
    if gone in ("link", "both"):
        link.unlink()
    with pytest.raises(WriteError) as caught:
        fileio.write_atomic(snapshot, NEW, backup=True)
    assert message(caught) == f"{link}: deleted since it was read; not written"
    assert caught.value.exit_code == 2
    assert listing(real.parent) == ([".env"] if gone == "link" else [])
    assert listing(tmp_path) == (["real"] if gone != "target" else [".env", "real"])
    if gone == "link":
        assert real.read_bytes() == ORIGINAL


def test_vanished_behind_a_symlink_while_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, temp_kind: str
) -> None:
    link, real = _through_link(tmp_path)
    real_fsync = os.fsync

    def delete(fd: int) -> None:
        real_fsync(fd)
        real.unlink(missing_ok=True)

    snapshot = fileio.read(link)
    monkeypatch.setattr(fileio.os, "fsync", delete)
    with pytest.raises(WriteError) as caught:
        fileio.write_atomic(snapshot, NEW)
    assert message(caught) == f"{link}: deleted while writing; not written"
    assert listing(real.parent) == []
    assert link.is_symlink()


@pytest.mark.parametrize("when", ["since it was read", "while writing"])
def test_changed_bytes_in_full(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, temp_kind: str, when: str
) -> None:
    """Same size, other bytes (an edit within the clock's tick): refused either way."""
    snapshot = fileio.read(env_file)
    edited = ORIGINAL.replace(b"a", b"b")
    if when == "since it was read":
        env_file.write_bytes(edited)
    else:
        real_fsync = os.fsync

        def edit(fd: int) -> None:
            real_fsync(fd)
            env_file.write_bytes(edited)

        monkeypatch.setattr(fileio.os, "fsync", edit)
    with pytest.raises(WriteError) as caught:
        fileio.write_atomic(snapshot, NEW)
    assert message(caught) == f"{env_file}: changed on disk {when}; not written"
    assert env_file.read_bytes() == edited
    assert listing(env_file.parent) == [".env"]


@pytest.mark.parametrize("mode", [0o444, 0o555, 0o511, 0o501, 0o001, 0o000])
def test_no_write_bit_is_read_only_in_full(tmp_path: Path, mode: int) -> None:
    """No write bit for anyone (whatever the other bits): refused, even for root; the
    message names the path the user gave (here a symlink)."""
    link, real = _through_link(tmp_path)
    snapshot = fileio.read(link)
    real.chmod(mode)
    try:
        with pytest.raises(WriteError) as caught:
            fileio.write_atomic(snapshot, NEW, backup=True)
    finally:
        real.chmod(0o600)
    assert message(caught) == (f"{link}: read-only; not written (make it writable to migrate it)")
    assert real.read_bytes() == ORIGINAL
    assert listing(real.parent) == [".env"]


@pytest.mark.parametrize("mode", [0o200, 0o020, 0o002, 0o600])
def test_any_write_bit_is_writable(env_file: Path, mode: int) -> None:
    snapshot = fileio.read(env_file)
    env_file.chmod(mode)
    if not os.access(env_file, os.R_OK | os.W_OK):
        pytest.skip("this user may not read and write it (not root)")
    fileio.write_atomic(snapshot, NEW)
    assert env_file.read_bytes() == NEW
    assert stat.S_IMODE(env_file.stat().st_mode) == mode


def test_no_write_permission_for_this_user_is_read_only(
    env_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Write bits exist, but not for this user (``access`` says no): refused."""
    snapshot = fileio.read(env_file)
    monkeypatch.setattr(fileio.os, "access", lambda path, how: how != os.W_OK)
    with pytest.raises(WriteError) as caught:
        fileio.write_atomic(snapshot, NEW)
    assert message(caught) == (
        f"{env_file}: read-only; not written (make it writable to migrate it)"
    )
    assert env_file.read_bytes() == ORIGINAL


def test_backup_exists_in_full(tmp_path: Path, temp_kind: str) -> None:
    link, real = _through_link(tmp_path)
    backup = real.with_name(".env.bak")
    backup.write_bytes(b"older backup\n")
    with pytest.raises(WriteError) as caught:
        fileio.write_atomic(fileio.read(link), NEW, backup=True)
    assert message(caught) == f"{backup}: backup already exists; move it away or drop --backup"
    assert backup.read_bytes() == b"older backup\n"
    assert real.read_bytes() == ORIGINAL
    assert listing(real.parent) == [".env", ".env.bak"]


def test_backup_appearing_while_it_is_written_is_not_overwritten(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, temp_kind: str
) -> None:
    backup = env_file.with_name(".env.bak")
    real_fsync = os.fsync

    def appear(fd: int) -> None:
        real_fsync(fd)
        if not backup.exists():
            backup.write_bytes(b"someone else's\n")

    snapshot = fileio.read(env_file)
    monkeypatch.setattr(fileio.os, "fsync", appear)
    with pytest.raises(WriteError) as caught:
        fileio.write_atomic(snapshot, NEW, backup=True)
    assert message(caught) == f"{backup}: backup already exists; move it away or drop --backup"
    assert backup.read_bytes() == b"someone else's\n"
    assert env_file.read_bytes() == ORIGINAL
    assert listing(env_file.parent) == [".env", ".env.bak"]


@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EOPNOTSUPP])
def test_backup_failure_in_full(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, temp_kind: str, err: int
) -> None:
    monkeypatch.setattr(fileio.os, "fsync", _fail(err))
    before = open_fds()
    with pytest.raises(WriteError) as caught:
        fileio.write_atomic(fileio.read(env_file), NEW, backup=True)
    backup = env_file.with_name(".env.bak")
    assert message(caught) == f"{backup}: cannot create backup ({os.strerror(err)})"
    assert listing(env_file.parent) == [".env"]
    assert env_file.read_bytes() == ORIGINAL
    assert open_fds() <= before  # nothing left open (others may close meanwhile)


# -- other platforms, simulated --------------------------------------------------------------


def _no_proc(monkeypatch: pytest.MonkeyPatch) -> None:
    real_isdir = os.path.isdir
    monkeypatch.setattr(
        fileio.os.path, "isdir", lambda p: False if str(p) == "/proc/self/fd" else real_isdir(p)
    )


def _record_opens(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    seen: list[tuple[str, int]] = []
    real_open = os.open

    def spy(path: str, flags: int, *args: object, **kwargs: object) -> int:
        seen.append((str(path), flags))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fileio.os, "open", spy)
    return seen


def _writes(opens: list[tuple[str, int]]) -> list[str]:
    """The paths opened for writing (a named temp, or a folder for an unnamed file)."""
    return [p for p, flags in opens if flags & (os.O_WRONLY | os.O_RDWR)]


def test_without_proc_a_named_temp_file_is_used(
    env_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unnamed file can only be named through /proc/self/fd: without /proc (a bare
    container, BSD) the write uses a named temp file, and never opens the folder to write."""
    _no_proc(monkeypatch)
    opens = _record_opens(monkeypatch)
    seen = _watch_temp(monkeypatch, env_file)
    fileio.write_atomic(fileio.read(env_file), NEW, backup=True)
    writes = _writes(opens)
    assert len(writes) == 2  # the backup's temp, then the file's
    assert all(TEMP_NAME.match(os.path.basename(p)) for p in writes), writes
    assert all(os.path.dirname(p) == str(env_file.parent) for p in writes)
    assert [(s["links"], s["mode"]) for s in seen] == [(1, 0o600), (1, 0o600)]
    assert env_file.read_bytes() == NEW
    assert listing(env_file.parent) == [".env", ".env.bak"]


@pytest.mark.skipif(not HAS_TMPFILE, reason="no O_TMPFILE on this platform")
@pytest.mark.parametrize("err", [errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL])
def test_file_system_without_unnamed_files_falls_back_to_a_named_temp(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, err: int
) -> None:
    """O_TMPFILE exists but the folder's file system refuses it (old kernels say EISDIR):
    the same write with a named temp file."""
    real_open = os.open
    writes: list[str] = []

    def no_tmpfile(path: str, flags: int, *args: object, **kwargs: object) -> int:
        if flags & os.O_TMPFILE == os.O_TMPFILE:
            raise OSError(err, os.strerror(err))
        if flags & os.O_WRONLY:
            writes.append(os.path.basename(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fileio.os, "open", no_tmpfile)
    fileio.write_atomic(fileio.read(env_file), NEW)
    [written] = writes
    assert TEMP_NAME.match(written), writes
    assert env_file.read_bytes() == NEW
    assert listing(env_file.parent) == [".env"]


def test_without_fchmod_the_named_temp_gets_its_mode_by_name(
    env_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows before Python 3.13 has no ``fchmod`` (and no O_TMPFILE): chmod by name."""
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    monkeypatch.delattr(os, "fchmod", raising=False)
    env_file.chmod(0o640)
    fileio.write_atomic(fileio.read(env_file), NEW, backup=True)
    fileio.write_report(env_file.with_name("r.json"), b"{}", mode=0o604)
    assert env_file.read_bytes() == NEW
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o640
    assert stat.S_IMODE(env_file.with_name(".env.bak").stat().st_mode) == 0o640
    assert stat.S_IMODE(env_file.with_name("r.json").stat().st_mode) == 0o604
    assert listing(env_file.parent) == [".env", ".env.bak", "r.json"]


def test_without_fchown_owners_are_left_alone(
    env_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No POSIX owners (Windows): the file and its backup are written, nothing chowned."""
    monkeypatch.delattr(os, "fchown", raising=False)
    fileio.write_atomic(fileio.read(env_file), NEW, backup=True)
    assert env_file.read_bytes() == NEW
    assert env_file.with_name(".env.bak").read_bytes() == ORIGINAL


@pytest.mark.parametrize("how", ["fsync", "open"])
def test_folder_that_cannot_be_synced_is_fine(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, temp_kind: str, how: str
) -> None:
    """Once the file is in place its folder is synced, where that can be done: some file
    systems refuse to fsync a folder, Windows cannot open one. The write is done either way."""
    real_fsync, real_open, real_replace = os.fsync, os.open, os.replace
    refused: list[str] = []
    replaced: list[str] = []

    def fsync(fd: int) -> None:
        if how == "fsync" and stat.S_ISDIR(os.fstat(fd).st_mode):
            refused.append("fsync")
            raise OSError(errno.EINVAL, "Invalid argument")
        real_fsync(fd)

    def open_(path: str, flags: int, *args: object, **kwargs: object) -> int:
        if how == "open" and replaced and os.path.isdir(path):
            refused.append("open")
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    def replace(src: str, dst: str) -> None:
        replaced.append(src)
        real_replace(src, dst)

    monkeypatch.setattr(fileio.os, "fsync", fsync)
    monkeypatch.setattr(fileio.os, "open", open_)
    monkeypatch.setattr(fileio.os, "replace", replace)
    fileio.write_atomic(fileio.read(env_file), NEW)
    replaced.clear()
    fileio.write_report(env_file.with_name("r.json"), b"{}")
    assert refused == [how, how]
    assert env_file.read_bytes() == NEW
    assert listing(env_file.parent) == [".env", "r.json"]


def _held_open_replace(
    monkeypatch: pytest.MonkeyPatch, times: int, winerror: int | None
) -> list[str]:
    attempts: list[str] = []
    real = os.replace

    def replace(src: str, dst: str) -> None:
        attempts.append(src)
        if len(attempts) <= times:
            exc = PermissionError(errno.EACCES, "Permission denied")
            if winerror is not None:
                exc.winerror = winerror  # type: ignore[attr-defined]
            raise exc
        real(src, dst)

    monkeypatch.setattr(fileio.os, "replace", replace)
    monkeypatch.setattr(fileio, "REPLACE_DELAYS", (0.001,) * 5)
    return attempts


@pytest.mark.parametrize("winerror", [5, 32])
def test_windows_sharing_violations_are_retried(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, winerror: int
) -> None:
    """ERROR_ACCESS_DENIED (5) and ERROR_SHARING_VIOLATION (32): held open, try again."""
    attempts = _held_open_replace(monkeypatch, 2, winerror)
    fileio.write_atomic(fileio.read(env_file), NEW)
    assert len(attempts) == 3
    assert env_file.read_bytes() == NEW


@pytest.mark.parametrize("winerror", [None, 6, 2, 1])
def test_other_permission_errors_are_not_retried(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, winerror: int | None
) -> None:
    attempts = _held_open_replace(monkeypatch, 10, winerror)
    with pytest.raises(WriteError) as caught:
        fileio.write_atomic(fileio.read(env_file), NEW)
    assert message(caught) == f"{env_file}: write failed (Permission denied); file untouched"
    assert len(attempts) == 1
    assert listing(env_file.parent) == [".env"]


class _OnWindows:
    """``os`` as fileio sees it on Windows (only the name: the calls stay this system's)."""

    name = "nt"

    def __getattr__(self, attr: str) -> object:
        return getattr(os, attr)


def test_on_windows_any_permission_error_is_retried(
    env_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows (``os.name == "nt"``) a refused replace means the file is held open."""
    attempts = _held_open_replace(monkeypatch, 100, None)
    snapshot = fileio.read(env_file)
    monkeypatch.setattr(fileio, "os", _OnWindows())
    with pytest.raises(WriteError) as caught:
        fileio.write_atomic(snapshot, NEW)
    monkeypatch.setattr(fileio, "os", os)
    assert len(attempts) == len(fileio.REPLACE_DELAYS) + 1
    assert message(caught) == (
        f"{env_file}: cannot replace it: another program holds it open "
        "(an editor, a running server?); file untouched"
    )
    assert listing(env_file.parent) == [".env"]


def test_held_open_messages_name_the_path_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, temp_kind: str
) -> None:
    link, real = _through_link(tmp_path)
    report = tmp_path / "report.md"
    report.write_bytes(b"old")
    snapshot = fileio.read(link)
    _held_open_replace(monkeypatch, 100, 32)
    for call, shown in (
        (lambda: fileio.write_atomic(snapshot, NEW), link),
        (lambda: fileio.write_report(report, b"new"), report),
    ):
        with pytest.raises(WriteError) as caught:
            call()
        assert message(caught) == (
            f"{shown}: cannot replace it: another program holds it open "
            "(an editor, a running server?); file untouched"
        )
    assert real.read_bytes() == ORIGINAL
    assert report.read_bytes() == b"old"
    assert listing(tmp_path) == [".env", "real", "report.md"]
    assert listing(real.parent) == [".env"]


@pytest.mark.parametrize(
    ("error", "why"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "No space left on device"),
        (OSError(errno.EXDEV, None), "EXDEV"),
        (OSError(errno.EIO, ""), "EIO"),
        (OSError(), "OSError"),
        (OSError("no errno"), "OSError"),
        (InterruptedError(), "InterruptedError"),
        (OSError(99999, None), "OSError"),
    ],
)
def test_the_reason_shown_for_any_os_error(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, why: str
) -> None:
    """The system's text, else the errno's name, else the exception's type."""

    def replace(src: str, dst: str) -> None:
        raise error

    monkeypatch.setattr(fileio.os, "replace", replace)
    with pytest.raises(WriteError) as caught:
        fileio.write_atomic(fileio.read(env_file), NEW)
    assert message(caught) == f"{env_file}: write failed ({why}); file untouched"


# -- owner and group (simulated: any user can run these) -------------------------------------


def _temp_owned_by(
    monkeypatch: pytest.MonkeyPatch, uid: int, gid: int, groups: tuple[int, ...] = ()
) -> list[tuple[int, int]]:
    """As if run by user ``uid`` (primary group ``gid``, also in ``groups``), not root:
    files this process creates belong to ``uid:gid``, and ``fchown`` may only give one of
    them to one of this user's groups. Returns the ``fchown`` calls."""
    real_fstat = os.fstat
    real_open = os.open
    owners: dict[int, tuple[int, int]] = {}
    calls: list[tuple[int, int]] = []
    tmpfile = getattr(os, "O_TMPFILE", 0)

    def spy_open(path: str, flags: int, *args: object, **kwargs: object) -> int:
        fd = real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]
        if flags & os.O_CREAT or (tmpfile and flags & tmpfile == tmpfile):
            owners[fd] = (uid, gid)
        return fd

    def fstat(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        if fd not in owners:
            return info
        fields = list(info)
        fields[stat.ST_UID], fields[stat.ST_GID] = owners[fd]
        return os.stat_result(fields)

    def fchown(fd: int, new_uid: int, new_gid: int) -> None:
        calls.append((new_uid, new_gid))
        if new_uid not in (-1, uid) or new_gid not in (-1, gid, *groups):
            raise PermissionError(errno.EPERM, "Operation not permitted")
        old_uid, old_gid = owners[fd]
        owners[fd] = (old_uid, old_gid if new_gid == -1 else new_gid)

    monkeypatch.setattr(fileio.os, "open", spy_open)
    monkeypatch.setattr(fileio.os, "fstat", fstat)
    monkeypatch.setattr(fileio.os, "fchown", fchown)
    return calls


def _owned(env_file: Path, mode: int) -> tuple[int, int]:
    env_file.chmod(mode)
    info = env_file.stat()
    return info.st_uid, info.st_gid


@posix_ids
@pytest.mark.parametrize(
    ("mode", "other_user", "other_group", "owner_in_group", "written"),
    [
        # the owner is kept, the group is not: only the group could lose read access
        (0o600, False, True, False, True),
        (0o640, False, True, True, False),
        (0o644, False, True, False, True),
        (0o620, False, True, False, True),
        # the owner is not kept (another user writes it): the owner could lose access
        (0o600, True, False, False, False),
        (0o600, True, False, True, False),  # reading through the group needs g+r
        (0o640, True, False, True, True),  # the owner reads it through the group
        (0o640, True, False, False, False),
        (0o604, True, False, False, True),
        (0o200, True, False, False, True),  # no one could read it before either
        (0o060, True, False, False, True),  # the owner could not read it before
        # neither is kept
        (0o640, True, True, True, False),  # the group's other members lose it
        (0o600, True, True, True, False),
        (0o644, True, True, False, True),
        (0o000, True, True, False, True),
    ],
)
def test_owner_and_group_that_cannot_be_kept(
    env_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    temp_kind: str,
    mode: int,
    other_user: bool,
    other_group: bool,
    owner_in_group: bool,
    written: bool,
) -> None:
    """Written when nobody who could read the file loses that; else refused, in full.
    ``owner_in_group``: the file's owner belongs to the group the new file ends up with."""
    env_file.chmod(0o600)
    snapshot = fileio.read(env_file)
    uid, gid = _owned(env_file, mode | 0o200)
    if not os.access(env_file, os.R_OK):
        pytest.skip("the file is read again before it is replaced: needs root")
    writer_uid = uid + 1 if other_user else uid
    writer_gid = gid + 1 if other_group else gid
    calls = _temp_owned_by(monkeypatch, writer_uid, writer_gid)
    monkeypatch.setattr(
        fileio, "_member", lambda u, g: (u, g) == (uid, writer_gid) and owner_in_group
    )
    if written:
        fileio.write_atomic(snapshot, NEW)
        assert env_file.read_bytes() == NEW
        assert stat.S_IMODE(env_file.stat().st_mode) == mode | 0o200
    else:
        with pytest.raises(WriteError) as caught:
            fileio.write_atomic(snapshot, NEW)
        assert message(caught) == (
            f"{env_file}: cannot keep its owner and group ({uid}:{gid}) as this user, and "
            "the new file would be less readable for them; not written (run as the file's "
            "owner)"
        )
        assert env_file.read_bytes() == ORIGINAL
    assert calls == [(uid, gid), (-1, gid)]
    assert listing(env_file.parent) == [".env"]


@posix_ids
@pytest.mark.parametrize(("mode", "written"), [(0o660, True), (0o600, False), (0o606, True)])
def test_a_member_of_the_files_group_keeps_the_group(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, temp_kind: str, mode: int, written: bool
) -> None:
    """Another user who is in the file's group: the group is kept, so the owner still
    reads the new file through the group when the mode lets the group read."""
    snapshot = fileio.read(env_file)
    uid, gid = _owned(env_file, mode)
    calls = _temp_owned_by(monkeypatch, uid + 1, gid + 1, groups=(gid,))
    monkeypatch.setattr(fileio, "_member", lambda u, g: (u, g) == (uid, gid))
    if written:
        fileio.write_atomic(snapshot, NEW)
        assert env_file.read_bytes() == NEW
    else:
        with pytest.raises(WriteError, match="cannot keep its owner and group"):
            fileio.write_atomic(snapshot, NEW)
        assert env_file.read_bytes() == ORIGINAL
    assert calls == [(uid, gid), (-1, gid)]


@posix_ids
def test_own_file_needs_no_chown(env_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    uid, gid = _owned(env_file, 0o600)
    snapshot = fileio.read(env_file)
    calls = _temp_owned_by(monkeypatch, uid, gid)
    fileio.write_atomic(snapshot, NEW)
    assert calls == []


@posix_ids
def test_without_pwd_and_grp_membership_is_unknown(
    env_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where users and groups cannot be looked up, nobody is assumed to be in a group:
    a file only the owner and its group can read is not given away."""
    snapshot = fileio.read(env_file)
    uid, gid = _owned(env_file, 0o640)
    _temp_owned_by(monkeypatch, uid + 1, gid)
    monkeypatch.setitem(sys.modules, "pwd", None)
    monkeypatch.setitem(sys.modules, "grp", None)
    with pytest.raises(WriteError, match="cannot keep its owner and group"):
        fileio.write_atomic(snapshot, NEW)
    assert env_file.read_bytes() == ORIGINAL


@posix_ids
def test_backup_when_its_owner_cannot_be_kept(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, temp_kind: str
) -> None:
    """The backup is a copy for the user running the tool: a refused chown does not stop it."""
    env_file.chmod(0o644)
    snapshot = fileio.read(env_file)
    real_fchown = os.fchown
    calls: list[tuple[int, int]] = []

    def fchown(fd: int, uid: int, gid: int) -> None:
        calls.append((uid, gid))
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(fileio.os, "fchown", fchown)
    fileio.write_atomic(snapshot, NEW, backup=True)
    monkeypatch.setattr(fileio.os, "fchown", real_fchown)
    backup = env_file.with_name(".env.bak")
    assert backup.read_bytes() == ORIGINAL
    assert stat.S_IMODE(backup.stat().st_mode) == 0o644
    assert len(calls) == 1
    assert env_file.read_bytes() == NEW


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX users and groups")
def test_group_membership_is_looked_up() -> None:
    import grp
    import pwd

    me = pwd.getpwuid(os.getuid())
    assert fileio._member(me.pw_uid, me.pw_gid)  # primary group
    assert not fileio._member(2**31 - 7, me.pw_gid)  # no such user
    assert not fileio._member(me.pw_uid, 2**31 - 7)  # no such group
    others = [g for g in grp.getgrall() if g.gr_gid != me.pw_gid]
    outside = [g for g in others if me.pw_name not in g.gr_mem]
    if outside:
        assert not fileio._member(me.pw_uid, outside[0].gr_gid)
    listed = [
        (pwd.getpwnam(name), g)
        for g in grp.getgrall()
        for name in g.gr_mem
        if _user_exists(name) and pwd.getpwnam(name).pw_gid != g.gr_gid
    ]
    if listed:
        user, group = listed[0]
        assert fileio._member(user.pw_uid, group.gr_gid)  # listed as a member


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


# -- append (CI summary files) ---------------------------------------------------------------


def test_append_creates_with_mode_0644(tmp_path: Path) -> None:
    path = tmp_path / "summary.md"
    old = os.umask(0)
    try:
        fileio.append(path, b"a\n")
    finally:
        os.umask(old)
    fileio.append(path, b"b\n")
    assert path.read_bytes() == b"a\nb\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_append_writes_everything_through_short_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "out.txt"
    real_write = os.write
    monkeypatch.setattr(fileio.os, "write", lambda fd, data: real_write(fd, bytes(data[:2])))
    fileio.append(path, b"0123456789")
    assert path.read_bytes() == b"0123456789"


@pytest.mark.parametrize(
    ("make", "why"),
    [
        ("missing folder", os.strerror(errno.ENOENT)),
        ("folder", os.strerror(errno.EISDIR)),
    ],
)
def test_append_failure_in_full(tmp_path: Path, make: str, why: str) -> None:
    path = tmp_path / "nowhere" / "summary.md" if make == "missing folder" else tmp_path
    with pytest.raises(WriteError) as caught:
        fileio.append(path, b"x")
    assert message(caught) == f"{path}: cannot append ({why})"


def test_binary_flag_on_every_open(env_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows' O_BINARY (simulated): every file opened to read or write has it."""
    binary = 1 << 30
    monkeypatch.setattr(os, "O_BINARY", binary, raising=False)
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    seen: list[tuple[str, int]] = []
    real_open = os.open

    def spy(path: str, flags: int, *args: object, **kwargs: object) -> int:
        if not os.path.isdir(path):
            seen.append((os.path.basename(path), flags))
        return real_open(path, flags & ~binary, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fileio.os, "open", spy)
    fileio.append(env_file.with_name("summary.md"), b"x\n")
    fileio.write_report(env_file.with_name("r.json"), b"{}")
    fileio.write_atomic(fileio.read(env_file), NEW, backup=True)
    names = [name for name, _ in seen]
    assert "summary.md" in names
    assert ".env" in names
    assert all(flags & binary for _, flags in seen), seen


# -- the command: a file deleted while migrate waits for the user ---------------------------


@pytest.mark.parametrize("through_link", [False, True])
@pytest.mark.parametrize("backup", [False, True])
def test_migrate_refuses_a_file_deleted_while_asking(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, through_link: bool, backup: bool
) -> None:
    """The user deletes the file while ``migrate`` waits at its question: the answer "yes"
    must not bring it back. One line naming the file, exit code 2, nothing created."""
    import click
    from click.testing import CliRunner

    from envmigrate.commands import migrate
    from envmigrate.entry import main

    real = in_tmp / ("real.env" if through_link else ".env")
    real.write_bytes(b"DINGTALK_APP_KEY=a\nDINGTALK_APP_SECRET=b\n")
    if through_link:
        (in_tmp / ".env").symlink_to(real.name)

    def delete_then_agree(*args: object, **kwargs: object) -> bool:
        real.unlink()
        return True

    monkeypatch.setattr(migrate, "interactive", lambda: True)
    monkeypatch.setattr(click, "confirm", delete_then_agree)
    args = ["migrate", "--no-verify", *(["--backup"] if backup else []), ".env"]
    with CliRunner().isolation(input=b"") as (_, err, _):
        code = main(args)
    assert code == 2
    assert err.getvalue().decode() == (
        "envmigrate: error: .env: deleted since it was read; not written\n1 file failed.\n"
    )
    assert listing(in_tmp) == ([".env"] if through_link else [])
