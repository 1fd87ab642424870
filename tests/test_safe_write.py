"""write_atomic's promises under failure, signals, odd owners and other platforms."""

from __future__ import annotations

import importlib
import os
import signal
import stat
from pathlib import Path

import pytest

from envmigrate import fileio
from envmigrate.errors import WriteError

ORIGINAL = b"DINGTALK_APP_KEY=a\r\n"
NEW = b"DINGTALK_CLIENT_ID=a\r\n"
NOBODY, NOGROUP = 65534, 65534
root_only = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown"
)


@pytest.fixture
def env_file(tmp_path: Path) -> Path:
    path = tmp_path / ".env"
    path.write_bytes(ORIGINAL)
    path.chmod(0o600)
    return path


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _creating(flags: int) -> bool:
    return bool(flags & (os.O_CREAT | getattr(os, "O_TMPFILE", 0)))


@pytest.mark.parametrize("step", ["open", "write", "fsync", "fchown", "fchmod", "link", "replace"])
def test_failure_at_each_step_leaves_original(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, step: str, temp_kind: str
) -> None:
    """A failure (disk full, EIO, ...) at any step: original intact, no temp file, exit 2."""
    if step == "link" and temp_kind == "named":
        pytest.skip("a named temp file is not linked")
    real_open = os.open

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    def failing_open(path: str, flags: int, *args: object, **kwargs: object) -> int:
        if _creating(flags):
            boom()
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    snapshot = fileio.read(env_file)
    if step == "open":
        monkeypatch.setattr(fileio.os, "open", failing_open)
    elif step == "fchown":
        monkeypatch.setattr(fileio.os, "fchown", boom)
        monkeypatch.setattr(fileio.os, "fstat", _other_owner(os.fstat))
    else:
        monkeypatch.setattr(fileio.os, step, boom)
    with pytest.raises(WriteError) as info:
        fileio.write_atomic(snapshot, NEW)
    assert info.value.exit_code == 2
    assert "untouched" in info.value.message
    assert env_file.read_bytes() == ORIGINAL
    assert listing(env_file.parent) == [".env"]


def _other_owner(real: object) -> object:
    """fstat that reports temp files (opened for writing) as owned by someone else."""

    def fstat(fd: int) -> os.stat_result:
        info = real(fd)  # type: ignore[operator]
        fields = list(info)
        fields[stat.ST_UID] = info.st_uid + 1
        return os.stat_result(fields)

    return fstat


