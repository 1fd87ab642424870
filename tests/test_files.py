"""Recursive discovery of env files."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate import files
from envmigrate.errors import InputError
from envmigrate.files import discover, is_env_name, kind_of, walk
from tests.test_cli import run


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (".env", True),
        (".env.production", True),
        (".env.example", True),
        ("prod.env", True),
        (".envrc", False),
        ("env", False),
        (".env.bak", False),
        (".env~", False),
        ("settings.py", False),
        ("env.example", True),
        ("env.template", True),
        ("env.sample", True),
        ("env.dist", True),
        ("example.env", True),
        ("prod.env.example", True),
        ("bot.env.sample", True),
        ("environment.example", False),
        ("myenv.example", False),
        ("env.example.bak", False),
        ("env.py", False),
    ],
)
def test_is_env_name(name: str, expected: bool) -> None:
    assert is_env_name(name) is expected


def test_discover_tree(tmp_path: Path) -> None:
    files = [
        ".env",
        "app/.env.local",
        "app/deploy/prod.env",
        ".git/.env",
        "node_modules/pkg/.env",
        "venv/.env",
        "myvenv/.env",
        "app/.env.bak",
    ]
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("A=1\n")
    (tmp_path / "myvenv" / "pyvenv.cfg").write_text("home = /usr\n")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == [".env", "app/.env.local", "app/deploy/prod.env"]


def test_named_file_is_taken_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "settings.txt"
    path.write_text("A=1\n")
    assert discover([path, path]) == [str(path)]


def test_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no env files found"):
        discover([tmp_path])
    with pytest.raises(InputError, match="no such file or directory"):
        discover([tmp_path / "nope"])


# -- .gitignore: git itself is the oracle ------------------------------------------------------

GIT = shutil.which("git")
#: Names with "*", "?" and "\\" cannot exist on Windows.
needs_git = pytest.mark.skipif(
    GIT is None or sys.platform == "win32", reason="git and POSIX file names"
)
#: Files whose names meet the tricky parts of the syntax (escapes, classes, `**`, `/`).
ORACLE_FILES = (
    "a.py", "ab.py", "a*b.py", "#h.py", "!n.py", "x].py", "x!.py", "xa.py", "x.py",
    "t/#gen.sh", "t/a.py", "t/u/a.py", "t/u/b.sh", "t/u/v/c.py", "d/x.py", "d/e/x.py",
    "d/e/f.sh", "b.py/x.py", "sp .py", "[a].py", "a?.py", "a b.py", "-.py", "a\\b.py",
    "ab/b.py", "p/a.py",
)  # fmt: skip
#: Lines from the issue's regression cases and the parts of git's syntax they combine.
ORACLE_LINES = (
    "*.py", "a*", "\\#h.py", "#h.py", "\\!n.py", "!a.py", "a\\*b.py", "[x!].py", "x[]].py",
    "x[!a].py", "**/a.py", "t/**", "t/**/b.sh", "/a.py", "t/", "u/", "d/x.py", "d/*/x.py",
    "*.sh", "!t/u/", "!*.sh", "a.py ", "sp\\ .py", "sp .py", "**", "t/u", "?.py",
    "[a-b].py", "e/", "!d/e/", "!x.py", "b.py/", "!b.py", "!/t/a.py", "/d", "v", "!**/c.py",
    "t/#gen.sh", "t/\\#gen.sh", "**/u/**", "!u/b.sh", "x*", "\\", "!", "[", "a/**/b",
    "?\\/", "\\/?", "**\\/a.py", "t/**\\/b.sh", "u\\/ ",
)  # fmt: skip
#: Free-form lines too: any mix of the characters git's syntax gives a meaning to.
FREE_LINES = st.text(alphabet="ab.py*?[]!\\/# -", min_size=1, max_size=8)
LINES = st.lists(st.sampled_from(ORACLE_LINES) | FREE_LINES, max_size=6)


def _git(root: Path, *args: str) -> str:
    assert GIT is not None
    done = subprocess.run(
        [GIT, "-c", "core.excludesFile=/dev/null", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _walked(root: Path, folder: Path) -> set[str]:
    found = walk(str(folder))
    return {Path(p).relative_to(root).as_posix() for p, _ in found.code}


def _git_untracked(root: Path, folder: Path) -> set[str]:
    out = _git(folder, "ls-files", "--others", "--exclude-standard", "--full-name", "-z")
    return {p for p in out.split("\0") if p and kind_of(p.rpartition("/")[2])}


@needs_git
@settings(max_examples=int(os.environ.get("ORACLE_EXAMPLES", "30")), deadline=None)
@given(
    top=LINES, in_t=LINES, in_d=LINES, in_u=LINES, exclude=LINES,
    start=st.sampled_from(["", "t", "t/u", "d"]),
)  # fmt: skip
def test_walk_agrees_with_git(
    top: list[str], in_t: list[str], in_d: list[str], in_u: list[str], exclude: list[str],
    start: str,
) -> None:  # fmt: skip
    """The code files the walker yields are exactly git's untracked, not-ignored ones."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        _git(root, "init", "-q")
        for name in ORACLE_FILES:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text("x = 1\n")
        for where, lines in (("", top), ("t/", in_t), ("d/", in_d), ("t/u/", in_u)):
            (root / where / ".gitignore").write_text("".join(line + "\n" for line in lines))
        (root / ".git" / "info").mkdir(exist_ok=True)
        (root / ".git" / "info" / "exclude").write_text("\n".join(exclude) + "\n")
        assert _walked(root, root / start) == _git_untracked(root, root / start)


