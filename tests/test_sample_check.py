"""``check`` and ``migrate --code`` agree on every sample repository.

In the token-scanned languages (and Spring/HOCON properties), the lines ``check`` reports
as renamable reads (EM101/EM102) before the migration are exactly the lines ``migrate
--code`` changes; after it no renamable read is left there, and whatever still uses an
old name keeps ``check`` failing.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from envmigrate.files import kind_of
from tests.test_cli import run
from tests.test_sample_repos import CASES, REPOS, tree

#: The kinds whose renames are exactly their EM101/EM102 findings.
KINDS = frozenset(
    {"go", "java", "kotlin", "csharp", "rust", "php", "ruby", "elixir", "erb", "properties"}
    | {"groovy"}
)
_FINDING = re.compile(r"^(?P<path>.+?):(?P<line>\d+):\d+: (?P<code>EM\d{3}) ", re.MULTILINE)


def _findings(root: Path) -> tuple[int, set[tuple[str, int, str]]]:
    code, out, _err = run("check", str(root))
    found = set()
    for match in _FINDING.finditer(out):
        rel = Path(match.group("path")).resolve().relative_to(root.resolve()).as_posix()
        found.add((rel, int(match.group("line")), match.group("code")))
    return code, found


def _changed_lines(case: Path) -> set[tuple[str, int]]:
    before, after = tree(case / "before"), tree(case / "after")
    out = set()
    for rel, data in before.items():
        if kind_of(Path(rel).name) not in KINDS:
            continue
        old, new = data.decode().splitlines(), after[rel].decode().splitlines()
        out |= {(rel, n) for n, (a, b) in enumerate(zip(old, new, strict=True), 1) if a != b}
    return out


@pytest.mark.parametrize("name", CASES)
def test_check_reports_exactly_what_migrate_renames(name: str, tmp_path: Path) -> None:
    # A copy outside this checkout: the walker honours the enclosing repository's
    # .gitignore, which must not decide what a sample repository holds.
    case = tmp_path / name
    shutil.copytree(REPOS / name, case)
    code, before = _findings(case / "before")
    assert code == 1
    renamable = {
        (rel, line)
        for rel, line, c in before
        if c in ("EM101", "EM102") and kind_of(Path(rel).name) in KINDS
    }
    assert renamable == _changed_lines(case)
    code, after = _findings(case / "after")
    assert not {
        f for f in after if f[2] in ("EM101", "EM102") and kind_of(Path(f[0]).name) in KINDS
    }
    if any(f[2] == "EM109" for f in after):
        assert code == 1  # a read left for a person keeps CI failing
