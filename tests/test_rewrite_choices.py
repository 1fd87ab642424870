"""The choices as plain strings (``rewrite.Chosen``, what the command line passes) decide
as the library's ``Options`` and enums do, function by function; the library's records are
made on first use (``envmigrate.options``) and are the same objects wherever reached."""

from __future__ import annotations

import sys

import pytest

from envmigrate import options as records
from envmigrate.diff import Edit
from envmigrate.envfile import parse
from envmigrate.rewrite import (
    Chosen,
    _bound_together,
    _edits,
    _keep_old_first,
    _keeping,
    _relex_after,
    rewrite,
    rewrite_fast,
)
from envmigrate.rules import DEFAULT_RULES, RenameTable

KEY, ID = "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"
SECRET, CSECRET = "DINGTALK_APP_SECRET", "DINGTALK_CLIENT_SECRET"
AGENT = "DINGTALK_AGENT_ID"
TABLE = RenameTable(renames={"OLD": "NEW"}, obsolete=("GONE",))


def test_chosen_holds_what_it_is_given_and_defaults_to_the_library_defaults() -> None:
    chosen = Chosen()
    default = records.Options()
    assert (chosen.agent_id, chosen.prefer, chosen.rules) == tuple(default)
    assert chosen.rules is DEFAULT_RULES
    given = Chosen("keep", "old", TABLE)
    assert (given.agent_id, given.prefer, given.rules) == ("keep", "old", TABLE)
    with pytest.raises(AttributeError):
        given.other = 1  # type: ignore[attr-defined]


def test_the_library_records_are_made_on_first_use_and_shared() -> None:
    module = sys.modules["envmigrate.rewrite"]
    for name in ("AgentIdPolicy", "Prefer", "Options", "DEFAULT_OPTIONS"):
        assert getattr(module, name) is getattr(records, name)
    from envmigrate import AgentIdPolicy, Options

    assert Options is records.Options
    assert AgentIdPolicy is records.AgentIdPolicy
    with pytest.raises(
        AttributeError, match=r"^module 'envmigrate\.rewrite' has no attribute 'nope'$"
    ):
        module.nope  # noqa: B018


@pytest.mark.parametrize(
    ("text", "rules", "pairs"),
    [
        (f"{KEY}=a\n{ID}=b\n{SECRET}=s\n", DEFAULT_RULES, [KEY]),
        (f"{ID}=b\n{KEY}=a\n{CSECRET}=c\n{SECRET}=s\n", DEFAULT_RULES, [KEY, SECRET]),
        (f"{ID}=b\n{CSECRET}=c\n", DEFAULT_RULES, []),  # only new names
        (f"{KEY}=a\n{SECRET}=s\n", DEFAULT_RULES, []),  # only old names
        (f"# {KEY}=a\n{ID}=b\n", DEFAULT_RULES, []),  # a comment binds nothing
        ("OLD=1\nNEW=2\n", TABLE, ["OLD"]),
        (f"{KEY}=a\n{ID}=b\n", TABLE, []),
    ],
)
def test_old_names_bound_together_with_their_new_name(
    text: str, rules: RenameTable, pairs: list[str]
) -> None:
    assert _bound_together(parse(text), rules) == pairs


@pytest.mark.parametrize(
    ("prefer", "values", "first"),
    [
        ("old", {KEY: "a", ID: "b"}, True),
        ("new", {KEY: "a", ID: "b"}, False),
        (None, {KEY: "a", ID: "b"}, False),
        (records.Prefer.OLD, {KEY: "a", ID: "b"}, True),
        (records.Prefer.NEW, {KEY: "a", ID: "b"}, False),
    ],
)
def test_prefer_decides_which_line_of_two_values_stays(
    prefer: str | None, values: dict[str, str], first: bool
) -> None:
    env = parse(f"{KEY}=a\n{ID}=b\n")
    assert _keep_old_first(env, KEY, ID, values, Chosen(prefer=prefer)) is first


@pytest.mark.parametrize(
    ("agent_id", "edits"),
    [
        ("keep", [Edit(0, 16, ID)]),
        (records.AgentIdPolicy.KEEP, [Edit(0, 16, ID)]),
        ("remove", [Edit(0, 16, ID), Edit(19, 39, "")]),
        ("comment", [Edit(0, 16, ID), Edit(19, 19, "# ")]),
        (records.AgentIdPolicy.COMMENT, [Edit(0, 16, ID), Edit(19, 19, "# ")]),
    ],
)
def test_the_agent_id_policy_as_a_string_or_an_enum(agent_id: str, edits: list[Edit]) -> None:
    env = parse(f"{KEY}=a\n{AGENT}=7\n")
    assert sorted(_edits(env, Chosen(agent_id), {})) == edits


@pytest.mark.parametrize("agent_id", ["keep", records.AgentIdPolicy.KEEP])
def test_a_kept_obsolete_line_has_its_references_renamed(agent_id: str) -> None:
    """Kept, the obsolete line is no dropped line: a reference in it is renamed too."""
    env = parse(f"{KEY}=a\n{AGENT}=${{{KEY}}}\n")
    assert sorted(_edits(env, Chosen(agent_id), {})) == [Edit(0, 16, ID), Edit(39, 55, ID)]


@pytest.mark.parametrize("prefer", ["old", "new", None])
def test_a_frozen_binding_keeps_the_other_choices(prefer: str | None) -> None:
    env = parse(f"{KEY}=a\n{SECRET}=s\n")
    kept = _keeping(env, Chosen("remove", prefer), frozenset({0}))
    assert (kept.agent_id, kept.prefer) == ("remove", prefer)
    assert dict(kept.rules.renames) == {SECRET: CSECRET}
    assert kept.rules.obsolete == DEFAULT_RULES.obsolete


@pytest.mark.parametrize("agent_id", ["remove", "comment", "keep"])
def test_the_fast_path_relexes_a_removed_line_as_gone(agent_id: str) -> None:
    text = f"A=1\n{AGENT}=7\n{KEY}=k\nB=${{{KEY}}}\n"
    quick = rewrite_fast(text, options=Chosen(agent_id))
    assert quick is not None
    env, result = quick
    after = _relex_after(env, list(result.edits))
    full = rewrite(parse(text), options=Chosen(agent_id))
    assert [(e.key, e.value, e.line) for e in after.entries] == [
        (e.key, e.value, e.line)
        for e in full.env_after.entries
        if e.key in {AGENT, ID, "B"}  # type: ignore[union-attr]
    ]
    assert (AGENT in [e.key for e in after.entries]) is (agent_id == "keep")
