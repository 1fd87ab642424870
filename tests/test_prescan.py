"""The forked reader of a large check (``prescan``): the same report as the serial loop.

Every test runs ``check`` twice over one tree, with the fork (``MIN_FILES`` lowered so
that small trees use it) and without, and compares everything the user sees: stdout,
stderr, the exit code and the JSON document. Trees are generated (Hypothesis) from files
that are clean, that need scanning, that are not text, too large to scan, hard-linked
(in the parent's share, the child's, or both) or gone before they are read.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate import prescan
from envmigrate.commands import check as check_command
from envmigrate.entry import main
from envmigrate.files import sources
from envmigrate.rules import DEFAULT_RULES
from envmigrate.scanners import registry
from tests.conftest import SENTINEL

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or len(os.sched_getaffinity(0)) < 2,
    reason="the forked reader runs on Linux with two CPUs or more",
)

NAMES = [".env", ".env.local", "prod.env", "app.py", "web.js", "run.sh", "ci.yml", "main.go",
         "Dockerfile", "notes.md", "data.json"]  # fmt: skip
BODIES = [
    b"DINGTALK_APP_KEY=k\nDINGTALK_APP_SECRET=" + SENTINEL.encode() + b"\n",
    b'import os\nkey = os.environ["DINGTALK_APP_KEY"]\nsecret = "' + SENTINEL.encode() + b'"\n',
    b"DINGTALK_CLIENT_ID=k\nDINGTALK_CLIENT_SECRET=\n",
    b"OTHER=1\n# nothing here\n",
    b"caf\xc3\xa9=1\n",  # not ASCII: decoded
    b"A=1\0\n",  # NUL: not text
    b"\xff\xfe not utf-8 DINGTALK_APP_KEY\n",
    b"x" * 300 + b" DingTalkStreamClient\n",  # too large once CODE_MAX_BYTES is lowered
    b"",
    b"A=1  # envmigrate: ignore[EM001]\n",  # names nothing: read only under --strict
    b'k = "APP_KEY"  # a piece of a name: read, nothing to report\n',
]
TREES = st.lists(
    st.tuples(st.sampled_from(["", "a/", "a/b/", "c/"]), st.sampled_from(NAMES),
              st.sampled_from(BODIES)),
    min_size=1,
    max_size=24,
)  # fmt: skip


@pytest.fixture(autouse=True)
def _idle(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine looks idle (a loaded test machine would keep the fork out)."""
    monkeypatch.setattr(prescan.os, "getloadavg", lambda: (0.0, 0.0, 0.0))


def run(*args: str) -> tuple[int, str, str]:
    with CliRunner().isolation() as (out, err, _):
        code = main(list(args))
    return code, out.getvalue().decode(), err.getvalue().decode()


