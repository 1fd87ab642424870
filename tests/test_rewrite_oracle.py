"""The oracle, pairs included: a migration never changes what any key resolves to.

Generated files bind old and new names together, in any order, duplicated, with
``${…}`` / ``${…:-default}`` references in either direction, empty values and bare keys,
for the built-in renames and a configured one. python-dotenv's own ``dotenv_values``
(interpolating) is evaluated before and after, with the process environment empty and
holding the old names (renamed with the file); the values must match, or the file must
be refused and left as it was.
"""

from __future__ import annotations

import importlib
import io
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple
from unittest import mock

import pytest
from dotenv import dotenv_values
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate.entry import main
from envmigrate.envfile import parse
from envmigrate.rewrite import AgentIdPolicy, Options, Prefer, rewrite
from envmigrate.rules import APP_KEY, APP_SECRET, CLIENT_ID, CLIENT_SECRET, DEFAULT_RULES

USER_RULES = DEFAULT_RULES.with_extra(renames={"OLD_TOKEN": "NEW_TOKEN"}, obsolete=("GONE",))
KEYS = [
    APP_KEY,
    CLIENT_ID,
    APP_SECRET,
    CLIENT_SECRET,
    "DINGTALK_AGENT_ID",
    "X",
    "OLD_TOKEN",
    "NEW_TOKEN",
    "GONE",
]
#: Calibrated: with the value check reverted, each of the issue's examples is found within
#: the first 330 examples (derandomized, so the same every run); about 10 s here.
EXAMPLES = 1000


class Line(NamedTuple):
    key: str
    parts: tuple[str, ...]  # literal text and ${...} references
    quote: str  # '', "'" or '"'
    bare: bool = False  # KEY with no '=' (python-dotenv: None)

    def render(self, forced: Mapping[str, str]) -> str:
        if self.bare:
            return self.key
        if self.key in forced:
            return f"{self.key}='{forced[self.key]}'"
        return f"{self.key}={self.quote}{''.join(self.parts)}{self.quote}"


def render(lines: list[Line], forced: Mapping[str, str] | None = None) -> str:
    return "".join(line.render(forced or {}) + "\n" for line in lines)


PIECE = st.one_of(
    st.sampled_from(["", "a", "b", "id-1"]),
    st.builds("${{{}}}".format, st.sampled_from([*KEYS, "MISSING"])),
    st.builds("${{{}:-d}}".format, st.sampled_from([*KEYS, "MISSING"])),
)


@st.composite
def lines(draw: st.DrawFn) -> Line:
    key = draw(st.sampled_from(KEYS))
    if draw(st.integers(0, 19)) == 0:
        return Line(key, (), "", bare=True)
    parts = tuple(draw(st.lists(PIECE, max_size=2)))
    return Line(key, parts, draw(st.sampled_from(["", "", "'", '"'])))


FILES = st.lists(lines(), min_size=1, max_size=6)
OPTIONS = st.builds(
    Options,
    agent_id=st.sampled_from(list(AgentIdPolicy)),
    prefer=st.sampled_from([None, None, Prefer.NEW, Prefer.OLD]),
    rules=st.sampled_from([DEFAULT_RULES, USER_RULES]),
)


@contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    with mock.patch.dict(os.environ, values):
        yield


def dotenv(text: str, environ: Mapping[str, str]) -> dict[str, str | None]:
    with environment(environ):
        return dict(dotenv_values(stream=io.StringIO(text, newline=""), interpolate=True))


def environments(options: Options) -> list[dict[str, str]]:
    rules = options.rules
    return [{}, {name: f"env-{name}" for name in (*rules.renames, *rules.obsolete)}]


def expected_after(
    lines_: list[Line], environ: dict[str, str], options: Options
) -> dict[str, object]:
    """rename(dotenv_values(before)); with --prefer both names take the winner's value."""
    rules = options.rules
    before = dotenv(render(lines_), environ)
    forced = {}
    for old, new in rules.renames.items():
        if old in before and new in before and before[old] != before[new]:
            assert options.prefer is not None, "values differ: should have been refused"
            winner = before[old if options.prefer is Prefer.OLD else new]
            if winner is not None:
                forced |= {old: winner, new: winner}
    if forced:
        before = dotenv(render(lines_, forced), environ)
    out: dict[str, object] = {}
    for key, value in before.items():
        if key in rules.obsolete and options.agent_id is not AgentIdPolicy.KEEP:
            continue
        out[rules.renames.get(key, key)] = value
    return out


def self_references(text: str) -> set[str]:
    return {
        e.key
        for e in parse(text).bindings()
        if e.key and e.value and re.search(r"\$\{" + e.key + r"(:-[^}]*)?\}", e.value)
    }


def check_oracle(lines_: list[Line], options: Options) -> None:
    text = render(lines_)
    env = parse(text)
    result = rewrite(env, options=options)
    if result.refused:
        assert result.text == text
        assert not result.changed
        assert result.reason or result.conflicts
        return
    after = env.render(result.text).decode()
    renamed_before = {options.rules.renames.get(k, k) for k in self_references(text)}
    assert self_references(after) <= renamed_before, "a rewrite produced a self-reference"
    for environ in environments(options):
        renamed_env = {options.rules.renames.get(k, k): v for k, v in environ.items()}
        assert dotenv(after, renamed_env) == expected_after(lines_, environ, options), environ
    assert not rewrite(parse(after), options=options).changed  # idempotent


