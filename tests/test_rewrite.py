"""The rewriter: only key tokens, references and obsolete lines change; idempotent."""

from __future__ import annotations

import io
import os
from collections.abc import Mapping

import pytest
from dotenv import dotenv_values
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate.envfile import parse
from envmigrate.rewrite import AgentIdPolicy, Options, Prefer, rewrite
from envmigrate.rules import DEFAULT_RULES, RenameTable


def migrate_text(text: str, **kwargs: object) -> str:
    env = parse(text)
    result = rewrite(env, options=Options(**kwargs))  # type: ignore[arg-type]
    return env.render(result.text).decode()


NOOP = [
    "",
    "APP=1\n",
    "DINGTALK_CLIENT_ID=a\nDINGTALK_CLIENT_SECRET=b\n",
    "# DINGTALK_APP_KEY=commented out\n",
    "MY_DINGTALK_APP_KEY=x\nDINGTALK_APP_KEY_OLD=y\n",
    'NOTE="multi\nDINGTALK_APP_KEY=inside a value\n"\n',
    "X=literal DINGTALK_APP_KEY text\n",
    "X=$DINGTALK_APP_KEY\n",
    "X=${MY_DINGTALK_APP_KEY}\n",
    "X=1 # ${DINGTALK_APP_KEY} in a comment\n",
    "DINGTALK_APP_KEY x y (unparsable)\n",
    "# DINGTALK_AGENT_ID=1\n",
]


@pytest.mark.parametrize("text", NOOP)
def test_noop(text: str) -> None:
    """Files with nothing to migrate come back byte for byte, and are not 'changed'."""
    result = rewrite(parse(text))
    assert not result.changed
    assert result.text == text


FIXES = [
    ("DINGTALK_APP_KEY=a\n", "DINGTALK_CLIENT_ID=a\n"),
    ("DINGTALK_APP_SECRET=s", "DINGTALK_CLIENT_SECRET=s"),
    ("DINGTALK_APP_KEY=a\r\nX=1\r\n", "DINGTALK_CLIENT_ID=a\r\nX=1\r\n"),
    ("A=1\rDINGTALK_APP_KEY=a\r", "A=1\rDINGTALK_CLIENT_ID=a\r"),
    ("\ufeffDINGTALK_APP_KEY=a\n", "\ufeffDINGTALK_CLIENT_ID=a\n"),
    ("export DINGTALK_APP_KEY='a'\n", "export DINGTALK_CLIENT_ID='a'\n"),
    ('\tDINGTALK_APP_KEY\t=\t"a"\t# note\n', '\tDINGTALK_CLIENT_ID\t=\t"a"\t# note\n'),
    ("'DINGTALK_APP_KEY'=a\n", "'DINGTALK_CLIENT_ID'=a\n"),
    ("DINGTALK_APP_KEY\n", "DINGTALK_CLIENT_ID\n"),
    ("DINGTALK_APP_KEY=\n", "DINGTALK_CLIENT_ID=\n"),
    (
        'DINGTALK_APP_SECRET="line1\nDINGTALK_APP_KEY=fake\n"\n',
        'DINGTALK_CLIENT_SECRET="line1\nDINGTALK_APP_KEY=fake\n"\n',
    ),
    ("DINGTALK_APP_KEY=a\nDINGTALK_APP_KEY=b\n", "DINGTALK_CLIENT_ID=a\nDINGTALK_CLIENT_ID=b\n"),
    ("bad line\nDINGTALK_APP_KEY=a\n", "bad line\nDINGTALK_CLIENT_ID=a\n"),
    pytest.param(
        "DINGTALK_APP_KEY=a\nX=${DINGTALK_APP_KEY}\nY=${DINGTALK_APP_KEY:-d}\n",
        "DINGTALK_CLIENT_ID=a\nX=${DINGTALK_CLIENT_ID}\nY=${DINGTALK_CLIENT_ID:-d}\n",
        id="references",
    ),
    pytest.param(
        "X='${DINGTALK_APP_SECRET}'\n",
        "X='${DINGTALK_CLIENT_SECRET}'\n",
        id="single-quoted values are interpolated by python-dotenv too",
    ),
    pytest.param(
        "DINGTALK_AGENT_ID=1\n", "# DINGTALK_AGENT_ID=1\n", id="agent id commented by default"
    ),
    pytest.param(
        'A=1\n  DINGTALK_AGENT_ID="1\n2"\r\nB=2',
        'A=1\n#   DINGTALK_AGENT_ID="1\n# 2"\r\nB=2',
        id="every line of a multi-line agent id is commented",
    ),
    pytest.param(
        "DINGTALK_CLIENT_ID=a\nDINGTALK_APP_KEY=a\n",
        "DINGTALK_CLIENT_ID=a\n",
        id="duplicate with the same value: old line dropped",
    ),
    pytest.param(
        "DINGTALK_APP_KEY=a\n\n\nDINGTALK_CLIENT_ID=a\n",
        "\n\nDINGTALK_CLIENT_ID=a\n",
        id="blank lines before a dropped line are kept",
    ),
    pytest.param(
        "DINGTALK_APP_KEY=a\nDINGTALK_CLIENT_ID=${DINGTALK_APP_KEY}\n",
        "DINGTALK_CLIENT_ID=a\n",
        id="alias new=${old}: the alias goes, the old line is renamed",
    ),
    pytest.param(
        "A=1\nDINGTALK_CLIENT_ID=a\nDINGTALK_APP_KEY=a",
        "A=1\nDINGTALK_CLIENT_ID=a\n",
        id="no final newline",
    ),
]


