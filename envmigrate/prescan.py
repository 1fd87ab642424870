"""``check`` over a large folder walk: part of the reads and the needle pre-filter in a
forked worker (Linux), so that two cores share the part of the work that is system calls.

Most files of a tree name no watched key: their cost is the read (open, fstat, read,
close) and one search. The parent checks the first part of the files itself, in order,
while a forked child reads the rest through the same bounded reader
(``fileio.read_first``) and the same pre-filter (``registry.wanted``) and streams back,
in order, one record per file:

- ``clean``: read, no needle (an env file: also plain ASCII without NUL, so it needs no
  decoding): the parent records it clean;
- ``data``: the bytes of a file to scan; the parent scans them as if it had read them
  itself (each file is read once);
- ``linked``: the same, with the file's (device, inode): it has several hard links, and
  the run's ``fileio.Seen`` decides in order whether an earlier path reached it already;
- ``again``: anything else (unreadable, not a regular file any more, grew while read):
  the parent does that file itself, so its message is the reader's own.

The report, its order and every message are the serial loop's (tests/test_prescan.py
runs both over generated trees). Records come through a pipe, one file at a time: the
parent holds one file's bytes at once, as the serial loop does. If the child dies or its
records stop early, the parent checks the remaining files itself; a Ctrl-C or an error
in the parent ends the child. Elsewhere (no ``fork``, not Linux, one CPU, a busy machine,
a small run, a walk whose files may be met by several paths) the serial loop runs: on a
machine whose cores are all busy, the child only adds its own cost.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Generator, Sequence
from typing import TYPE_CHECKING, BinaryIO

from envmigrate import fileio
from envmigrate.errors import EnvmigrateError
from envmigrate.scanners import registry
from envmigrate.scanners.registry import ENV

if TYPE_CHECKING:
    from envmigrate.files import Source
    from envmigrate.rules import RenameTable

#: Fewer files than this are checked by the parent alone (a fork costs about a millisecond
#: and the child's records must pay it back). Looked up at call time (tests change it).
MIN_FILES = 2000
#: The parent's share of the files (it also scans every file that needs it, the child's
#: included, so the child reads more).
PARENT_SHARE = 0.4

CLEAN = b"c"
DATA = b"d"
LINKED = b"l"
AGAIN = b"a"
#: The child writes its records in pieces of about this size.
_CHUNK = 1 << 16


class Clean:
    """The pre-filter's answer for a file with nothing to scan (it was read, once)."""

    __slots__ = ()


#: What ``reads`` yields for a file the child read and found clean.
IS_CLEAN = Clean()


def usable(found: Sequence[Source]) -> bool:
    """Whether this run may fork a reader: Linux, two CPUs of which one is idle (the
    load average of the last minute leaves one spare), a large walk of listed files that
    no two paths can reach (``Seen.every`` false), no threads to fork."""
    if sys.platform != "linux" or not hasattr(os, "fork") or len(found) < MIN_FILES:
        return False
    cpus = len(os.sched_getaffinity(0))
    if cpus < 2 or os.getloadavg()[0] > cpus - 0.5:  # no core to spare: the fork only costs
        return False
    if "threading" in sys.modules:
        import threading

        if threading.active_count() > 1:
            return False
    seen = found[-1].seen
    return seen is not None and not seen.every


def reads(
    found: Sequence[Source], rules: RenameTable, *, strict: bool = False
) -> Generator[tuple[Source, fileio.Snapshot | Clean | None], None, None]:
    """Every source in order with what is known of it: ``None`` (read it), a
    ``fileio.Snapshot`` (read already: scan it) or ``IS_CLEAN``. A file an earlier path
    reached (a hard link) is left out, as ``fileio.read_first`` leaves it out.

    Close the iterator when stopping early (``contextlib.closing``): that ends the child.
    """
    if not usable(found):
        for source in found:
            yield source, None
        return
    split = int(len(found) * PARENT_SHARE)
    mine, theirs = found[:split], found[split:]
    seen = found[-1].seen
    if not theirs or not all(s.listed and not s.stdin and s.seen is seen for s in theirs):
        for source in found:
            yield source, None
        return
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        for source in found:
            yield source, None
        return
    if pid == 0:  # the child: never returns, whatever goes wrong in it
        try:
            os.close(read_end)
            _child(theirs, write_end, rules, strict)
        finally:
            os._exit(1)
    os.close(write_end)
    pipe = fileio.channel(read_end, _CHUNK)
    finished = False
    try:
        for source in mine:
            yield source, None
        assert seen is not None  # usable() said so
        done = 0
        for source in theirs:
            record = _record(pipe)
            if record is None:  # the child stopped early: the rest is checked here
                break
            done += 1
            tag, data, link = record
            if tag is CLEAN:
                yield source, IS_CLEAN
            elif tag is AGAIN:
                yield source, None
            elif link is None or seen.first_id(*link):
                yield source, fileio.Snapshot(source.path, data)
        finished = True
        for source in theirs[done:]:
            yield source, None
    finally:
        pipe.close()  # a child still writing gets EPIPE and ends
        _reap(pid, wait=finished)


