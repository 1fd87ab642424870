"""PATH arguments and folder walks end to end: unlistable folders, one file by many paths."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from envmigrate import fileio, files
from tests.conftest import legacy_with_sentinel
from tests.test_cli import assert_no_secret, run


@pytest.fixture
def tree(in_tmp: Path) -> Path:
    for name in ("a/.env", "b/.env", "c/.env"):
        (in_tmp / name).parent.mkdir()
        (in_tmp / name).write_text("DINGTALK_CLIENT_ID=x\n")
    return in_tmp


# -- folders that cannot be listed --------------------------------------------------------


def _deny(monkeypatch: pytest.MonkeyPatch, denied: str, error: OSError) -> None:
    real = os.scandir

    def scandir(path: str) -> object:
        if os.path.basename(os.path.normpath(path)) == denied:
            raise error
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


@pytest.mark.parametrize("code", [True, False])
@pytest.mark.parametrize(
    ("error", "said"),
    [
        (PermissionError(13, "Permission denied"), "permission denied (cannot list folder)"),
        (OSError(36, "File name too long"), "cannot list folder (File name too long)"),
        (OSError(5, "Input/output error"), "cannot list folder (Input/output error)"),
    ],
)
def test_unlistable_folder_is_reported_and_the_walk_goes_on(
    tree: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, said: str, code: bool
) -> None:
    _deny(monkeypatch, "b", error)
    found = files.walk(".", code=code)
    assert found.env == ["a/.env", "c/.env"]
    assert found.unlisted == [("b", f"b: {said}; skipped")]
    exit_code, out, err = run("check", *([] if code else ["--no-code"]))
    assert exit_code == 2
    assert f"envmigrate: error: b: {said}; skipped" in err
    assert "All clean" not in err
    assert "3 files checked (1 unusable)" in err
    exit_code, out, err = run("check", "--format", "json")
    document = json.loads(out)
    assert document["exit_code"] == 2
    assert {"path": "b", "status": "error", "diff": "", "message": f"b: {said}; skipped"} in (
        document["files"]
    )


def test_unlistable_named_folder_and_migrate(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tree / "a" / ".env").write_text("DINGTALK_APP_KEY=x\n")
    _deny(monkeypatch, "b", PermissionError(13, "Permission denied"))
    exit_code, _, err = run("check", "b")
    assert (exit_code, "All clean" in err) == (2, False)
    exit_code, _out, err = run("migrate", "--yes", "--no-verify", ".")
    assert exit_code == 2
    assert "b: permission denied (cannot list folder); skipped" in err
    assert (tree / "a" / ".env").read_text() == "DINGTALK_CLIENT_ID=x\n"  # the rest is done


@pytest.mark.skipif(os.mkdir not in os.supports_dir_fd, reason="needs mkdir(dir_fd=)")
def test_path_too_long_is_reported(in_tmp: Path) -> None:
    """A real ENAMETOOLONG: folders nested deeper than PATH_MAX."""
    (in_tmp / ".env").write_text("DINGTALK_CLIENT_ID=x\n")
    name = "d" * 200
    fd = os.open(in_tmp, os.O_RDONLY)
    try:
        for _ in range(25):  # 5,000+ characters: more than Linux's 4,096
            os.mkdir(name, dir_fd=fd)
            sub = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = sub
        os.close(os.open(".env", os.O_WRONLY | os.O_CREAT, 0o600, dir_fd=fd))
    finally:
        os.close(fd)
    exit_code, _, err = run("check")
    assert exit_code == 2
    assert "cannot list folder (File name too long); skipped" in err
    assert "All clean" not in err


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    """A folder another user can enter (pytest's tmp_path is private to its owner)."""
    folder = Path(tempfile.mkdtemp())
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in folder.rglob("*"):
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(folder)


def _as_nobody(args: list[str]) -> tuple[int, str, str]:
    """``run(*args)`` in a forked child that dropped root for ``nobody`` (no exec needed)."""
    import pwd

    nobody = pwd.getpwnam("nobody")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(read)
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            result = json.dumps(run(*args)).encode()
            os.write(write, result)
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    code, out, err = json.loads(data)
    return code, out, err


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX permissions")
def test_permission_denied_for_real(open_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A real EACCES: as root, a forked child drops to ``nobody``; otherwise mode 000."""
    for name in ("a/.env", "locked/.env", "z/app.py"):
        (open_tmp / name).parent.mkdir(exist_ok=True)
        (open_tmp / name).write_text("DINGTALK_CLIENT_ID=x\n")
    monkeypatch.chdir(open_tmp)
    args = ["check", "--format", "json", "."]
    if os.getuid() == 0:
        (open_tmp / "locked").chmod(0o700)
        assert run(*args)[0] == 0  # root lists it (and every lazy import is loaded)
        code, out, err = _as_nobody(args)
    else:
        (open_tmp / "locked").chmod(0o000)
        code, out, err = run(*args)
    assert code == 2, err
    document = json.loads(out)
    assert document["errors"] == ["locked: permission denied (cannot list folder); skipped"]
    assert [f["path"] for f in document["files"]] == ["locked", "a/.env", "z/app.py"]


# -- one file by many paths ----------------------------------------------------------------


def _legacy(path: Path) -> Path:
    path.write_bytes(legacy_with_sentinel())
    return path


@pytest.mark.parametrize(
    "spell",
    [
        lambda tmp: ["a.env", str(tmp / "a.env")],
        lambda tmp: ["a.env", "./a.env", "a.env"],
        lambda tmp: [".", "a.env"],
        lambda tmp: ["a.env", "."],
        lambda tmp: [".", str(tmp)],
        lambda tmp: ["sub/../a.env", "a.env"],
    ],
)
def test_one_file_named_twice_is_migrated_once(in_tmp: Path, spell: object) -> None:
    target = _legacy(in_tmp / "a.env")
    (in_tmp / "sub").mkdir()
    args = spell(in_tmp)  # type: ignore[operator]
    exit_code, out, err = run("migrate", "--yes", "--no-verify", *args)
    assert exit_code == 0, err
    assert out.count("+++ ") == 1
    assert "changed on disk" not in err
    assert "1 file migrated" in err
    assert "DINGTALK_CLIENT_SECRET" in target.read_text()
    assert_no_secret(out, err)


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_links_beside_their_target_are_one_file(in_tmp: Path, link: str) -> None:
    target = _legacy(in_tmp / ".env")
    make = os.symlink if link == "symlink" else os.link
    make(".env" if link == "symlink" else target, in_tmp / "prod.env")
    exit_code, out, err = run("check", "--format", "json")
    assert [f["path"] for f in json.loads(out)["files"]] == [".env"]
    exit_code, out, err = run("migrate", "--yes", "--no-verify")
    assert exit_code == 0, err
    assert out.count("+++ ") == 1
    assert "changed on disk" not in err


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_code_file_reached_by_a_link_and_a_walk(in_tmp: Path) -> None:
    (in_tmp / "app.py").write_text('import os\nos.environ["DINGTALK_APP_KEY"]\n')
    os.symlink("app.py", in_tmp / "same.py")
    exit_code, out, _ = run("check", ".", "app.py", str(in_tmp / "same.py"))
    assert exit_code == 1
    assert len(out.splitlines()) == 1


# -- one file by many paths, whatever the arrangement (the reader tells them apart) --------

_FILES = (
    ("a/.env", b"DINGTALK_APP_KEY=dingabc\nOTHER=1\n"),
    ("a/app.py", b'import os\nos.environ["DINGTALK_APP_KEY"]\n'),
    ("b/.env.production", b"PLAIN=1\n"),
    ("b/c/deploy.sh", b'echo "$DINGTALK_APP_SECRET"\n'),
    ("main.py", b"print('no names here')\n"),
)
_FOLDERS = ("", "a/", "b/", "b/c/", "d/")
_NAMES = ("x.env", ".env.copy", "y.py", "z.sh", "w.env")


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    links=st.lists(
        st.tuples(
            st.sampled_from(["symlink", "hardlink"]),
            st.integers(0, len(_FILES) - 1),
            st.sampled_from(_FOLDERS),
            st.sampled_from(_NAMES),
        ),
        max_size=6,
    ),
    extra=st.lists(st.integers(0, len(_FILES) - 1), max_size=3),
    command=st.sampled_from(["check", "migrate"]),
)
def test_each_file_once_whatever_links_and_paths_reach_it(
    tmp_path_factory: pytest.TempPathFactory,
    links: list[tuple[str, int, str, str]],
    extra: list[int],
    command: str,
) -> None:
    """Hard links, symlinks and PATHs naming walked files again: every real file is in
    the report exactly once, by the first path that reaches it."""
    root = tmp_path_factory.mktemp("links")
    for name, data in _FILES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    for kind, index, folder, name in links:
        target, link = root / _FILES[index][0], root / folder / name
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.exists() or link.is_symlink():
            continue
        if kind == "symlink":
            link.symlink_to(os.path.relpath(target, link.parent))
        else:
            os.link(target, link)
    named = [_FILES[i][0] for i in extra]
    old = Path.cwd()
    os.chdir(root)
    try:
        args = ["--code", "--dry-run", "--no-verify"] if command == "migrate" else []
        _, out, err = run(command, *args, "--format", "json", ".", *named)
        # Every path, each file by its first one, told apart by stat up front (the oracle).
        listed = files.sources([Path("."), *map(Path, named)], code=True, say=print)
        first = [p for p, _ in files.unique((s.path, s.kind) for s in listed)]
    finally:
        os.chdir(old)
    reported = [f["path"] for f in json.loads(out)["files"]]
    if command == "check":
        assert reported == first, err
    else:  # files that would change are listed after the others
        assert sorted(reported) == sorted(first), err
    ids = [(os.stat(root / p).st_dev, os.stat(root / p).st_ino) for p in reported]
    assert len(ids) == len(set(ids)), reported
    walked = {(os.stat(root / n).st_dev, os.stat(root / n).st_ino) for n, _ in _FILES}
    assert set(ids) >= walked, (reported, err)


def test_a_walk_without_links_remembers_only_hard_linked_files(in_tmp: Path) -> None:
    """The memory of what was read does not grow with a tree's plain files."""
    for i in range(20):
        (in_tmp / f"f{i}.py").write_text("x = 1\n")
    os.link(in_tmp / "f0.py", in_tmp / "g.py")
    found = files.sources([Path(".")], code=True, say=lambda _: None)
    seen = found[0].seen
    assert seen is not None
    assert not seen.every
    assert all(s.seen is seen and s.listed for s in found)
    for source in found:
        fileio.read_first(source.path, seen, listed=True)
    assert seen.ids == {(os.stat("f0.py").st_dev, os.stat("f0.py").st_ino)}
    # Two PATHs, or a link to a file in the walk: every file may be met twice.
    assert files.sources([Path("."), Path("f1.py")], code=True, say=print)[0].seen.every
    os.symlink("f1.py", "h.py")
    assert files.sources([Path(".")], code=True, say=print)[0].seen.every
