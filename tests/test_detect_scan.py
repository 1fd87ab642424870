"""detect's other entry points in full (issue 14): ``scan`` (findings and the values it
resolved), ``conflicts`` (only EM004, by position, with the configured rules), ``resolved``
and ``rename_code``."""

from __future__ import annotations

import pytest

from envmigrate.detect import Scan, conflicts, detect, rename_code, resolved, scan
from envmigrate.envfile import parse, resolve
from envmigrate.findings import Finding, Severity
from envmigrate.rules import DEFAULT_RULES, RenameTable

KEY, SECRET, ID, CSECRET = (
    "DINGTALK_APP_KEY",
    "DINGTALK_APP_SECRET",
    "DINGTALK_CLIENT_ID",
    "DINGTALK_CLIENT_SECRET",
)
USER_RULES = DEFAULT_RULES.with_extra(renames={"OLD_TOKEN": "NEW_TOKEN"}, obsolete=("GONE",))


def em004(old: str, new: str, line: int, new_line: int) -> Finding:
    message = (
        f"{old} and {new} (line {new_line}) are both set, to different values: "
        "migrate refuses this file unless --prefer new|old"
    )
    return Finding("EM004", Severity.ERROR, "p", line, 1, old, message)


@pytest.mark.parametrize(
    ("old", "code"),
    [(SECRET, "EM002"), (KEY, "EM001"), ("OLD_TOKEN", "EM001"), (CSECRET, "EM001")],
)
def test_rename_code(old: str, code: str) -> None:
    assert rename_code(old) == code


@pytest.mark.parametrize(
    ("text", "needed"),
    [
        ("X=1\n", False),  # nothing to resolve
        (f"X=${{{KEY}}}\n", False),  # a reference alone needs no value
        # a credential: is it a placeholder? Its value as written tells (no "${" in any
        # value: nothing is resolved)
        (f"{KEY}=k\n", False),
        (f"{KEY}=k\nX=${{Y}}\n", True),  # a reference somewhere: resolved (general path)
        (f"{ID}=k\n{KEY}=${{{ID}}}\nX=${{{ID}}}\n", True),
    ],
)
def test_scan_returns_what_it_resolved(text: str, needed: bool) -> None:
    env = parse(text)
    found = scan(env, path="p")
    assert found == Scan(detect(env, path="p"), resolve(env) if needed else None)
    assert resolved(env, found) == resolve(env)


def test_resolved_reuses_the_scan() -> None:
    env = parse(f"{KEY}=k\n")
    values = {KEY: "given"}
    assert resolved(env, Scan([], values)) is values
    assert resolved(env, Scan([], None)) == {KEY: "k"}


@pytest.mark.parametrize(
    ("text", "rules", "expected"),
    [
        ("X=1\n", DEFAULT_RULES, []),
        (f"{KEY}=a\n{ID}=a\n", DEFAULT_RULES, []),  # a duplicate is no conflict
        (f"{KEY}=a\n{ID}=b\n", DEFAULT_RULES, [em004(KEY, ID, 1, 2)]),
        # both pairs: by position, the secret first here
        (
            f"{SECRET}=s\n{CSECRET}=t\n{ID}=b\n{KEY}=a\n",
            DEFAULT_RULES,
            [em004(SECRET, CSECRET, 1, 2), em004(KEY, ID, 4, 3)],
        ),
        # configured renames are conflicts only under the configured rules
        ("OLD_TOKEN=1\nNEW_TOKEN=2\n", DEFAULT_RULES, []),
        ("OLD_TOKEN=1\nNEW_TOKEN=2\n", USER_RULES, [em004("OLD_TOKEN", "NEW_TOKEN", 1, 2)]),
    ],
)
def test_conflicts_in_full(text: str, rules: RenameTable, expected: list[Finding]) -> None:
    env = parse(text)
    assert conflicts(env, path="p", rules=rules) == expected
    assert conflicts(env, path="p", rules=rules, resolved=lambda: resolve(env)) == expected
    assert [f for f in detect(env, path="p", rules=rules) if f.code == "EM004"] == expected


def test_conflicts_use_the_values_given() -> None:
    """The values come from the caller when it has them (here: they disagree)."""
    env = parse(f"{KEY}=a\n{ID}=a\n")
    assert conflicts(env, path="p", resolved=lambda: {KEY: "a", ID: "b"}) == [em004(KEY, ID, 1, 2)]


W, E = Severity.WARNING, Severity.ERROR
#: (text, verify, the EM008 findings (line, severity, message)): the general path (a
#: reference in the file) and the one-pass scan (none) judge placeholders alike.
PLACEHOLDERS = [
    (f"{ID}=your-client-id\nX=${{Y}}\n", False, [(1, W, f"{ID} is a placeholder")]),
    (f"{ID}=your-client-id\nX=${{Y}}\n", True, [(1, E, f"{ID} is a placeholder")]),
    (f"{ID}=your-client-id\n", True, [(1, E, f"{ID} is a placeholder")]),
    (f"X=xxx\n{ID}=${{X}}\n", True, [(2, E, f"{ID} is a placeholder")]),  # resolved first
    (f"{ID}=\nX=${{Y}}\n", True, [(1, E, f"{ID} is empty")]),
    (f"{ID}=id-1\nX=${{Y}}\n", True, []),
]


@pytest.mark.parametrize(("text", "verify", "expected"), PLACEHOLDERS)
def test_placeholders_on_both_paths(
    text: str, verify: bool, expected: list[tuple[int, Severity, str]]
) -> None:
    found = scan(parse(text), path="p", verify=verify).findings
    assert [(f.line, f.severity, f.message) for f in found if f.code == "EM008"] == expected


def test_scan_does_not_verify_by_default() -> None:
    for text in (f"{ID}=xxx\n", f"{ID}=xxx\nX=${{Y}}\n"):  # one-pass and general
        (found,) = scan(parse(text), path="p").findings
        assert found.severity is Severity.WARNING


def test_credentials_are_tested_under_any_rename_table() -> None:
    """A table of the library's own making may leave out the DingTalk names: a credential
    is still tested for a placeholder (both paths)."""
    bare = RenameTable(renames={"OLD_TOKEN": "NEW_TOKEN"}, obsolete=())
    for text in (f"A=1\n{ID}=xxx\n", f"A=1\n{ID}=xxx\nX=${{Y}}\n"):
        found = scan(parse(text), path="p", rules=bare).findings
        assert [(f.code, f.line, f.key) for f in found] == [("EM008", 2, ID)]
