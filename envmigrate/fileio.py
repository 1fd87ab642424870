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
import tempfile
from dataclasses import dataclass
from pathlib import Path

from envmigrate.errors import InputError, WriteError

#: Env files larger than this are refused. Mirrors ``envfile.MAX_BYTES`` (documented).
MAX_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What was read: the bytes and enough of the stat to notice a later change."""

    path: Path
    data: bytes
    mode: int
    mtime_ns: int
    size: int
    inode: int


def read(path: Path) -> Snapshot:
    """Read a whole env file; raise InputError with one clear line on anything unusable."""
    try:
        # O_NONBLOCK: opening a FIFO (or a device) must not hang; it is refused below.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):  # pragma: no cover - open() fails first on Linux
                raise InputError(f"{path}: is a directory, expected a file")
            if not stat.S_ISREG(info.st_mode):
                raise InputError(f"{path}: not a regular file")
            if info.st_size > MAX_BYTES:
                raise InputError(f"{path}: larger than {MAX_BYTES // 2**20} MiB, not an env file")
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, expected a file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied (cannot read)") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or type(exc).__name__})") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{path}: larger than {MAX_BYTES // 2**20} MiB, not an env file")
    return Snapshot(path, data, info.st_mode, info.st_mtime_ns, info.st_size, info.st_ino)


def resolve_target(path: Path) -> Path:
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
