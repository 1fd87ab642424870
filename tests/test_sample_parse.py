"""After ``migrate --code`` every file of a sample repository still parses.

The project's own token-level check runs always: each code file of a token-scanned
language lexes before and after, and the two token streams are equal except for renamed
names inside string literals (comments byte-identical). Where a language's own parser is
installed (``javac``, ``gofmt``, ``php -l``, ``ruby -c``) it must accept the expected
tree too; YAML files load to the same structure except the names.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from envmigrate.files import kind_of
from envmigrate.scanners.lexer import (
    CSHARP,
    ELIXIR,
    GO,
    GROOVY,
    JAVA,
    KOTLIN,
    PHP,
    RUBY,
    RUST,
    Dialect,
)
from tests.scanners.test_langs import assert_same_tokens, renamed_pattern
from tests.test_sample_repos import CASES, REPOS

DIALECTS: dict[str, Dialect] = {
    "go": GO,
    "java": JAVA,
    "kotlin": KOTLIN,
    "csharp": CSHARP,
    "rust": RUST,
    "php": PHP,
    "ruby": RUBY,
    "elixir": ELIXIR,
    "groovy": GROOVY,
}


def _pairs(suffixes: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    out = []
    for case in CASES:
        before = REPOS / case / "before"
        for path in sorted(before.rglob("*")):
            rel = path.relative_to(before).as_posix()
            if path.is_file() and (not suffixes or path.name.endswith(suffixes)):
                out.append((case, rel))
    return out


def _files(case: str, side: str, suffix: str) -> list[Path]:
    return sorted((REPOS / case / side).rglob(f"*{suffix}"))


@pytest.mark.parametrize(
    ("case", "rel"), [p for p in _pairs() if kind_of(Path(p[1]).name) in DIALECTS]
)
def test_token_streams_equal_except_names(case: str, rel: str) -> None:
    before = (REPOS / case / "before" / rel).read_text(encoding="utf-8")
    after = (REPOS / case / "after" / rel).read_text(encoding="utf-8")
    dialect = DIALECTS[kind_of(Path(rel).name) or ""]
    assert_same_tokens(before, after, dialect)


def _same_except_names(before: object, after: object) -> bool:
    """Equal structures; strings may differ only by whole old names renamed."""
    if isinstance(before, str) and isinstance(after, str):
        return renamed_pattern(before).fullmatch(after) is not None
    if isinstance(before, dict) and isinstance(after, dict):
        return len(before) == len(after) and all(
            _same_except_names(a, b) for a, b in zip(before.items(), after.items(), strict=True)
        )
    if isinstance(before, list | tuple) and isinstance(after, list | tuple):
        return len(before) == len(after) and all(
            _same_except_names(a, b) for a, b in zip(before, after, strict=True)
        )
    return before == after


@pytest.mark.parametrize(("case", "rel"), _pairs((".yml", ".yaml")))
def test_yaml_loads_to_the_same_structure_except_names(case: str, rel: str) -> None:
    try:
        before = yaml.safe_load((REPOS / case / "before" / rel).read_text(encoding="utf-8"))
    except yaml.YAMLError:
        pytest.skip("not plain YAML (a template, or custom tags)")
    after = yaml.safe_load((REPOS / case / "after" / rel).read_text(encoding="utf-8"))
    assert _same_except_names(before, after), (before, after)


_JAVA_SYNTAX = re.compile(
    r"error: (?:';' expected|illegal |unclosed |class, interface|<identifier> expected"
    r"|reached end of file|not a statement|'\)' expected|unterminated)"
)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def _run(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=cwd, check=False)


@pytest.mark.parametrize("case", [c for c in CASES if _files(c, "after", ".java")])
def test_java_still_parses(case: str, tmp_path: Path) -> None:
    javac = _tool("javac")
    for side in ("before", "after"):
        files = [str(p) for p in _files(case, side, ".java")]
        out = _run([javac, "-proc:none", "-implicit:none", "-d", str(tmp_path), *files])
        # Spring and JUnit are not on the class path: only syntax errors count.
        assert not _JAVA_SYNTAX.search(out.stderr), (side, out.stderr)


@pytest.mark.parametrize("case", [c for c in CASES if _files(c, "after", ".go")])
def test_go_still_parses(case: str) -> None:
    gofmt = _tool("gofmt")
    for side in ("before", "after"):
        out = _run([gofmt, "-e", "-l", str(REPOS / case / side)])
        assert out.returncode == 0, out.stderr
        assert out.stdout == "", out.stdout  # formatted as gofmt would


@pytest.mark.parametrize(
    ("case", "tool", "suffix", "flag"),
    [
        (c, tool, suffix, flag)
        for tool, suffix, flag in (("php", ".php", "-l"), ("ruby", ".rb", "-c"))
        for c in CASES
        if _files(c, "after", suffix)
    ],
)
def test_php_and_ruby_still_parse(case: str, tool: str, suffix: str, flag: str) -> None:
    exe = _tool(tool)
    for side in ("before", "after"):
        for path in _files(case, side, suffix):
            out = _run([exe, flag, str(path)])
            assert out.returncode == 0, (path, out.stdout + out.stderr)
