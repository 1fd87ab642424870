"""Conflicts refuse the file whole; odd layouts rewrite exactly (issue 14 survivors).

A conflict is an old name and its new name both bound, to different values. Without
``--prefer`` the file is refused and nothing is dropped, whatever else the file holds (the
other pair, duplicates, user renames). Results are compared whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate.detect import detect
from envmigrate.envfile import parse, resolve
from envmigrate.findings import Finding, Severity
from envmigrate.rewrite import AgentIdPolicy, Options, Prefer, RewriteResult, rewrite
from envmigrate.rules import DEFAULT_RULES
from tests.conftest import SENTINEL
from tests.test_cli import run

USER_RULES = DEFAULT_RULES.with_extra(renames={"OLD_TOKEN": "NEW_TOKEN"}, obsolete=("GONE",))


def em004(old: str, new: str, line: int, new_line: int) -> Finding:
    message = (
        f"{old} and {new} (line {new_line}) are both set, to different values: "
        "migrate refuses this file unless --prefer new|old"
    )
    return Finding("EM004", Severity.ERROR, "p", line, 1, old, message)


def outcome(result: RewriteResult) -> tuple[str, bool, tuple[Finding, ...], str]:
    """The whole outcome: text, changed, conflicts (in full), reason."""
    return result.text, result.changed, result.conflicts, result.reason


def expect(
    text: str, changed: bool, conflicts: tuple[Finding, ...] = (), reason: str = ""
) -> tuple[str, bool, tuple[Finding, ...], str]:
    return text, changed, conflicts, reason


KEY_CONFLICT = em004("DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID", 1, 3)


@pytest.mark.parametrize(
    ("text", "conflicts"),
    [
        # both old names, a different new id: refused (the secret pair alone would migrate)
        (
            "DINGTALK_APP_KEY=k1\nDINGTALK_APP_SECRET=s1\nDINGTALK_CLIENT_ID=k2\n",
            (KEY_CONFLICT,),
        ),
        # both old names, a different new secret
        (
            "DINGTALK_APP_KEY=k1\nDINGTALK_APP_SECRET=s1\nDINGTALK_CLIENT_SECRET=s2\n",
            (em004("DINGTALK_APP_SECRET", "DINGTALK_CLIENT_SECRET", 2, 3),),
        ),
        # both pairs in conflict: both reported, in file order
        (
            "DINGTALK_APP_KEY=k1\nDINGTALK_APP_SECRET=s1\nDINGTALK_CLIENT_ID=k2\nDINGTALK_CLIENT_SECRET=s2\n",
            (KEY_CONFLICT, em004("DINGTALK_APP_SECRET", "DINGTALK_CLIENT_SECRET", 2, 4)),
        ),
        # both pairs, bound in the other order: the conflicts come in file order
        (
            "DINGTALK_APP_SECRET=s1\nDINGTALK_CLIENT_ID=k1\nDINGTALK_CLIENT_SECRET=s2\nDINGTALK_APP_KEY=k2\n",
            (
                em004("DINGTALK_APP_SECRET", "DINGTALK_CLIENT_SECRET", 1, 3),
                em004("DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID", 4, 2),
            ),
        ),
        # one pair a duplicate, the other a conflict: still refused whole
        (
            "DINGTALK_APP_KEY=k1\nDINGTALK_APP_SECRET=s1\nDINGTALK_CLIENT_ID=k1\nDINGTALK_CLIENT_SECRET=s2\n",
            (em004("DINGTALK_APP_SECRET", "DINGTALK_CLIENT_SECRET", 2, 4),),
        ),
        # a bare old name (no value) against a set new one
        (
            "DINGTALK_APP_KEY\nDINGTALK_APP_SECRET=s1\nDINGTALK_CLIENT_ID=k2\n",
            (KEY_CONFLICT,),
        ),
        # with an obsolete key and references around: nothing is commented out either
        (
            "DINGTALK_APP_KEY=k1\nDINGTALK_AGENT_ID=7\nDINGTALK_CLIENT_ID=k2\nX=${DINGTALK_APP_KEY}\n",
            (em004("DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID", 1, 3),),
        ),
    ],
)
def test_conflicts_refuse_the_whole_file(text: str, conflicts: tuple[Finding, ...]) -> None:
    result = rewrite(parse(text), path="p")
    assert outcome(result) == expect(text, False, conflicts, "")
    assert result.refused


def test_conflict_under_user_renames_uses_the_configured_rules() -> None:
    text = "OLD_TOKEN=1\nNEW_TOKEN=2\nGONE=x\n"
    result = rewrite(parse(text), options=Options(rules=USER_RULES), path="p")
    assert outcome(result) == expect(text, False, (em004("OLD_TOKEN", "NEW_TOKEN", 1, 2),), "")
    # the built-in rules know nothing of these names: the same file is clean
    assert outcome(rewrite(parse(text), path="p")) == expect(text, False)


@pytest.mark.parametrize(
    ("prefer", "expected"),
    [
        (Prefer.OLD, "NEW_TOKEN=1\n# GONE=x\n"),
        (Prefer.NEW, "NEW_TOKEN=2\n# GONE=x\n"),
    ],
)
def test_user_rename_conflict_prefer(prefer: Prefer, expected: str) -> None:
    text = "OLD_TOKEN=1\nNEW_TOKEN=2\nGONE=x\n"
    result = rewrite(parse(text), options=Options(rules=USER_RULES, prefer=prefer), path="p")
    assert outcome(result) == expect(expected, True)


def test_user_rename_duplicate_is_merged() -> None:
    result = rewrite(parse("OLD_TOKEN=1\nNEW_TOKEN=1\n"), options=Options(rules=USER_RULES))
    assert outcome(result) == expect("NEW_TOKEN=1\n", True)


@pytest.mark.parametrize(
    ("prefer", "expected"),
    [
        (Prefer.NEW, "DINGTALK_CLIENT_SECRET=s1\nDINGTALK_CLIENT_ID=k2\n"),
        (Prefer.OLD, "DINGTALK_CLIENT_ID=k1\nDINGTALK_CLIENT_SECRET=s1\n"),
    ],
)
def test_both_old_names_prefer(prefer: Prefer, expected: str) -> None:
    text = "DINGTALK_APP_KEY=k1\nDINGTALK_APP_SECRET=s1\nDINGTALK_CLIENT_ID=k2\n"
    assert outcome(rewrite(parse(text), options=Options(prefer=prefer))) == expect(expected, True)


NAMES = st.sampled_from(
    ["DINGTALK_APP_KEY", "DINGTALK_APP_SECRET", "DINGTALK_CLIENT_ID", "DINGTALK_CLIENT_SECRET", "A"]
)
BINDINGS = st.lists(st.tuples(NAMES, st.sampled_from(["v1", "v2", ""])), min_size=1, max_size=6)


@settings(max_examples=150, deadline=None)
@given(BINDINGS)
def test_property_no_value_is_dropped_without_prefer(bindings: list[tuple[str, str]]) -> None:
    """Refused exactly when detect reports EM004; otherwise every value survives renamed."""
    text = "".join(f"{k}={v}\n" for k, v in bindings)
    env = parse(text)
    result = rewrite(env, path="p")
    em004s = tuple(f for f in detect(env, path="p") if f.code == "EM004")
    if em004s:
        assert outcome(result) == expect(text, False, em004s, "")
        return
    assert not result.refused
    before, after = resolve(env), resolve(parse(result.text))
    renames = DEFAULT_RULES.renames
    for key, value in before.items():
        assert after[renames.get(key, key)] == value
    assert not set(after) & set(renames)


# -- odd layouts, whole outputs ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # a bare old name (no "=") is renamed where it stands
        ("A=1\n  DINGTALK_APP_KEY\nB=2\n", "A=1\n  DINGTALK_CLIENT_ID\nB=2\n"),
        ("DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"),
        # ${VAR:-} (empty default) is renamed like ${VAR}
        ("X=${DINGTALK_APP_KEY:-}\n", "X=${DINGTALK_CLIENT_ID:-}\n"),
        (
            "X=${DINGTALK_APP_KEY:-}\rDINGTALK_APP_KEY=a\r",
            "X=${DINGTALK_CLIENT_ID:-}\rDINGTALK_CLIENT_ID=a\r",
        ),
        (
            "DINGTALK_APP_KEY=${DINGTALK_APP_SECRET:-}\r\nDINGTALK_APP_SECRET=s\r\n",
            "DINGTALK_CLIENT_ID=${DINGTALK_CLIENT_SECRET:-}\r\nDINGTALK_CLIENT_SECRET=s\r\n",
        ),
        (
            "X='${DINGTALK_APP_KEY:-d}'\nY=\"${DINGTALK_APP_SECRET}${DINGTALK_APP_KEY}\"\n",
            "X='${DINGTALK_CLIENT_ID:-d}'\nY=\"${DINGTALK_CLIENT_SECRET}${DINGTALK_CLIENT_ID}\"\n",
        ),
        # an obsolete multi-line value: every line commented, every line end kept
        (
            'DINGTALK_AGENT_ID=1\r\nDINGTALK_AGENT_ID="a\rb"\r',
            '# DINGTALK_AGENT_ID=1\r\n# DINGTALK_AGENT_ID="a\r# b"\r',
        ),
        ('DINGTALK_AGENT_ID="a\n\nb"\n', '# DINGTALK_AGENT_ID="a\n# \n# b"\n'),
    ],
)
def test_odd_layouts(before: str, after: str) -> None:
    assert outcome(rewrite(parse(before))) == expect(after, True)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('A=1\nDINGTALK_AGENT_ID="a\r\nb"\r\nB=2\n', "A=1\nB=2\n"),
        ("  DINGTALK_AGENT_ID=1 # note\nB=2\n", "B=2\n"),
    ],
)
def test_obsolete_removed(before: str, after: str) -> None:
    result = rewrite(parse(before), options=Options(agent_id=AgentIdPolicy.REMOVE))
    assert outcome(result) == expect(after, True)


def test_removing_a_referenced_obsolete_key_is_refused_in_full() -> None:
    text = "  DINGTALK_AGENT_ID=1 # note\nX=${DINGTALK_AGENT_ID}\n"
    result = rewrite(parse(text), options=Options(agent_id=AgentIdPolicy.REMOVE), path="p")
    reason = (
        "renaming would change the value of X (with the process environment empty): "
        "migrate refuses this file; see README, Rewrite rules"
    )
    finding = Finding("EM004", Severity.ERROR, "p", 2, 1, "X", reason)
    assert outcome(result) == expect(text, False, (finding,), f"{reason}; untouched")


def test_empty_default_resolves_like_dotenv() -> None:
    env = parse("A=1\nB=${A:-}\nC=${MISSING:-}\nD=${MISSING:-x}${A}\n")
    assert resolve(env) == {"A": "1", "B": "1", "C": "", "D": "x1"}
    assert resolve(env, environ={"MISSING": "m"}) == {"A": "1", "B": "1", "C": "m", "D": "m1"}


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # the same value (none) under both names, bare: the new line stays where it is
        ("DINGTALK_APP_KEY\nA=1\nDINGTALK_CLIENT_ID\n", "A=1\nDINGTALK_CLIENT_ID\n"),
        ("DINGTALK_APP_KEY=a\nA=1\nDINGTALK_CLIENT_ID=a\n", "A=1\nDINGTALK_CLIENT_ID=a\n"),
        # equal through the same reference (not an alias): the new line stays
        (
            "DINGTALK_APP_KEY=${A}\nB=1\nDINGTALK_CLIENT_ID=${A}\n",
            "B=1\nDINGTALK_CLIENT_ID=${A}\n",
        ),
        # a reference to the old name elsewhere (not in the new line's value): no alias
        (
            "X=${DINGTALK_APP_KEY}\nDINGTALK_APP_KEY=a\nB=1\nDINGTALK_CLIENT_ID=a\n",
            "X=${DINGTALK_CLIENT_ID}\nB=1\nDINGTALK_CLIENT_ID=a\n",
        ),
        (
            "DINGTALK_APP_KEY=a\nB=1\nDINGTALK_CLIENT_ID=a\nX=${DINGTALK_APP_KEY}\n",
            "B=1\nDINGTALK_CLIENT_ID=a\nX=${DINGTALK_CLIENT_ID}\n",
        ),
        # the new name an alias of the old one: the alias goes, the old line is renamed
        (
            "DINGTALK_APP_KEY=a\nA=1\nDINGTALK_CLIENT_ID=${DINGTALK_APP_KEY}\n",
            "DINGTALK_CLIENT_ID=a\nA=1\n",
        ),
        (
            "DINGTALK_CLIENT_ID=a\nA=1\nDINGTALK_APP_KEY=${DINGTALK_CLIENT_ID}\n",
            "DINGTALK_CLIENT_ID=a\nA=1\n",
        ),
    ],
)
def test_duplicates_merge_in_place(before: str, after: str) -> None:
    assert outcome(rewrite(parse(before))) == expect(after, True)


# -- end to end: [tool.envmigrate] rename decides what a conflict is ---------------------------


def test_migrate_refuses_a_conflict_under_configured_renames(in_tmp: Path) -> None:
    (in_tmp / "pyproject.toml").write_text(
        '[tool.envmigrate]\nrename = { OLD_TOKEN = "NEW_TOKEN" }\n'
    )
    path = in_tmp / ".env"
    text = f"OLD_TOKEN={SENTINEL}\nDINGTALK_APP_KEY=k1\nNEW_TOKEN=other\n"
    path.write_text(text)
    code, out, err = run("migrate", "--yes", "--no-verify", ".env")
    assert code == 1
    assert ".env:1:1: EM004" in out
    assert "OLD_TOKEN and NEW_TOKEN (line 3) are both set, to different values" in out
    assert "refused (conflict)" in err
    assert path.read_text() == text  # the DingTalk rename is not applied either
    assert SENTINEL not in out + err
    code, _, _ = run("migrate", "--yes", "--no-verify", "--prefer", "new", ".env")
    assert code == 0
    assert path.read_text() == "DINGTALK_CLIENT_ID=k1\nNEW_TOKEN=other\n"