@pytest.mark.parametrize(("before", "after"), FIXES)
def test_fix(before: str, after: str) -> None:
    assert migrate_text(before) == after


@pytest.mark.parametrize(("before", "after"), FIXES)
def test_fix_is_idempotent(before: str, after: str) -> None:
    """Migrating a migrated file changes nothing (black's stability check)."""
    second = rewrite(parse(after))
    assert not second.changed


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (AgentIdPolicy.COMMENT, "A=1\n# DINGTALK_AGENT_ID=7 # why\nB=2\n"),
        (AgentIdPolicy.REMOVE, "A=1\nB=2\n"),
        (AgentIdPolicy.KEEP, "A=1\nDINGTALK_AGENT_ID=7 # why\nB=2\n"),
    ],
)
def test_agent_id_policy(policy: AgentIdPolicy, expected: str) -> None:
    assert migrate_text("A=1\nDINGTALK_AGENT_ID=7 # why\nB=2\n", agent_id=policy) == expected


CONFLICT = "DINGTALK_APP_KEY=old\nDINGTALK_CLIENT_ID=new\n"


def test_conflict_is_refused() -> None:
    """Different values under both names: the file is refused, text unchanged, EM004."""
    result = rewrite(parse(CONFLICT))
    assert result.refused
    assert not result.changed
    assert result.text == CONFLICT
    assert [(f.code, f.line, f.key) for f in result.conflicts] == [("EM004", 1, "DINGTALK_APP_KEY")]


@pytest.mark.parametrize(
    ("prefer", "expected"),
    [(Prefer.NEW, "DINGTALK_CLIENT_ID=new\n"), (Prefer.OLD, "DINGTALK_CLIENT_ID=old\n")],
)
def test_conflict_prefer(prefer: Prefer, expected: str) -> None:
    assert migrate_text(CONFLICT, prefer=prefer) == expected


def test_user_renames() -> None:
    """Renames from [tool.envmigrate] work like the built-in ones, references included."""
    rules = DEFAULT_RULES.with_extra(renames={"OLD_TOKEN": "NEW_TOKEN"})
    text = "OLD_TOKEN=1\nX=${OLD_TOKEN}\nDINGTALK_APP_KEY=a\n"
    expected = "NEW_TOKEN=1\nX=${NEW_TOKEN}\nDINGTALK_CLIENT_ID=a\n"
    assert migrate_text(text, rules=rules) == expected


# -- properties --------------------------------------------------------------------------

OLD_TO_NEW = dict(DEFAULT_RULES.renames)
VALUE = st.text(alphabet="abcXYZ019 -_.:/", max_size=8)
REFERENCE = st.sampled_from(
    ["${DINGTALK_APP_KEY}", "${DINGTALK_APP_SECRET:-dflt}", "${OTHER}", "$OTHER", "${MISSING:-m}"]
)


@st.composite
def values(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(VALUE, REFERENCE), max_size=3))
    body = "".join(parts)
    quote = draw(st.sampled_from(["", "'", '"']))
    if not quote:
        body = body.strip()
    return f"{quote}{body}{quote}"


@st.composite
def lines(draw: st.DrawFn, keys: list[str]) -> str:
    kind = draw(
        st.sampled_from(["binding", "binding", "binding", "comment", "blank", "junk", "multi"])
    )
    if kind == "comment":
        return "# " + draw(st.sampled_from(keys)) + "=" + draw(VALUE)
    if kind == "blank":
        return draw(st.sampled_from(["", "  ", "\t"]))
    if kind == "junk":
        return draw(st.sampled_from(["not a line", "DINGTALK_APP_KEY also junk", "=x"]))
    key = draw(st.sampled_from(keys))
    if kind == "multi":
        return f'{key}="first\nDINGTALK_APP_KEY=inner\n"'
    prefix = draw(st.sampled_from(["", "export ", "  "]))
    sep = draw(st.sampled_from(["=", " = ", "\t=\t"]))
    comment = draw(st.sampled_from(["", " # note", "  # ${DINGTALK_APP_KEY}"]))
    return f"{prefix}{key}{sep}{draw(values())}{comment}"