@given(FILES, OPTIONS)
@settings(derandomize=True, max_examples=EXAMPLES, deadline=None)
def test_oracle_pairs_references_any_order(lines_: list[Line], options: Options) -> None:
    assert not {*KEYS, "MISSING"} & os.environ.keys()
    check_oracle(lines_, options)


# -- the issue's examples, kept as regression cases ------------------------------------------

REFUSED = [
    # only the new name bound: renaming ${OLD} would make X read the file's value
    f"{CLIENT_ID}=a\nX=${{{APP_KEY}}}\n",
    # a self-reference
    f"{CLIENT_ID}=${{{APP_KEY}}}\n",
    # a value reading the new name below the old binding
    f"{APP_KEY}=a\nX=${{{CLIENT_ID}}}\n",
    # the old names differ from the new ones only when the environment is set
    f"{APP_KEY}=${{{APP_KEY}:-a}}\n{CLIENT_ID}=a\n",
    # a reference to the obsolete key that is commented out
    "DINGTALK_AGENT_ID=7\nX=${DINGTALK_AGENT_ID}\n",
]


@pytest.mark.parametrize("text", REFUSED)
def test_refused_when_a_value_would_change(text: str) -> None:
    result = rewrite(parse(text), path=".env")
    assert result.refused
    assert result.text == text
    assert "migrate refuses this file" in result.reason
    assert [f.code for f in result.conflicts] == ["EM004"]


KEPT = [
    (  # the issue's first example: the credential survives, no self-reference
        f"{APP_KEY}=real-id\n{CLIENT_ID}=\n{CLIENT_ID}=${{{APP_KEY}}}\n",
        f"{CLIENT_ID}=real-id\n",
    ),
    (  # a reference between the old and the new binding keeps reading the file's value
        f"{APP_KEY}=a\nX=${{{APP_KEY}}}\n{CLIENT_ID}=a\n",
        f"{CLIENT_ID}=a\nX=${{{CLIENT_ID}}}\n",
    ),
    (f"X=${{{APP_KEY}}}\n", f"X=${{{CLIENT_ID}}}\n"),  # a reference to the environment
    (f"{APP_KEY}=${{{APP_KEY}}}-x\n", f"{CLIENT_ID}=${{{CLIENT_ID}}}-x\n"),  # kept, not made
]


@pytest.mark.parametrize(("before", "after"), KEPT)
def test_values_kept(before: str, after: str) -> None:
    result = rewrite(parse(before))
    assert not result.refused, result.reason
    assert result.text == after
    check_oracle_text(before)


def check_oracle_text(text: str) -> None:
    for environ in environments(Options()):
        renamed = {DEFAULT_RULES.renames.get(k, k): v for k, v in environ.items()}
        after = rewrite(parse(text)).text
        before = dotenv(text, environ)
        assert dotenv(after, renamed) == {
            DEFAULT_RULES.renames.get(k, k): v for k, v in before.items()
        }


def test_prefer_refuses_when_a_reference_would_change() -> None:
    """--prefer new: X read the old value through ${OLD}; it must read the winner's."""
    text = f"{APP_KEY}=a\nX=${{{APP_KEY}}}\n{CLIENT_ID}=b\n"
    assert rewrite(parse(text), options=Options(prefer=Prefer.NEW)).refused
    kept = rewrite(parse(text), options=Options(prefer=Prefer.OLD))
    assert kept.text == f"{CLIENT_ID}=a\nX=${{{CLIENT_ID}}}\n"


def test_configured_renames_are_checked_too() -> None:
    text = "NEW_TOKEN=a\nX=${OLD_TOKEN}\n"
    result = rewrite(parse(text), options=Options(rules=USER_RULES), path=".env")
    assert result.refused
    assert rewrite(parse(text)).text == text  # not a rename without the configuration


# -- the command: refusals reach the user; a lost credential is never a success --------------

ISSUE_EXAMPLE = f"{APP_KEY}=real-id\n{CLIENT_ID}=\n{CLIENT_ID}=${{{APP_KEY}}}\n{APP_SECRET}=s\n"


@pytest.mark.parametrize("text", REFUSED[:3])
def test_migrate_refuses_with_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path(".env").write_text(text)
    assert main(["migrate", "--yes", "--no-verify", ".env"]) == 1
    err = capsys.readouterr()
    assert "EM004" in err.out
    assert "migrate refuses this file" in err.out
    assert Path(".env").read_text() == text


@pytest.mark.parametrize("verify", [[], ["--no-verify"]])
def test_lost_credential_fails_the_run(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    verify: list[str],
) -> None:
    """Defence in depth: with the value check switched off, the issue's first example loses
    the client id; migrate must not call that a success (it said "skipped", exit 0)."""
    module = importlib.import_module("envmigrate.rewrite")  # the package exports a function

    monkeypatch.setattr(module, "_changed_value", lambda *args: None)
    monkeypatch.setattr(module, "_self_reference", lambda *args: None)
    monkeypatch.chdir(tmp_path)
    Path(".env").write_text(ISSUE_EXAMPLE)
    code = main(["migrate", "--yes", *verify, ".env"])
    out = capsys.readouterr()
    assert code == 1
    assert f"{CLIENT_ID} has no value after the migration" in out.out + out.err
