"""Reading and writing user files safely.

``read`` refuses what is not a regular, readable, reasonably sized file. ``write_atomic``
writes a temp file in the same folder, fsyncs it, gives it the original's mode and
``os.replace``s it over the target (through a symlink to its target, so the link stays a
link); it refuses if the target changed since it was read. On any failure the temp file
is removed and the original is untouched.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path
from typing import NamedTuple

from envmigrate.errors import InputError, WriteError

#: Env files larger than this are refused. Mirrors ``envfile.MAX_BYTES`` (documented).
MAX_BYTES = 16 * 1024 * 1024


class Snapshot(NamedTuple):
    """What was read: the bytes and enough of the stat to notice a later change."""

    path: str | Path
    data: bytes
    mode: int
    mtime_ns: int
    size: int
    inode: int


def read(path: str | Path) -> Snapshot:
    """Read a whole env file; raise InputError with one clear line on anything unusable.

    Plain ``os`` calls (no buffered file object): this runs once per discovered file.
    ``O_NONBLOCK`` keeps a FIFO or device from hanging the open; it is refused below.
    """
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError as exc:
        raise InputError(_read_error(path, exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path}: is a directory, expected a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path}: not a regular file")
        if info.st_size > MAX_BYTES:
            raise InputError(f"{path}: larger than {MAX_BYTES // 2**20} MiB, not an env file")
        data = _read_all(fd, info.st_size)
        if len(data) > MAX_BYTES:
            raise InputError(f"{path}: larger than {MAX_BYTES // 2**20} MiB, not an env file")
    except OSError as exc:
        raise InputError(_read_error(path, exc)) from None
    finally:
        os.close(fd)
    return Snapshot(path, data, info.st_mode, info.st_mtime_ns, info.st_size, info.st_ino)


_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


def _read_all(fd: int, size: int) -> bytes:
    chunks = [os.read(fd, size + 1)]
    if len(chunks[0]) <= size:  # got no more than stat said: that was all (the usual case)
        return chunks[0]
    while chunks[-1] and sum(map(len, chunks)) <= MAX_BYTES:
        chunks.append(os.read(fd, 1 << 16))
    return b"".join(chunks)


def _read_error(path: str | Path, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"{path}: no such file"
    if isinstance(exc, IsADirectoryError):
        return f"{path}: is a directory, expected a file"
    if isinstance(exc, PermissionError):
        return f"{path}: permission denied (cannot read)"
    return f"{path}: cannot read ({exc.strerror or type(exc).__name__})"


def resolve_target(path: str | Path) -> Path:
    """The real file behind ``path`` (symlinks followed), so a link stays a link."""
    return Path(os.path.realpath(path))


def unchanged_since(snapshot: Snapshot) -> bool:
    """True when the file on disk still has the bytes that were read."""
    try:
        with open(snapshot.path, "rb") as handle:
            return handle.read(MAX_BYTES + 1) == snapshot.data
    except OSError:
        return False


def write_atomic(snapshot: Snapshot, data: bytes, *, backup: bool = False) -> None:
    """Replace the file read as ``snapshot`` with ``data``, atomically; see module doc."""
    target = resolve_target(snapshot.path)
    if not unchanged_since(snapshot):
        raise WriteError(f"{snapshot.path}: changed on disk since it was read; not written")
    if backup:
        _backup(target, snapshot)
    fd, tmp = _mkstemp(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, stat.S_IMODE(snapshot.mode))
        if not unchanged_since(snapshot):
            raise WriteError(f"{snapshot.path}: changed on disk while writing; not written")
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise WriteError(
                f"{snapshot.path}: write failed ({_why(exc)}); file untouched"
            ) from None
        raise
    _fsync_dir(target.parent)


def _mkstemp(target: Path) -> tuple[int, str]:
    import tempfile  # only a write needs it: check stays light

    try:
        return tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise WriteError(f"{target}: cannot create a temp file beside it ({_why(exc)})") from None


def _backup(target: Path, snapshot: Snapshot) -> None:
    backup = target.with_name(target.name + ".bak")
    try:
        fd = os.open(backup, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IMODE(snapshot.mode))
    except FileExistsError:
        raise WriteError(
            f"{backup}: backup already exists; move it away or drop --backup"
        ) from None
    except OSError as exc:
        raise WriteError(f"{backup}: cannot create backup ({_why(exc)})") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(snapshot.data)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _why(exc: OSError) -> str:
    return exc.strerror or errno.errorcode.get(exc.errno or 0, type(exc).__name__)
