"""hits.py: positions for every line end, findings in position order, the hit records and
the leftovers, all compared whole."""

from __future__ import annotations

import pytest

from envmigrate.findings import Finding, Severity
from envmigrate.i18n import Msg
from envmigrate.report import Leftover
from envmigrate.rules import DEFAULT_RULES
from envmigrate.scanners.hits import (
    SEVERITY,
    Hit,
    Lines,
    as_setting,
    findings,
    leftovers,
    name_hit,
    store_hit,
)

KEY, ID, AGENT = "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID", "DINGTALK_AGENT_ID"
USER = DEFAULT_RULES.with_extra({"OLD_TOKEN": "NEW_TOKEN"}, ("GONE",))


@pytest.mark.parametrize(
    ("text", "offsets", "positions"),
    [
        ("ab\ncd", [0, 1, 2, 3, 4, 5], [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3)]),
        ("ab\r\ncd", [2, 3, 4], [(1, 3), (1, 4), (2, 1)]),
        ("ab\rcd", [2, 3], [(1, 3), (2, 1)]),
        ("\n\r\r\nx", [0, 1, 2, 4], [(1, 1), (2, 1), (3, 1), (4, 1)]),
        ("", [0], [(1, 1)]),
    ],
)
def test_lines_every_line_end(
    text: str, offsets: list[int], positions: list[tuple[int, int]]
) -> None:
    lines = Lines(text)
    assert [lines.position(o) for o in offsets] == positions


def test_name_hits_in_full() -> None:
    assert name_hit(3, KEY, DEFAULT_RULES, config=False) == Hit(
        3, 19, "EM101", KEY, f"reads deprecated {KEY}: rename it to {ID}", ID
    )
    assert name_hit(0, KEY, DEFAULT_RULES, config=True, where=" in env:") == Hit(
        0, 16, "EM102", KEY, f"sets deprecated {KEY} in env:: rename it to {ID}", ID
    )
    assert name_hit(5, AGENT, DEFAULT_RULES, config=True) == Hit(
        5,
        22,
        "EM103",
        AGENT,
        f"{AGENT} is not needed in Stream mode: remove it when nothing uses it",
    )
    assert name_hit(1, "GONE", USER, config=False, where=" (x)") == Hit(
        1,
        5,
        "EM103",
        "GONE",
        "GONE is listed as obsolete in your configuration (x): remove it when nothing uses it",
    )


def test_store_hits_in_full() -> None:
    assert store_hit(2, KEY, DEFAULT_RULES, "github:prod") == Hit(
        2,
        18,
        "EM102",
        KEY,
        f"names {KEY}, kept in a GitHub Actions secret: add {ID} there first, then rename this",
        store="github:prod",
    )
    # an obsolete name in a store is only reported as obsolete
    assert store_hit(0, AGENT, DEFAULT_RULES, "github") == name_hit(
        0, AGENT, DEFAULT_RULES, config=True
    )


def test_findings_sorted_by_position_with_severity() -> None:
    text = "x = 1\r\ny = OLD\rz = 2\n"
    hits = [
        Hit(16, 17, "EM103", "B", "m3"),
        Hit(4, 5, "EM108", "A", "m2"),
        Hit(15, 16, "EM101", "C", "m1"),
    ]
    assert findings(hits, text, "f.py") == [
        Finding("EM108", Severity.WARNING, "f.py", 1, 5, "A", "m2"),
        Finding("EM101", Severity.ERROR, "f.py", 3, 1, "C", "m1"),
        Finding("EM103", Severity.WARNING, "f.py", 3, 2, "B", "m3"),
    ]
    assert findings([], text, "f.py") == []


def test_every_code_has_its_documented_severity() -> None:
    from envmigrate.rules import FINDINGS

    documented = {code: Severity(rule.severity) for code, rule in FINDINGS.items()}
    assert {code: documented[code] for code in SEVERITY} == SEVERITY
    assert sorted(SEVERITY) == sorted(c for c in FINDINGS if c.startswith("EM1"))


def test_leftovers_in_full() -> None:
    text = "a = KEY\nb = AGENT\n"
    read = Hit(4, 7, "EM101", KEY, "m1", ID)
    report_only = Hit(12, 17, "EM103", AGENT, "m2")
    manual = Hit(8, 9, "EM101", KEY, "m3")
    stored = Hit(10, 11, "EM102", KEY, "m4", store="gitlab")
    hits = [stored, read, report_only, manual]

    def left(hit: Hit, line: int, column: int, reason: str) -> Leftover:
        finding = Finding(hit.code, SEVERITY[hit.code], "f", line, column, hit.key, hit.message)
        return Leftover(finding, reason, ID, hit.store)

    assert leftovers(hits, text, "f", DEFAULT_RULES, renamed=False) == [
        left(read, 1, 5, "code"),
        left(manual, 2, 1, "manual"),
        left(stored, 2, 3, "store"),
    ]
    assert leftovers(hits, text, "f", DEFAULT_RULES, renamed=True) == [
        left(manual, 2, 1, "manual"),
        left(stored, 2, 3, "store"),
    ]


def test_as_setting_in_full() -> None:
    """A read in a config file's script sets the name: EM102, "sets ...", still translatable."""
    read = name_hit(3, KEY, DEFAULT_RULES, config=False, where=" (x)")
    setting = as_setting(read)
    assert setting == Hit(3, 19, "EM102", KEY, f"sets deprecated {KEY} (x): rename it to {ID}", ID)
    assert isinstance(setting.message, Msg)
    assert setting.message.template == "sets deprecated {name}{where}: rename it to {new}"
    assert setting.message.params == {"name": KEY, "where": " (x)", "new": ID}
    assert setting == name_hit(3, KEY, DEFAULT_RULES, config=True, where=" (x)")
    # what is not a read keeps its code and message
    obsolete = name_hit(0, AGENT, DEFAULT_RULES, config=False)
    assert as_setting(obsolete) == obsolete
    built = Hit(0, 7, "EM109", KEY, "builds", None)
    assert as_setting(built) == built
    # a read whose message is not a rename's keeps its text
    odd = Hit(1, 2, "EM101", KEY, "reads it; check it by hand")
    assert as_setting(odd) == odd._replace(code="EM102")
