"""bench/equivalents.py: a listed equivalent mutant whose function changed is named."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import equivalents

MODULE = '''
def x_f__mutmut_1(a):
    """Docstrings do not count."""
    return a + 2


class K:
    pass


def x_f__mutmut_2(a):
    return a - 1
'''


@pytest.fixture
def listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "mutants" / "pkg").mkdir(parents=True)
    (tmp_path / "mutants" / "pkg" / "mod.py").write_text(MODULE)
    path = tmp_path / "equivalents.txt"
    path.write_text(
        "# a comment\n"
        "pkg.mod.x_f__mutmut_1  pkg.mod.f: + 2 -- why\n"
        "pkg.mod.x_f__mutmut_2  pkg.mod.f: - 1 -- why\n"
    )
    monkeypatch.setattr(equivalents, "MUTANTS", tmp_path / "mutants")
    monkeypatch.setattr(equivalents, "LISTED", path)
    equivalents._functions.cache_clear()
    return path


def test_stamp_then_check(listed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert equivalents.check([]) == 1  # not stamped yet
    assert "without a stamp" in capsys.readouterr().out
    assert equivalents.stamp_lines([]) == 0
    lines = listed.read_text().splitlines()
    assert lines[0] == "# a comment"
    assert lines[1].startswith("pkg.mod.x_f__mutmut_1  [")
    assert lines[1].endswith("]  pkg.mod.f: + 2 -- why")
    assert equivalents.check([]) == 0


def test_an_edited_function_is_named(listed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    equivalents.stamp_lines([])
    mutants = equivalents.MUTANTS / "pkg" / "mod.py"
    mutants.write_text(MODULE.replace("a + 2", "a + 3").replace("Docstrings", "Docs"))
    equivalents._functions.cache_clear()
    capsys.readouterr()
    assert equivalents.check([]) == 1
    out = capsys.readouterr().out
    assert "changed since they were reviewed" in out
    assert "pkg.mod.x_f__mutmut_1" in out
    assert "pkg.mod.x_f__mutmut_2" not in out
    assert equivalents.check(["pkg.mod.x_f__mutmut_2"]) == 0  # a glob leaves it out
    assert equivalents.stamp_lines(["pkg.mod.x_f__mutmut_1"]) == 0  # reviewed: restamped
    assert equivalents.check([]) == 0
    assert listed.read_text().count("pkg.mod.f: + 2 -- why") == 1


def test_a_docstring_edit_changes_no_stamp(listed: Path) -> None:
    equivalents.stamp_lines([])
    mutants = equivalents.MUTANTS / "pkg" / "mod.py"
    mutants.write_text(MODULE.replace("Docstrings do not count.", "Other words."))
    equivalents._functions.cache_clear()
    assert equivalents.check([]) == 0


def test_a_mutant_not_generated_is_named(listed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listed.write_text("pkg.mod.x_g__mutmut_1  pkg.mod.g -- why\n")
    assert equivalents.check([]) == 1
    assert "not generated" in capsys.readouterr().out
    assert equivalents.stamp_lines([]) == 1


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("envmigrate.diff.x__blocks__mutmut_17", ("envmigrate.diff", "x__blocks__mutmut_17")),
        (
            "envmigrate.scanners.lexer.xǁLexerǁ_ruby__mutmut_150",
            ("envmigrate.scanners.lexer", "xǁLexerǁ_ruby__mutmut_150"),
        ),
    ],
)
def test_split(name: str, parts: tuple[str, str]) -> None:
    assert equivalents.split(name) == parts