def _record(pipe: BinaryIO) -> tuple[bytes, bytes, tuple[int, int] | None] | None:
    """The next record, or None when the child's records ended (or broke off)."""
    read = pipe.read
    tag = read(1)
    if tag == CLEAN:
        return CLEAN, b"", None
    if tag == AGAIN:
        return AGAIN, b"", None
    if tag == DATA:
        link = None
    elif tag == LINKED:
        head = read(16)
        if len(head) < 16:
            return None
        link = (int.from_bytes(head[:8], "little"), int.from_bytes(head[8:], "little"))
    else:  # the end, or a record the child did not finish
        return None
    size_bytes = read(8)
    if len(size_bytes) < 8:
        return None
    size = int.from_bytes(size_bytes, "little")
    data = read(size)
    if len(data) < size:
        return None
    return (DATA if link is None else LINKED), data, link


def _reap(pid: int, *, wait: bool) -> None:
    """Wait for the child (it has written its last record, or stopped early); when the
    parent stops early (an error, Ctrl-C), the child is ended first."""
    if not wait:
        import signal

        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


class _Links(fileio.Seen):
    """The child's Seen: a file with several hard links is read, and its id kept for the
    parent's Seen to decide (in order, with the paths the parent read)."""

    __slots__ = ("last",)

    def __init__(self) -> None:
        super().__init__(every=False)
        self.last: tuple[int, int] | None = None

    def first(self, info: os.stat_result) -> bool:
        self.last = (info.st_dev, info.st_ino)
        return True

    def take(self) -> tuple[int, int] | None:
        """The id of the file just read if it has several hard links (then forgotten)."""
        link, self.last = self.last, None
        return link


def _child(sources: Sequence[Source], out: int, rules: RenameTable, strict: bool) -> None:
    """Read and pre-filter ``sources``, write a record for each, and exit (never returns)."""
    code = 1
    try:
        import gc

        gc.disable()  # no collection passes over (and copies of) the parent's objects
        links = _Links()
        needles: dict[str, tuple[bytes, ...]] = {}
        buffer = bytearray()
        for source in sources:
            kind = source.kind
            keys = needles.get(kind)
            if keys is None:
                keys = needles[kind] = registry.needles(kind, rules, strict=strict)
            try:
                snapshot = fileio.read_first(source.path, links, listed=True)
            except EnvmigrateError:
                links.take()
                buffer += AGAIN
                continue
            assert snapshot is not None  # _Links passes no file over
            data = snapshot.data
            link = links.take()
            if link is None and _clean(data, kind, keys):
                buffer += CLEAN
            else:
                if link is None:
                    buffer += DATA
                else:
                    buffer += LINKED
                    buffer += link[0].to_bytes(8, "little") + link[1].to_bytes(8, "little")
                buffer += len(data).to_bytes(8, "little")
                buffer += data
            if len(buffer) >= _CHUNK:
                _write(out, buffer)
                buffer = bytearray()
        _write(out, buffer)
        code = 0
    finally:
        os._exit(code)  # no clean-up of the parent's state, no buffered output flushed


def _clean(data: bytes, kind: str, keys: tuple[bytes, ...]) -> bool:
    """What ``pipeline.check_file`` would record clean without decoding or scanning."""
    if kind == ENV:
        return not registry.wanted(data, keys) and data.isascii() and data.find(b"\0") < 0
    return len(data) > registry.CODE_MAX_BYTES or not registry.wanted(data, keys)


def _write(fd: int, data: bytes | bytearray) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