def test_unnamed_temp_file_is_used_on_linux(
    env_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Linux the bytes are written to an O_TMPFILE file: a kill leaves nothing named."""
    if not hasattr(os, "O_TMPFILE"):
        pytest.skip("no O_TMPFILE on this platform")
    seen: list[int] = []
    real_open = os.open

    def spy(path: str, flags: int, *args: object, **kwargs: object) -> int:
        seen.append(flags)
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fileio.os, "open", spy)
    fileio.write_atomic(fileio.read(env_file), NEW)
    assert any(f & os.O_TMPFILE == os.O_TMPFILE for f in seen)
    assert not any(f & os.O_CREAT for f in seen)
    assert env_file.read_bytes() == NEW


def test_named_temp_file_is_0600_while_written(
    env_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without O_TMPFILE the temp file exists, but only its owner can read it."""
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    env_file.chmod(0o644)
    modes: list[int] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        if stat.S_ISREG(os.fstat(fd).st_mode):  # not the folder's fsync
            modes.append(stat.S_IMODE(os.fstat(fd).st_mode))
            [temp] = [p.name for p in env_file.parent.iterdir() if p.name != ".env"]
            assert temp.startswith("..env.envmigrate-")
            assert temp.endswith(".tmp")
        real_fsync(fd)

    monkeypatch.setattr(fileio.os, "fsync", spy)
    fileio.write_atomic(fileio.read(env_file), NEW)
    assert modes == [0o600]
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o644
    assert listing(env_file.parent) == [".env"]


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_signal_during_named_write_removes_the_temp_file(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, signame: str
) -> None:
    """SIGTERM/SIGHUP while the named temp exists: it is removed, the original stays."""
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    number = getattr(signal, signame)
    real_fsync = os.fsync

    def terminated(fd: int) -> None:
        real_fsync(fd)
        os.kill(os.getpid(), number)

    monkeypatch.setattr(fileio.os, "fsync", terminated)
    before = signal.getsignal(number)
    with pytest.raises(SystemExit) as info:
        fileio.write_atomic(fileio.read(env_file), NEW)
    assert info.value.code == 128 + number
    assert env_file.read_bytes() == ORIGINAL
    assert listing(env_file.parent) == [".env"]
    assert signal.getsignal(number) == before  # the handler is put back


def test_interrupt_after_link_removes_the_linked_name(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, temp_kind: str
) -> None:
    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(fileio.os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        fileio.write_atomic(fileio.read(env_file), NEW)
    assert env_file.read_bytes() == ORIGINAL
    assert listing(env_file.parent) == [".env"]


# -- the file changed, vanished or is read-only ---------------------------------------------


def test_deleted_after_read_is_not_recreated(env_file: Path, temp_kind: str) -> None:
    snapshot = fileio.read(env_file)
    env_file.unlink()
    with pytest.raises(WriteError, match="deleted since it was read"):
        fileio.write_atomic(snapshot, NEW)
    assert listing(env_file.parent) == []


def test_deleted_while_writing_is_not_recreated(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, temp_kind: str
) -> None:
    real_fsync = os.fsync

    def delete(fd: int) -> None:
        real_fsync(fd)
        if env_file.exists():
            env_file.unlink()

    monkeypatch.setattr(fileio.os, "fsync", delete)
    with pytest.raises(WriteError, match="deleted while writing"):
        fileio.write_atomic(fileio.read(env_file), NEW)
    assert listing(env_file.parent) == []


def test_changed_while_writing(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, temp_kind: str
) -> None:
    real_fsync = os.fsync

    def edit(fd: int) -> None:
        real_fsync(fd)
        env_file.write_bytes(b"EDITED=1\n")

    monkeypatch.setattr(fileio.os, "fsync", edit)
    with pytest.raises(WriteError, match="changed on disk while writing"):
        fileio.write_atomic(fileio.read(env_file), NEW)
    assert env_file.read_bytes() == b"EDITED=1\n"
    assert listing(env_file.parent) == [".env"]


@pytest.mark.parametrize("mode", [0o400, 0o444, 0o000])
def test_read_only_file_is_refused(env_file: Path, mode: int) -> None:
    """No write bit: the user meant it not to change (root is refused too)."""
    snapshot = fileio.read(env_file)
    env_file.chmod(mode)
    with pytest.raises(WriteError, match="read-only"):
        fileio.write_atomic(snapshot, NEW)
    env_file.chmod(0o600)
    assert env_file.read_bytes() == ORIGINAL
    assert listing(env_file.parent) == [".env"]


def test_hard_link_other_name_keeps_the_old_bytes(env_file: Path) -> None:
    """Documented: the named file is replaced; another hard link keeps the old content."""
    other = env_file.with_name("other.env")
    os.link(env_file, other)
    fileio.write_atomic(fileio.read(env_file), NEW)
    assert env_file.read_bytes() == NEW
    assert other.read_bytes() == ORIGINAL
    assert env_file.stat().st_ino != other.stat().st_ino


def test_backup_through_symlink_goes_beside_the_target(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    target = real / ".env"
    target.write_bytes(ORIGINAL)
    link = tmp_path / ".env"
    link.symlink_to(target)
    fileio.write_atomic(fileio.read(link), NEW, backup=True)
    assert link.is_symlink()
    assert (real / ".env.bak").read_bytes() == ORIGINAL
    assert not (tmp_path / ".env.bak").exists()
    assert target.read_bytes() == NEW


# -- owner and group ----------------------------------------------------------------------


@root_only
def test_owner_and_group_are_kept(env_file: Path, temp_kind: str) -> None:
    """Root rewriting nobody:nogroup 0640 leaves nobody:nogroup 0640 (not root:root)."""
    os.chown(env_file, NOBODY, NOGROUP)
    env_file.chmod(0o640)
    fileio.write_atomic(fileio.read(env_file), NEW, backup=True)
    for path in (env_file, env_file.with_name(".env.bak")):
        info = path.stat()
        assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (NOBODY, NOGROUP, 0o640)
    assert env_file.read_bytes() == NEW


def _cannot_chown(monkeypatch: pytest.MonkeyPatch, group_ok: bool = False) -> list[tuple[int, int]]:
    """Simulate a user who is not root (and, unless ``group_ok``, not in the file's group)."""
    calls: list[tuple[int, int]] = []
    real = os.fchown

    def fchown(fd: int, uid: int, gid: int) -> None:
        calls.append((uid, gid))
        if uid != -1 or not group_ok:
            raise PermissionError(1, "Operation not permitted")
        real(fd, uid, gid)

    monkeypatch.setattr(fileio.os, "fchown", fchown)
    return calls


@root_only
@pytest.mark.parametrize("mode", [0o600, 0o640, 0o460, 0o440])
def test_refused_when_owner_cannot_be_kept_and_would_lose_read(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, mode: int, temp_kind: str
) -> None:
    os.chown(env_file, NOBODY, NOGROUP)
    env_file.chmod(mode | 0o200)
    snapshot = fileio.read(env_file)
    calls = _cannot_chown(monkeypatch)
    with pytest.raises(WriteError, match="cannot keep its owner and group") as info:
        fileio.write_atomic(snapshot, NEW)
    assert "not written" in info.value.message
    assert calls[0] == (NOBODY, NOGROUP)
    assert env_file.read_bytes() == ORIGINAL
    assert (env_file.stat().st_uid, env_file.stat().st_gid) == (NOBODY, NOGROUP)
    assert listing(env_file.parent) == [".env"]


@root_only
@pytest.mark.parametrize("mode", [0o644, 0o604, 0o666, 0o200])
def test_written_when_nobody_loses_read_access(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, mode: int
) -> None:
    """World-readable (or readable by no one): the owner cannot be kept, nobody loses access."""
    os.chown(env_file, NOBODY, NOGROUP)
    env_file.chmod(mode)
    _cannot_chown(monkeypatch)
    fileio.write_atomic(fileio.read(env_file), NEW)
    assert env_file.read_bytes() == NEW
    assert stat.S_IMODE(env_file.stat().st_mode) == mode


@root_only
def test_group_member_keeps_the_group(env_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not the owner but in the file's group, and the owner reads through the group."""
    os.chown(env_file, NOBODY, NOGROUP)
    env_file.chmod(0o660)
    monkeypatch.setattr(fileio, "_member", lambda uid, gid: (uid, gid) == (NOBODY, NOGROUP))
    calls = _cannot_chown(monkeypatch, group_ok=True)
    fileio.write_atomic(fileio.read(env_file), NEW)
    assert calls == [(NOBODY, NOGROUP), (-1, NOGROUP)]
    assert env_file.stat().st_gid == NOGROUP
    assert env_file.read_bytes() == NEW


def test_own_file_needs_no_chown(env_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _cannot_chown(monkeypatch)
    fileio.write_atomic(fileio.read(env_file), NEW)
    assert calls == []
    assert env_file.read_bytes() == NEW


# -- Windows: a replace refused while another program holds the file -----------------------


def _held(monkeypatch: pytest.MonkeyPatch, times: int) -> list[str]:
    attempts: list[str] = []
    real = os.replace

    def replace(src: str, dst: str) -> None:
        attempts.append(src)
        if len(attempts) <= times:
            exc = PermissionError(13, "Permission denied")
            exc.winerror = 32  # type: ignore[attr-defined]  # ERROR_SHARING_VIOLATION
            raise exc
        real(src, dst)

    monkeypatch.setattr(fileio.os, "replace", replace)
    monkeypatch.setattr(fileio, "REPLACE_DELAYS", (0.001,) * 5)
    return attempts


@pytest.mark.parametrize("times", [1, 3, 5])
def test_replace_is_retried_while_held_open(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, times: int, temp_kind: str
) -> None:
    attempts = _held(monkeypatch, times)
    fileio.write_atomic(fileio.read(env_file), NEW)
    assert len(attempts) == times + 1
    assert env_file.read_bytes() == NEW
    assert listing(env_file.parent) == [".env"]


def test_replace_held_open_too_long_is_a_clear_error(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, temp_kind: str
) -> None:
    attempts = _held(monkeypatch, 100)
    with pytest.raises(WriteError, match=r"another program holds it open.*file untouched"):
        fileio.write_atomic(fileio.read(env_file), NEW)
    assert len(attempts) == 6
    assert env_file.read_bytes() == ORIGINAL
    assert listing(env_file.parent) == [".env"]


def test_posix_permission_error_is_not_retried(
    env_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[str] = []

    def replace(src: str, dst: str) -> None:
        attempts.append(src)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fileio.os, "replace", replace)
    with pytest.raises(WriteError, match="write failed"):
        fileio.write_atomic(fileio.read(env_file), NEW)
    assert len(attempts) == 1
    assert listing(env_file.parent) == [".env"]


# -- platforms without the POSIX flags ------------------------------------------------------

POSIX_ONLY = ("O_NONBLOCK", "O_TMPFILE", "O_NOFOLLOW", "O_CLOEXEC", "O_NOCTTY", "fchown")


def test_imports_and_works_without_posix_flags(
    env_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows has none of these: the module imports, reads and writes without them."""
    for name in POSIX_ONLY:
        monkeypatch.delattr(os, name, raising=False)
    try:
        importlib.reload(fileio)
        fileio.write_atomic(fileio.read(env_file), NEW)
        assert env_file.read_bytes() == NEW
        assert listing(env_file.parent) == [".env"]
    finally:
        monkeypatch.undo()
        importlib.reload(fileio)


def test_binary_flag_is_used_where_it_exists(
    env_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows' O_BINARY (simulated): every open of a file for reading or writing has it."""
    binary = 1 << 30
    monkeypatch.setattr(os, "O_BINARY", binary, raising=False)
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    seen: list[int] = []
    real_open = os.open

    def spy(path: str, flags: int, *args: object, **kwargs: object) -> int:
        if not os.path.isdir(path):
            seen.append(flags)
        return real_open(path, flags & ~binary, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fileio.os, "open", spy)
    fileio.write_atomic(fileio.read(env_file), NEW, backup=True)
    assert len(seen) >= 4  # read, re-read before and after writing, backup, temp
    assert all(f & binary for f in seen)


def test_backup_is_complete_before_it_is_named(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, temp_kind: str
) -> None:
    """The backup is written like the file (a kill never leaves a partial .bak)."""
    real_fsync = os.fsync
    seen: list[list[str]] = []

    def spy(fd: int) -> None:
        seen.append(listing(env_file.parent))
        real_fsync(fd)

    monkeypatch.setattr(fileio.os, "fsync", spy)
    fileio.write_atomic(fileio.read(env_file), NEW, backup=True)
    assert ".env.bak" not in seen[0]  # not yet named while its bytes were written
    assert listing(env_file.parent) == [".env", ".env.bak"]
    assert env_file.with_name(".env.bak").read_bytes() == ORIGINAL


def test_backup_failure_leaves_nothing(
    env_file: Path, monkeypatch: pytest.MonkeyPatch, temp_kind: str
) -> None:
    def boom(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "fsync", boom)
    with pytest.raises(WriteError, match="cannot create backup"):
        fileio.write_atomic(fileio.read(env_file), NEW, backup=True)
    assert listing(env_file.parent) == [".env"]
    assert env_file.read_bytes() == ORIGINAL


#: Runs ``migrate`` as the real user nobody: every module is loaded first (as root, on a
#: scratch file), because the interpreter's own files may not be readable by nobody.
AS_NOBODY = """
import grp, os, pwd, sys, tempfile
from envmigrate.entry import main
warm = tempfile.mkdtemp()
with open(os.path.join(warm, ".env"), "w") as handle:
    handle.write("DINGTALK_APP_KEY=a\\n")
os.chdir(warm)
main(["migrate", "--yes", "--no-verify", ".env"])
os.chdir(sys.argv[1])
os.setgroups([])
os.setgid(65534)
os.setuid(65534)
sys.exit(main(["migrate", "--yes", "--no-verify", ".env"]))
"""


@root_only
@pytest.mark.parametrize(("mode", "code"), [(0o660, 2), (0o664, 0)])
def test_real_non_root_group_member(mode: int, code: int) -> None:
    """nobody (in group nogroup) migrates root:nogroup: the group is kept; refused when
    root would lose read access (0660 becomes nobody's), written when others can read."""
    import shutil
    import subprocess
    import sys
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="envmigrate-nobody-", dir="/tmp"))
    try:
        folder.chmod(0o777)
        env_file = folder / ".env"
        env_file.write_bytes(ORIGINAL)
        os.chown(env_file, 0, NOGROUP)
        env_file.chmod(mode)
        result = subprocess.run(
            [sys.executable, "-c", AS_NOBODY, str(folder)],
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == code, result.stderr
        info = env_file.stat()
        if code:
            assert "cannot keep its owner and group" in result.stderr
            assert env_file.read_bytes() == ORIGINAL
            assert (info.st_uid, info.st_gid) == (0, NOGROUP)
        else:
            assert env_file.read_bytes() == NEW
            assert (info.st_uid, info.st_gid) == (NOBODY, NOGROUP)
        assert stat.S_IMODE(info.st_mode) == mode
        assert listing(folder) == [".env"]
    finally:
        shutil.rmtree(folder)
