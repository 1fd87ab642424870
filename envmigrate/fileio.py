"""Reading and writing user files safely: the only module that opens a user's file.

``read`` is the one bounded, non-blocking reader for every file the tool reads (env
files, code, configuration, ``.gitignore``): it refuses anything but a regular file
(FIFOs, devices and sockets are never opened for reading data), refuses files above a
size limit, and reads exactly the size ``fstat`` reported, plus one byte to notice growth.

``write_atomic`` replaces a file that was read, never leaving a mix or a temp file:

* On Linux the new bytes go to an unnamed file (``O_TMPFILE``) in the target's folder,
  which a kill at any moment simply drops; once complete (fsynced, the original's mode,
  owner and group) it is linked under a random name and renamed over the target at once.
  Elsewhere a named temp file, mode 0600 while written, is removed on failure, Ctrl-C,
  SIGTERM and SIGHUP.
* Through a symlink the link's target is replaced (the link stays a link).
* It refuses, writing nothing, when the file changed or was deleted since it was read, is
  read-only, or its owner/group cannot be kept in a way that leaves it as readable.
* ``os.replace`` failing with a permission error (Windows: another program holds the file
  open) is retried briefly, then reported with the file untouched.

POSIX-only attributes (``O_NONBLOCK``, ``O_TMPFILE``, ``fchown``...) are looked up when
used, never at import, so the module imports on every platform. No ``O_CLOEXEC``: Python
opens every descriptor non-inheritable already.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

from envmigrate.errors import InputError, WriteError
from envmigrate.i18n import Msg

#: Files larger than this are refused (documented). Looked up at call time (tests patch it).
MAX_BYTES = 16 * 1024 * 1024
#: Pauses between attempts when ``os.replace`` is refused (Windows: the file is held open).
REPLACE_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8)


class Snapshot(NamedTuple):
    """What was read: the path as given and the bytes. A later change is noticed by
    comparing bytes (a stat can be fooled by a same-size edit within the clock's tick);
    the write takes mode, owner and group from the file as it is then."""

    path: str | Path
    data: bytes


def _flag(name: str) -> int:
    """An ``os`` open flag, or 0 where the platform has none."""
    return int(getattr(os, name, 0))


# -- reading --------------------------------------------------------------------------------


def read(path: str | Path, *, limit: int | None = None, listed: bool = False) -> Snapshot:
    """Read a whole regular file; raise InputError with one clear line on anything else.

    The path is ``stat``-ed first so a FIFO or device is never opened; the open uses
    ``O_NONBLOCK`` (where it exists) and the descriptor is checked again with ``fstat``,
    so a file swapped in between cannot block or feed endless bytes either.

    ``listed``: a folder listing has just seen a regular file at ``path`` (its type, as
    ``os.DirEntry.is_file`` tells it); the first ``stat`` is then left out, the
    descriptor's ``fstat`` still refuses anything swapped in since.
    """
    snapshot = _read(path, MAX_BYTES if limit is None else limit, listed, None)
    assert snapshot is not None  # only a Seen set passes a file over
    return snapshot


class Seen:
    """The files a run has read, by (device, inode): one file reached by several paths (a
    symlink, a hard link, two PATH arguments) is read once, by the first path.

    ``every``: remember every file (more than one path could reach any of them); else
    only files with several hard links, the only ones a single folder walk that follows
    no links can meet twice. The open flags are looked up once, for the whole run.
    """

    __slots__ = ("every", "flags", "ids")

    def __init__(self, *, every: bool) -> None:
        self.every = every
        self.ids: set[tuple[int, int]] = set()
        self.flags = _read_flags()

    def first(self, info: os.stat_result) -> bool:
        """True the first time this file is met (and it is remembered if need be)."""
        if not self.every and info.st_nlink < 2:
            return True
        return self.first_id(info.st_dev, info.st_ino)

    def first_id(self, device: int, inode: int) -> bool:
        """True the first time this (device, inode) is met; it is remembered."""
        key = (device, inode)
        if key in self.ids:
            return False
        self.ids.add(key)
        return True


def read_first(path: str | Path, seen: Seen, *, listed: bool = False) -> Snapshot | None:
    """:func:`read`, or None when ``seen`` holds the file already (read by another path)."""
    return _read(path, MAX_BYTES, listed, seen)


def _read(path: str | Path, cap: int, listed: bool, seen: Seen | None) -> Snapshot | None:
    try:
        if not listed:
            _check_regular(path, os.stat(path), cap)
        fd = os.open(path, _read_flags() if seen is None else seen.flags)
    except OSError as exc:
        if seen is not None and not _first_unreadable(path, seen):
            return None
        raise InputError(_read_error(path, exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > cap:
            _check_regular(path, info, cap)
        if seen is not None and (seen.every or info.st_nlink > 1) and not seen.first(info):
            return None
        count = info.st_size + 1
        data = os.read(fd, count)
        if len(data) < count - 1:  # a short read that is not the end of the file
            data = _read_exactly(fd, count, data)
    except OSError as exc:
        raise InputError(_read_error(path, exc)) from None
    finally:
        os.close(fd)
    if len(data) > info.st_size:
        raise InputError(
            Msg("{path}: grew while being read; try again when it is complete", path=path)
        )
    return _new(Snapshot, (path, data))  # once per file: NamedTuple's __new__ is Python


_new = tuple.__new__


def _first_unreadable(path: str | Path, seen: Seen) -> bool:
    """A file that cannot be opened is reported once too, whatever the path to it."""
    try:
        return seen.first(os.stat(path))
    except OSError:
        return True


def channel(fd: int, buffering: int) -> BinaryIO:
    """A buffered reader over the read end of a pipe from a worker of this run (the forked
    reader of ``prescan``); never a user's file. Closing it closes ``fd``."""
    return os.fdopen(fd, "rb", buffering=buffering)


def read_bytes(path: str | Path, *, limit: int | None = None) -> bytes:
    """The bytes of a regular file, through :func:`read` (same checks, same errors)."""
    return read(path, limit=limit).data


def _read_flags() -> int:
    """The open flags of a read, looked up at each call (tests simulate other platforms)."""
    return os.O_RDONLY | _flag("O_NONBLOCK") | _flag("O_NOCTTY") | _flag("O_BINARY")


def _check_regular(path: str | Path, info: os.stat_result, cap: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise InputError(Msg("{path}: is a directory, expected a file", path=path))
    if not stat.S_ISREG(info.st_mode):
        raise InputError(
            Msg(
                "{path}: not a regular file ({kind}); not read",
                path=path,
                kind=special_kind(info.st_mode),
            )
        )
    if info.st_size > cap:
        raise InputError(Msg("{path}: larger than {size}; not read", path=path, size=_size(cap)))


def special_kind(mode: int) -> str:
    """What a non-regular file is, for messages: a FIFO, a device, a socket."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "special file"


def _size(cap: int) -> str:
    return f"{cap // 2**20} MiB" if cap >= 2**20 else f"{cap} bytes"


def _read_exactly(fd: int, count: int, first: bytes) -> bytes:
    """Up to ``count`` bytes (fewer only at end of file), after the ``first`` ones read.

    A regular file's read returns fewer bytes than asked only at its end, so a first read
    one byte short of ``count`` (the size ``fstat`` gave, plus one) needs no second read
    to know the file did not grow: the caller stops there. Any other short read (a file
    system that reads in pieces) keeps reading until the end or ``count``.
    """
    chunks = [first]
    got = len(first)
    chunk = first
    while chunk and got < count:
        chunk = os.read(fd, count - got)
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _read_error(path: str | Path, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return Msg("{path}: no such file", path=path)
    if isinstance(exc, PermissionError):
        return Msg("{path}: permission denied (cannot read)", path=path)
    return Msg("{path}: cannot read ({why})", path=path, why=_why(exc))


def resolve_target(path: str | Path) -> Path:
    """The real file behind ``path`` (symlinks followed), so a link stays a link."""
    return Path(os.path.realpath(path))


# -- writing --------------------------------------------------------------------------------


def write_atomic(snapshot: Snapshot, data: bytes, *, backup: bool = False) -> None:
    """Replace the file read as ``snapshot`` with ``data``, atomically; see module doc."""
    target = resolve_target(snapshot.path)
    info = _still_there(snapshot, target, "since it was read")
    _writable(snapshot.path, target, info)
    if backup:
        _backup(target, snapshot, info)
    with _signals_raise():
        temp = _Temp(target)
        try:
            temp.open()
            temp.write(data)
            _keep_owner(snapshot.path, temp.fd, info)
            temp.set_mode(stat.S_IMODE(info.st_mode))
            _still_there(snapshot, target, "while writing")
            temp.install(target, snapshot.path)
        except BaseException as exc:
            temp.discard()
            if isinstance(exc, OSError):
                raise WriteError(
                    Msg(
                        "{path}: write failed ({why}); file untouched",
                        path=snapshot.path,
                        why=_why(exc),
                    )
                ) from None
            raise
    _fsync_dir(target.parent)


def write_report(path: str | Path, data: bytes, *, mode: int = 0o644) -> None:
    """Create or replace a report file (``--output-file``) atomically, with ``mode``.

    The steps of ``write_atomic`` without a snapshot to compare: a temp file beside the
    target, fsync, the mode, one rename (through a symlink onto its target). Readers never
    see a half-written report; on failure an old report is left as it was.
    """
    target = resolve_target(path)
    if target.is_dir():
        raise WriteError(Msg("{path}: is a directory; --output-file needs a file name", path=path))
    with _signals_raise():
        temp = _Temp(target)
        try:
            temp.open()
            temp.write(data)
            temp.set_mode(mode)
            temp.install(target, path)
        except BaseException as exc:
            temp.discard()
            if isinstance(exc, OSError):
                raise WriteError(
                    Msg("{path}: cannot write the report ({why})", path=path, why=_why(exc))
                ) from None
            raise
    _fsync_dir(target.parent)


def append(path: str | Path, data: bytes) -> None:
    """Append to a file, creating it (a CI runner's $GITHUB_STEP_SUMMARY, $GITHUB_OUTPUT)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _flag("O_BINARY"), 0o644)
    except OSError as exc:
        raise WriteError(Msg("{path}: cannot append ({why})", path=path, why=_why(exc))) from None
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _still_there(snapshot: Snapshot, target: Path, when: str) -> os.stat_result:
    """The target's stat, or WriteError when it was deleted or its bytes changed."""
    try:
        current = read(target)
    except InputError:
        if not os.path.lexists(target) or not os.path.lexists(snapshot.path):
            raise WriteError(
                Msg("{path}: deleted {when}; not written", path=snapshot.path, when=when)
            ) from None
        raise WriteError(
            Msg("{path}: changed on disk {when}; not written", path=snapshot.path, when=when)
        ) from None
    if current.data != snapshot.data:
        raise WriteError(
            Msg("{path}: changed on disk {when}; not written", path=snapshot.path, when=when)
        )
    return os.stat(target)


def _writable(path: str | Path, target: Path, info: os.stat_result) -> None:
    """Refuse a read-only file (no write bit at all, or none for this user)."""
    if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise WriteError(
            Msg("{path}: read-only; not written (make it writable to migrate it)", path=path)
        )


class _Temp:
    """The file being written: unnamed (Linux ``O_TMPFILE``) or a 0600 named temp file.

    ``name`` is set before anything is created under it, so a signal arriving between a
    system call and the next line can never leave a file that ``discard`` does not know.
    """

    def __init__(self, target: Path) -> None:
        self.folder = target.parent
        self.prefix = f".{target.name}.envmigrate-"
        self.fd = -1
        self.name: str | None = None  # None while unnamed
        self.closed = True

    def open(self) -> None:
        unnamed = _flag("O_TMPFILE") if os.path.isdir("/proc/self/fd") else 0
        base = os.O_WRONLY | _flag("O_BINARY")
        try:
            if unnamed:
                with contextlib.suppress(OSError):  # not supported here: named temp
                    self.fd = os.open(self.folder, base | unnamed, 0o600)
                    self.closed = False
                    return
            self.name = self._new_name()
            try:
                self.fd = os.open(self.name, base | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                self.name = None  # someone else's file: never removed
                raise
            self.closed = False
        except OSError as exc:
            raise WriteError(
                Msg(
                    "{path}: cannot create a temp file there ({why}); file untouched",
                    path=self.folder,
                    why=_why(exc),
                )
            ) from None

    def _new_name(self) -> str:
        return str(self.folder / f"{self.prefix}{os.urandom(6).hex()}.tmp")

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]
        os.fsync(self.fd)

    def set_mode(self, mode: int) -> None:
        fchmod = getattr(os, "fchmod", None)
        if fchmod is not None:
            fchmod(self.fd, mode)
        else:  # Windows before Python 3.13 (no unnamed files there): only the read-only bit
            os.chmod(self.name or "", mode)

    def link_as(self, name: str) -> None:
        """Give the finished file a second name that must not exist yet (a backup)."""
        if self.name is None:
            _link_unnamed(self.fd, name)
        else:
            os.link(self.name, name)

    def install(self, target: Path, shown: str | Path) -> None:
        """Give the finished file its place: one rename over the target."""
        if self.name is None:
            self.name = self._new_name()
            try:
                _link_unnamed(self.fd, self.name)
            except FileExistsError:
                self.name = None
                raise
        self.close()  # Windows cannot rename a file that is open
        _replace(self.name, target, shown)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            os.close(self.fd)

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.close()
        if self.name is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.name)


def _link_unnamed(fd: int, name: str) -> None:
    """Give the unnamed file ``name`` (``linkat`` following /proc's link to the file).

    A directory descriptor makes ``os.link`` call ``linkat``; following symlinks (its
    default) adds ``AT_SYMLINK_FOLLOW``, which links the file /proc's entry points to.
    """
    folder, base = os.path.split(name)
    folder_fd = os.open(folder, os.O_RDONLY)
    try:
        os.link(f"/proc/self/fd/{fd}", base, dst_dir_fd=folder_fd)
    finally:
        os.close(folder_fd)


def _replace(source: str, target: Path, shown: str | Path) -> None:
    """``os.replace``, retried while another program holds the file (Windows)."""
    import time

    for delay in (*REPLACE_DELAYS, None):
        try:
            os.replace(source, target)
            return
        except PermissionError as exc:
            if not _held_open(exc):
                raise
            if delay is None:
                raise WriteError(
                    Msg(
                        "{path}: cannot replace it: another program holds it open "
                        "(an editor, a running server?); file untouched",
                        path=shown,
                    )
                ) from None
            time.sleep(delay)


def _held_open(exc: PermissionError) -> bool:
    """A sharing violation or denied access on Windows (both mean: held open, try again)."""
    return os.name == "nt" or getattr(exc, "winerror", None) in (5, 32)


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """While writing, SIGTERM and SIGHUP unwind like Ctrl-C (so the temp file is removed)."""
    import signal  # only a write needs these: check stays light
    import threading

    names = ("SIGTERM", "SIGHUP")
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved: dict[int, object] = {}

    def unwind(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    for number in filter(None, (getattr(signal, n, None) for n in names)):
        with contextlib.suppress(OSError, ValueError):
            saved[number] = signal.signal(number, unwind)
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)  # type: ignore[arg-type]


def _keep_owner(path: str | Path, fd: int, info: os.stat_result) -> None:
    """Give the new file the original's owner and group, or refuse if that matters.

    Root can always keep them. Another user can keep the group when they belong to it.
    When the owner or group cannot be kept and the file would become unreadable for the
    original owner (or for its group), nothing is written.
    """
    fchown = getattr(os, "fchown", None)
    if fchown is None:  # no POSIX owners (Windows)
        return
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) == (info.st_uid, info.st_gid):
        return
    try:
        fchown(fd, info.st_uid, info.st_gid)
        return
    except PermissionError:
        with contextlib.suppress(PermissionError):
            fchown(fd, -1, info.st_gid)
    now = os.fstat(fd)
    if _less_readable(info, now.st_uid, now.st_gid):
        raise WriteError(
            Msg(
                "{path}: cannot keep its owner and group ({uid}:{gid}) as this "
                "user, and the new file would be less readable for them; not written "
                "(run as the file's owner)",
                path=path,
                uid=info.st_uid,
                gid=info.st_gid,
            )
        )


def _less_readable(info: os.stat_result, uid: int, gid: int) -> bool:
    mode = stat.S_IMODE(info.st_mode)
    if mode & stat.S_IRUSR and uid != info.st_uid:
        by_group = bool(mode & stat.S_IRGRP) and _member(info.st_uid, gid)
        if not (by_group or mode & stat.S_IROTH):
            return True
    return bool(mode & stat.S_IRGRP and gid != info.st_gid and not mode & stat.S_IROTH)


def _member(uid: int, gid: int) -> bool:
    """Whether user ``uid`` belongs to group ``gid`` (primary or listed)."""
    try:
        import grp
        import pwd
    except ImportError:  # not POSIX: membership unknown, so never assumed
        return False
    try:
        user = pwd.getpwuid(uid)
        return user.pw_gid == gid or user.pw_name in grp.getgrgid(gid).gr_mem
    except KeyError:
        return False


def _backup(target: Path, snapshot: Snapshot, info: os.stat_result) -> None:
    """``NAME.bak`` beside the real file (through a symlink too), never overwritten.

    Written like the file itself (complete, fsynced, mode and owner kept) and only then
    linked under its name, so a kill never leaves a partial backup.
    """
    backup = target.with_name(target.name + ".bak")
    exists = WriteError(
        Msg("{path}: backup already exists; move it away or drop --backup", path=backup)
    )
    if os.path.lexists(backup):
        raise exists
    with _signals_raise():
        temp = _Temp(target)
        try:
            temp.open()
            temp.write(snapshot.data)
            fchown = getattr(os, "fchown", None)
            if fchown is not None:
                with contextlib.suppress(PermissionError):
                    fchown(temp.fd, info.st_uid, info.st_gid)
            temp.set_mode(stat.S_IMODE(info.st_mode))
            temp.link_as(str(backup))
        except FileExistsError:
            raise exists from None
        except OSError as exc:
            raise WriteError(
                Msg("{path}: cannot create backup ({why})", path=backup, why=_why(exc))
            ) from None
        finally:
            temp.discard()


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _why(exc: OSError) -> str:
    return exc.strerror or errno.errorcode.get(exc.errno or 0, type(exc).__name__)


def read_stdin(name: str = "-") -> Snapshot:
    """All of standard input (``PATH`` ``-``), with the same size cap as a file.

    ``name`` is what messages call it (``--stdin-filename``). A terminal is refused: the
    text has to be piped in, so a forgotten pipe never waits for typing.
    """
    import sys

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError(Msg("{path}: no standard input to read", path=name))
    if stream.isatty():
        raise InputError(Msg("{path}: standard input is a terminal; pipe the text in", path=name))
    try:
        data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(
            Msg("{path}: cannot read standard input ({why})", path=name, why=_why(exc))
        ) from None
    if len(data) > MAX_BYTES:
        raise InputError(
            Msg("{path}: larger than {size}; not read", path=name, size=_size(MAX_BYTES))
        )
    return Snapshot(name, data)