OLD_ONLY_KEYS = [
    "DINGTALK_APP_KEY",
    "DINGTALK_APP_SECRET",
    "DINGTALK_AGENT_ID",
    "OTHER",
    "APP_DINGTALK_APP_KEY",
]


@st.composite
def env_texts(draw: st.DrawFn, keys: list[str] = OLD_ONLY_KEYS) -> str:
    body = draw(st.lists(lines(keys), max_size=10))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    ending = draw(st.sampled_from(["", newline]))
    return newline.join(body) + ending


def dotenv_dict(text: str) -> dict[str, str | None]:
    return dict(dotenv_values(stream=io.StringIO(text, newline="")))


def renamed(values: Mapping[str, str | None], policy: AgentIdPolicy) -> dict[str, str | None]:
    """The oracle: old names mapped to new ones; the agent id dropped unless kept."""
    out: dict[str, str | None] = {}
    for key, value in values.items():
        if key == "DINGTALK_AGENT_ID" and policy is not AgentIdPolicy.KEEP:
            continue
        out[OLD_TO_NEW.get(key, key)] = value
    return out


@pytest.fixture
def no_dingtalk_env() -> None:
    assert not any(name.startswith("DINGTALK_") for name in os.environ)


@given(env_texts(), st.sampled_from(list(AgentIdPolicy)))
@settings(derandomize=True, max_examples=300, deadline=None)
def test_property_values_are_preserved(text: str, policy: AgentIdPolicy) -> None:
    """dotenv_values(after) == rename(dotenv_values(before)) (DingTalk names not in os.environ)."""
    assert not any(name.startswith("DINGTALK_") for name in os.environ)
    after = migrate_text(text, agent_id=policy)
    assert dotenv_dict(after) == renamed(dotenv_dict(text), policy)


@given(env_texts(), st.sampled_from(list(AgentIdPolicy)))
@settings(derandomize=True, max_examples=300, deadline=None)
def test_property_idempotent(text: str, policy: AgentIdPolicy) -> None:
    once = migrate_text(text, agent_id=policy)
    assert migrate_text(once, agent_id=policy) == once


@given(env_texts())
@settings(derandomize=True, max_examples=300, deadline=None)
def test_property_other_keys_untouched(text: str) -> None:
    """Keys other than the deprecated ones keep their order; non-DingTalk lines are identical."""
    after = migrate_text(text, agent_id=AgentIdPolicy.KEEP)
    before_keys = [e.key for e in parse(text).bindings()]
    after_keys = [e.key for e in parse(after).bindings()]
    assert after_keys == [OLD_TO_NEW.get(k, k) for k in before_keys]  # type: ignore[arg-type]
    kept_lines = [ln for ln in text.splitlines() if "DINGTALK_" not in ln]
    assert [ln for ln in after.splitlines() if "DINGTALK_" not in ln] == kept_lines


BOTH_KEYS = ["DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID", "OTHER"]


@st.composite
def pair_texts(draw: st.DrawFn) -> str:
    """Files with old and new keys together (values only literal, no references)."""
    keys = draw(st.lists(st.sampled_from(BOTH_KEYS), max_size=6))
    vals = st.sampled_from(["a", "b", "'a'", '"b"', ""])
    return "".join(f"{k}={draw(vals)}\n" for k in keys)


@given(pair_texts(), st.sampled_from([Prefer.NEW, Prefer.OLD, None]))
@settings(derandomize=True, max_examples=300, deadline=None)
def test_property_pairs(text: str, prefer: Prefer | None) -> None:
    """Both names present: refused on conflict, else the chosen value wins under the new name."""
    env = parse(text)
    result = rewrite(env, options=Options(prefer=prefer))
    before = dotenv_dict(text)
    if result.refused:
        assert prefer is None
        assert before["DINGTALK_APP_KEY"] != before["DINGTALK_CLIENT_ID"]
        return
    after = dotenv_dict(result.text)
    assert "DINGTALK_APP_KEY" not in after
    if "DINGTALK_APP_KEY" in before and "DINGTALK_CLIENT_ID" in before:
        winner = "DINGTALK_APP_KEY" if prefer is Prefer.OLD else "DINGTALK_CLIENT_ID"
        assert after["DINGTALK_CLIENT_ID"] == before[winner]
    else:
        assert after == renamed(before, AgentIdPolicy.KEEP)
    assert not rewrite(parse(result.text), options=Options(prefer=prefer)).changed


def test_rules_are_immutable() -> None:
    """The built-in table cannot be changed by accident through with_extra()."""
    extra = RenameTable().with_extra(renames={"A": "B"})
    assert "A" not in DEFAULT_RULES.renames
    assert extra.renames["A"] == "B"