def both(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[tuple[int, str, str], ...]:
    """(serial, forked) results of one command."""
    monkeypatch.setattr(prescan, "MIN_FILES", 10**9)
    serial = run(*args)
    monkeypatch.setattr(prescan, "MIN_FILES", 1)
    forked = run(*args)
    return serial, forked


def _build(root: Path, tree: list[tuple[str, str, bytes]], links: list[int]) -> None:
    made: list[Path] = []
    for index, (folder, name, body) in enumerate(tree):
        (root / folder).mkdir(parents=True, exist_ok=True)
        path = root / folder / f"{index:02d}{name}" if name[0] != "." else root / folder / name
        if path.exists():
            continue
        path.write_bytes(body)
        made.append(path)
    for i in links:  # a second name for a file, elsewhere in the walk (sorted: later or earlier)
        if made:
            target = made[i % len(made)]
            twin = root / "z" / target.name if i % 2 else root / "0" / target.name
            twin.parent.mkdir(exist_ok=True)
            if not twin.exists():
                os.link(target, twin)


@settings(max_examples=60, deadline=None)
@given(tree=TREES, links=st.lists(st.integers(0, 50), max_size=4), share=st.floats(0.0, 1.0))
def test_forked_reader_gives_the_serial_report(
    tree: list[tuple[str, str, bytes]], links: list[int], share: float
) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch, tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        _build(root, tree, links)
        monkeypatch.chdir(root)
        monkeypatch.setattr(prescan, "PARENT_SHARE", share)
        monkeypatch.setattr(registry, "CODE_MAX_BYTES", 200)
        for args in (
            ["check", "."],
            ["check", "--format", "json", "."],
            ["check", "--no-code"],
            ["check", "--strict", "--format", "json", "."],
        ):
            serial, forked = both(monkeypatch, *args)
            assert forked == serial, args
            assert SENTINEL not in forked[1] + forked[2]


def test_the_fork_is_used_and_each_file_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child reads its share, the parent only its own (and none of the child's again)."""
    for i in range(40):
        body = b"DINGTALK_APP_KEY=k\n" if i % 3 == 0 else b"OTHER=1\n"
        (tmp_path / f"{i:02d}.env").write_bytes(body)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(prescan, "MIN_FILES", 1)
    forked = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(prescan.os, "fork", fork)
    read_here: list[str] = []
    real_read = prescan.fileio.read_first

    def spy(path: str, seen: object, *, listed: bool = False) -> object:
        if os.getpid() == parent:
            read_here.append(str(path))
        return real_read(path, seen, listed=listed)  # type: ignore[arg-type]

    parent = os.getpid()
    monkeypatch.setattr(prescan.fileio, "read_first", spy)
    code, out, _ = run("check", "--no-code", ".")
    assert code == 1
    assert out.count("EM001") == 14
    assert len(forked) == 1
    assert sorted(read_here) == [f"{i:02d}.env" for i in range(int(40 * prescan.PARENT_SHARE))]


def test_a_child_that_stops_early_leaves_the_rest_to_the_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(30):
        (tmp_path / f"{i:02d}.env").write_bytes(b"DINGTALK_APP_KEY=k\n" if i % 2 else b"A=1\n")
    monkeypatch.chdir(tmp_path)
    serial, _ = both(monkeypatch, "check", ".")
    real_child = prescan._child

    def dies(found: list[object], out: int, rules: object, strict: bool) -> None:
        os.write(out, prescan.CLEAN)  # one record, then a record cut short
        os.write(out, prescan.DATA + (100).to_bytes(8, "little") + b"abc")
        os._exit(3)

    monkeypatch.setattr(prescan, "_child", dies)
    assert run("check", ".") == serial

    def raises(*args: object) -> None:  # a child that fails before writing anything
        raise TypeError("in the child")

    monkeypatch.setattr(prescan, "_child", raises)
    assert run("check", ".") == serial  # it exits; the parent checks every file itself
    monkeypatch.setattr(prescan, "_child", real_child)
    assert run("check", ".") == serial
    with pytest.raises(ChildProcessError):  # every child was waited for
        os.waitpid(-1, os.WNOHANG)


class Exited(BaseException):
    """``os._exit`` in a test that plays the child's part."""


def test_the_child_never_returns_into_the_parents_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the child's work raises (here before it starts), the forked process ends
    with os._exit: it must never run on into the parent's loop, output and tests."""
    for i in range(30):
        (tmp_path / f"{i:02d}.env").write_bytes(b"A=1\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(prescan, "MIN_FILES", 1)
    monkeypatch.setattr(prescan.os, "fork", lambda: 0)  # this process plays the child

    def exit_(code: int) -> None:
        raise Exited(code)

    def fails(*args: object) -> None:
        raise TypeError("in the child")

    monkeypatch.setattr(prescan.os, "_exit", exit_)
    monkeypatch.setattr(prescan, "_child", fails)
    found = sources([Path(".")], code=False, say=lambda _: None, unusable=lambda *_: None)
    with pytest.raises(Exited) as caught:
        list(prescan.reads(found, DEFAULT_RULES))
    assert caught.value.args == (1,)


def test_an_error_in_the_parent_ends_the_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(3000):  # more than a pipe holds: the child is still writing
        (tmp_path / f"{i:04d}.env").write_bytes(b"DINGTALK_APP_KEY=k\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(prescan, "MIN_FILES", 1)
    calls = []

    def boom(*args: object) -> None:
        calls.append(1)
        if len(calls) > 5:
            raise KeyboardInterrupt

    monkeypatch.setattr(check_command, "check_file", boom)
    code, _, _ = run("check", ".")
    assert code == 130
    with pytest.raises(ChildProcessError):  # killed and waited for: no zombie left
        os.waitpid(-1, os.WNOHANG)


def test_vanished_files_are_reported_by_the_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file gone between the walk and the read: the child sends it back, the parent's
    reader says why (an env file is an error; a code file is passed over)."""
    monkeypatch.chdir(tmp_path)
    real_sources = check_command.sources

    def then_delete(*args: object, **kwargs: object) -> list[object]:
        for i in range(10):
            (tmp_path / f"{i:02d}.env").write_bytes(b"A=1\n")
            (tmp_path / f"{i:02d}.py").write_bytes(b"x = 1\n")
        found = real_sources(*args, **kwargs)  # type: ignore[arg-type]
        for name in ("08.env", "09.py", "01.env"):
            (tmp_path / name).unlink()
        return found

    monkeypatch.setattr(check_command, "sources", then_delete)
    serial, forked = both(monkeypatch, "check", ".")
    assert forked == serial
    assert serial[0] == 2
    assert "08.env: no such file" in serial[2]
    assert "01.env" in serial[2]


@pytest.mark.parametrize(
    "why",
    ["small", "one-cpu", "busy", "not-linux", "several-paths", "threads"],
)
def test_the_serial_loop_where_a_fork_does_not_fit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, why: str
) -> None:
    for i in range(20):
        (tmp_path / f"{i:02d}.env").write_bytes(b"A=1\n")
    monkeypatch.setattr(prescan, "MIN_FILES", 21 if why == "small" else 1)
    if why == "one-cpu":
        monkeypatch.setattr(prescan.os, "sched_getaffinity", lambda pid: {0})
    if why == "busy":  # two CPUs, and a load of 1.6 leaves none idle
        monkeypatch.setattr(prescan.os, "sched_getaffinity", lambda pid: {0, 1})
        monkeypatch.setattr(prescan.os, "getloadavg", lambda: (1.6, 0.0, 0.0))
    if why == "not-linux":
        monkeypatch.setattr(prescan.sys, "platform", "darwin")
    paths = [tmp_path, tmp_path / "00.env"] if why == "several-paths" else [tmp_path]
    found = sources(paths, code=True, say=print)
    if why == "threads":
        import threading

        release = threading.Event()
        worker = threading.Thread(target=release.wait)
        worker.start()
    try:
        assert not prescan.usable(found)
        assert [r for _, r in prescan.reads(found, DEFAULT_RULES)] == [None] * len(found)
    finally:
        if why == "threads":
            release.set()
            worker.join()
    if why in ("small", "several-paths"):
        monkeypatch.setattr(prescan, "MIN_FILES", 1)
        assert prescan.usable(found) == (why == "small")
