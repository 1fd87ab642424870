"""Sample repositories: each ``fixtures/repos/NAME/before`` migrates to ``NAME/after``.

A case is a folder with ``before/`` (the repository as its team wrote it) and ``after/``
(what ``migrate --code`` must leave, byte for byte). An optional ``case.toml`` sets
``exit`` (the exit code ``migrate --code --yes --no-verify`` must return, default 0).
Every case also proves that a second run changes nothing.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from tests.test_cli import run

REPOS = Path(__file__).resolve().parent.parent / "fixtures" / "repos"
CASES = sorted(p.name for p in REPOS.iterdir() if (p / "before").is_dir()) if REPOS.is_dir() else []


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by its ``/`` path, with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def expected_exit(case: Path) -> int:
    config = case / "case.toml"
    if not config.is_file():
        return 0
    return int(tomllib.loads(config.read_text(encoding="utf-8")).get("exit", 0))


@pytest.mark.parametrize("name", CASES)
def test_sample_repository_migrates_to_expected_tree(name: str, in_tmp: Path) -> None:
    case = REPOS / name
    shutil.copytree(case / "before", in_tmp / "repo", symlinks=True)
    code, out, err = run("migrate", "--code", "--yes", "--no-verify", "repo")
    assert code == expected_exit(case), out + err
    got, want = tree(in_tmp / "repo"), tree(case / "after")
    assert sorted(got) == sorted(want)
    for path, data in want.items():
        assert got[path] == data, path
    again = run("migrate", "--code", "--yes", "--no-verify", "repo")
    assert again[0] == expected_exit(case), again[1] + again[2]
    assert tree(in_tmp / "repo") == want


def test_every_case_has_an_expected_tree() -> None:
    for name in CASES:
        assert (REPOS / name / "after").is_dir(), name