@needs_git
@pytest.mark.parametrize(
    ("lines", "kept"),
    [
        ("t/\\#gen.sh\n", {"t/a.py"}),  # an escaped '#' is a name, not a comment
        ("[x!].py\n", {"t/#gen.sh", "t/a.py"}),  # '!' inside a class is a character
        ("a\\*b.py\n", {"t/#gen.sh", "t/a.py", "a.py"}),  # an escaped '*' is literal
        ("x[]].py\n*.py\n!t/*.py\n", {"t/#gen.sh", "t/a.py"}),  # used to crash
        ("[[]\n", {"t/#gen.sh", "t/a.py", "a.py"}),  # used to print a FutureWarning
        ("[z-a]\n*.sh\n", {"t/a.py", "a.py"}),  # a bad range used to crash the walk
        ("?\\/?\n", {"a.py"}),  # an escaped '/' still separates: "t/a" style paths
        ("t\\\\/\n", {"t/#gen.sh", "t/a.py", "a.py"}),  # an escaped backslash, then '/'
        ("?\\/\n", {"t/#gen.sh", "t/a.py", "a.py"}),  # ends in an escaped '/': matches nothing
        ("?\\/  \n", {"t/#gen.sh", "t/a.py", "a.py"}),  # the same once trailing spaces go
        ("t\\\\\\/\n", {"t/#gen.sh", "t/a.py", "a.py"}),  # '\\' then an escaped '/'
        ("t\\ \n", {"t/#gen.sh", "t/a.py", "a.py"}),  # an escaped trailing space stays
        ("\\/?\n", {"t/#gen.sh", "t/a.py", "a.py"}),  # starts with an escaped '/': no match
        ("*.py\n!\\/t\n", {"t/#gen.sh"}),  # a negation of that kind re-includes nothing
        ("**\\/a.py\n", {"t/#gen.sh", "a.py"}),  # '**' then an escaped '/': 1+ folders
        ("t/**\\/a.py\nx**\\/a.py\n", {"t/#gen.sh", "t/a.py", "a.py"}),  # 't/a.py' has none
    ],
)
def test_gitignore_regressions(tmp_path: Path, lines: str, kept: set[str]) -> None:
    _git(tmp_path, "init", "-q")
    for name in ("t/#gen.sh", "t/a.py", "a.py", "a*b.py", "x.py", "!.py", "x].py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x = 1\n")
    (tmp_path / ".gitignore").write_text(lines)
    found = _walked(tmp_path, tmp_path)
    assert found == _git_untracked(tmp_path, tmp_path)
    assert kept <= found


PROBE = """
import sys
from envmigrate.entry import main
main(sys.argv[1:])
print("pathspec" in sys.modules, file=sys.stderr)
"""


@pytest.mark.subprocess
@pytest.mark.parametrize(
    ("args", "loaded"),
    [(("check", ".env"), False), (("check", "--no-code"), False), (("check",), True)],
)
def test_pathspec_is_imported_only_by_walks_that_meet_an_ignore_file(
    tmp_path: Path, args: tuple[str, ...], loaded: bool
) -> None:
    (tmp_path / ".env").write_text("A=1\n")
    (tmp_path / ".gitignore").write_text("*.log\n")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.stderr.splitlines()[-1] == str(loaded)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (os.mkfifo, ".env: not a regular file (a FIFO); skipped"),
        (lambda p: os.symlink("/dev/zero", p), ".env: not a regular file (a device); skipped"),
        (lambda p: os.symlink("missing", p), ".env: a link to nothing; skipped"),
    ],
)
def test_special_env_files_in_a_walk_are_reported_never_opened(
    in_tmp: Path, make: Callable[[str], None], message: str
) -> None:
    """A FIFO or device named like an env file, met in a folder walk: reported, exit 2."""
    make(".env")
    (in_tmp / "a.env").write_text("DINGTALK_APP_KEY=x\n")
    for command in ("check", "migrate"):
        args = (command, "--dry-run", ".") if command == "migrate" else (command, ".")
        code, _, err = run(*args)
        assert code == 2
        assert message in err
    assert (in_tmp / "a.env").read_text() == "DINGTALK_APP_KEY=x\n"


_NAME_PARTS = (
    "", ".", "Dockerfile", "Procfile", "Containerfile", "Makefile", "Gemfile", "requirements",
    "application", "bootstrap", "package-lock", "composer", "app", "env", ".env", "min",
    "d", "py", "js", "ts", "json", "yml", "toml", "txt", "properties", "conf", "bak", "~",
    "tf", "Dockerfile.", "go", "rb", "erb", "vue", "envrc", "service", "mk", "x", "md",
    "cfg", "setup", "pyproject", "Pipfile", "constraints", "Rakefile", "GNUmakefile", ".d.ts",
    ".min.js", ".json", ".ts",
)  # fmt: skip


def test_kind_of_fast_path_agrees_with_the_rules() -> None:
    """The one-lookup path for common suffixes gives what the rules, in order, give: every
    name of up to three parts."""
    names = {"".join(p) for n in (1, 2, 3) for p in itertools.product(_NAME_PARTS, repeat=n)}
    wrong = [n for n in sorted(names) if kind_of(n) != files._kind_by_name(n)]
    assert wrong == []
