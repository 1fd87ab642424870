"""The needle pre-filter never hides a hit: a file a scanner reports on is always scanned.

``check`` and ``migrate`` scan a code file only when it holds one of its kind's needles
(``registry.needles``); a scanner that reports a name spelled another way (viper's
``GetString("dingtalk.app_key")``) needs a needle for that spelling too, or the hit
exists in its tests and never in a run. Every row of every scanner table is checked here,
and a run through the whole pipeline for the spellings that carry no watched name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from envmigrate.entry import main
from envmigrate.rules import DEFAULT_RULES
from envmigrate.scanners import registry
from tests.scanners.helpers import RULES
from tests.scanners.test_groovy import NOOP as GROOVY_NOOP
from tests.scanners.test_groovy import RECORDS as GROOVY
from tests.scanners.test_js_records import JS
from tests.scanners.test_lang_records import CONFIG_RECORDS, RECORDS
from tests.scanners.test_python_records import PYTHON
from tests.scanners.test_shell_records import SCANNERS
from tests.scanners.test_structured_records import HCL, JSON
from tests.scanners.test_yaml_records import YAML

ROWS: list[tuple[str, str]] = [
    *((kind, src) for kind, src, _ in RECORDS),
    *((kind, src) for kind, src, _ in CONFIG_RECORDS),
    *(("js", row[0]) for row in JS),
    *(("python", row[0]) for row in PYTHON),
    *((kind, row[0]) for kind, (_, table) in SCANNERS.items() for row in table),
    *(("json", row[0]) for row in JSON),
    *(("hcl", row[0]) for row in HCL),
    *(("yaml", row[0]) for row in YAML),
    *(("groovy", row[0]) for row in GROOVY),
    *(("groovy", src) for src in GROOVY_NOOP),
]


#: The tables' rename tables: the DingTalk names, and the short one of the shell, YAML
#: and JSON/HCL tables.
TABLES = {"dingtalk": DEFAULT_RULES, "tests": RULES}


@pytest.mark.parametrize("table", sorted(TABLES))
@pytest.mark.parametrize(("kind", "src"), ROWS)
def test_a_file_with_hits_passes_the_pre_filter(kind: str, src: str, table: str) -> None:
    rules = TABLES[table]
    if kind in registry.ALWAYS or not registry.scan(src, kind, rules):
        return
    assert registry.wanted(src.encode(), registry.needles(kind, rules))


def test_the_rows_cover_every_kind_with_hits() -> None:
    """The test above can fail: its rows hold hits of every kind, and hits in files that
    hold no old name whole (built names, viper keys, pydantic prefixes)."""
    kinds = {k for k, src in ROWS for rules in TABLES.values() if registry.scan(src, k, rules)}
    assert kinds == {kind for kind, _ in ROWS}
    hidden = [
        src
        for kind, src in ROWS
        if registry.scan(src, kind, DEFAULT_RULES)
        and not any(name in src for name in (*DEFAULT_RULES.renames, *DEFAULT_RULES.obsolete))
    ]
    assert len(hidden) >= 10


@pytest.mark.parametrize(
    "src",
    [
        'viper.AutomaticEnv()\nk := viper.GetString("dingtalk.app_key")\n',
        'viper.AutomaticEnv()\nk := viper.GetString("DINGTALK-APP-SECRET")\n',
        'viper.AutomaticEnv()\nk := viper.GetString("dingtalk-app-key")\n',
    ],
)
def test_a_viper_key_is_reported_by_a_run(in_tmp: Path, src: str) -> None:
    (in_tmp / "main.go").write_text(f"package main\n\nfunc main() {{\n{src}}}\n")
    assert main(["check", "--no-color", "."]) == 1
