"""The command line without click (``entry``) against click itself as the oracle.

A plain ``check``/``migrate`` command line is read by ``entry.parse`` and run without
importing click; every other one goes to click. The promise: for every command line
``entry.parse`` accepts, its parameters are exactly those click would pass the command
(so the run is the same run), and the output written without click is byte for byte what
``click.echo`` and ``click.style`` would write.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click._compat import _ansi_re as click_ansi
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from envmigrate import boundary, entry, ui
from envmigrate.cli import cli
from envmigrate.cli import run as click_run
from tests.conftest import SENTINEL, legacy_with_sentinel
from tests.test_imports import loaded_by


def click_params(args: list[str]) -> dict[str, Any] | None:
    """The parameters click passes the command for ``args``; None when click refuses them
    (or stops early: help, version)."""
    command = cli.commands[args[0]]
    try:
        with command.make_context(args[0], list(args[1:])) as ctx:
            return dict(ctx.params)
    except (click.exceptions.Exit, click.ClickException):
        return None


def _options(name: str) -> list[str]:
    found = []
    for param in cli.commands[name].params:
        if isinstance(param, click.Option):
            found += [*param.opts, *param.secondary_opts]
    return found


OPTIONS = sorted({*_options("check"), *_options("migrate"), "-h", "--help", "--lang", "-qv"})
VALUES = [
    *("text", "json", "github", "sarif", "markdown", "comment", "remove", "keep", "new", "old"),
    *("TEXT", "", "zh", "EM1", "3", "x.env"),
]
PATHS = [".env", "a b.env", "dir/", "-", "--", "", "é.env", "x\udcff", ".", "--x", "=", "a=b"]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(["check", "migrate"]))
    grammar = entry.GRAMMARS[command]
    plain = [*grammar.flags, *grammar.choices, *(v for _, c in grammar.choices.values() for v in c)]
    words = st.one_of(
        st.sampled_from(sorted(plain)),  # lines the plain path accepts, often
        st.sampled_from(PATHS[:3]),
        st.sampled_from(OPTIONS),
        st.sampled_from(VALUES),
        st.sampled_from(PATHS),
        st.builds(lambda o, v: f"{o}={v}", st.sampled_from(OPTIONS), st.sampled_from(VALUES)),
        st.text(max_size=6),
    )
    plain_words = st.one_of(st.sampled_from(sorted(plain)), st.sampled_from(PATHS[:3]))
    return [command, *draw(st.lists(words, max_size=8) | st.lists(plain_words, max_size=8))]


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(command_lines())
@example(["check"])
@example(["migrate"])
@example(["check", "--format", "json", ".env", "--no-code", "--code", "-q"])
@example(["migrate", "--agent-id=remove", "--prefer", "old", "-y", "--dry-run", "a", "b"])
@example(["check", "--format", "--strict"])  # click takes --strict as the value: refused
@example(["check", "--strict=1"])  # a flag with a value: click refuses it
def test_a_plain_command_line_gets_clicks_parameters(args: list[str]) -> None:
    plain = entry.parse(args)
    if plain is None:
        return
    command, params = plain
    assert command == args[0]
    assert params == click_params(args)


def test_the_generator_reaches_both_sides() -> None:
    """The property above can fail: the generated lines include accepted ones."""
    accepted = [["check", "-v", "x.env"], ["migrate", "--format=json", "--backup"]]
    refused = [["check", "--help"], ["check", "-"], ["check", "--", "x"], ["verify"], []]
    assert all(entry.parse(a) is not None for a in accepted)
    assert all(entry.parse(a) is None for a in refused)


def test_an_unreadable_path_is_left_to_click(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """click refuses an existing path it may not read (a usage error); so must the plain
    path, by leaving it to click. (``os.access`` is faked: tests may run as root.)"""
    path = tmp_path / "locked.env"
    path.write_text("A=1\n")
    args = ["check", str(tmp_path / "missing.env"), str(path)]
    assert entry.parse(args) is not None
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: str(p) != str(path) and real(p, mode))
    assert entry.parse(args) is None
    assert click_params(args) is None


@pytest.mark.parametrize("name", ["check", "migrate"])
def test_the_grammar_is_clicks(name: str) -> None:
    """Every option the grammar knows is click's, with click's kind, value and choices."""
    grammar = entry.GRAMMARS[name]
    options = {o: p for p in cli.commands[name].params for o in (*p.opts, *p.secondary_opts)}
    for flag, (param, value) in grammar.flags.items():
        option = options[flag]
        assert isinstance(option, click.Option)
        assert option.is_flag
        assert option.name == param
        assert value is (flag not in option.secondary_opts)
    for flag, (param, accepted) in grammar.choices.items():
        option = options[flag]
        assert isinstance(option.type, click.Choice)
        assert option.name == param
        assert tuple(option.type.choices) == accepted
    assert dict(grammar.defaults) == {**click_params([name]), "paths": ()}


# -- output without click: click.echo and click.style as oracles ---------------------------

ANSI = st.sampled_from(
    ["\x1b[31m", "\x1b[0m", "\x1b[1;2m", "\x1b[?25l", "\x1b", "\x1b[", "\x1b]0;t\x07"]
)
TEXTS = st.lists(st.one_of(st.text(max_size=8), ANSI), max_size=6).map("".join)


def _stream(encoding: str, errors: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors=errors, write_through=True)


@settings(max_examples=300, deadline=None)
@given(
    text=TEXTS,
    nl=st.booleans(),
    err=st.booleans(),
    color=st.booleans(),
    encoding=st.sampled_from(["utf-8", "gb18030", "cp1252", "ascii", "latin-1"]),
    errors=st.sampled_from(["strict", "replace", "backslashreplace"]),
)
def test_echo_writes_what_click_echo_writes(
    text: str, nl: bool, err: bool, color: bool, encoding: str, errors: str
) -> None:
    def written(write: Any) -> tuple[bytes | str, bytes]:
        stream = _stream(encoding, errors)
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = (sys.stdout, stream) if err else (stream, sys.stderr)
        try:
            write()
            outcome: bytes | str = b"ok"
        except UnicodeEncodeError as exc:
            outcome = exc.reason
        finally:
            sys.stdout, sys.stderr = saved
        return outcome, stream.buffer.getvalue()  # type: ignore[attr-defined]

    # click before 8.4 strips fewer sequences (not "\x1b[@"); compare where both agree
    assume(re.sub(click_ansi.pattern, "", text) == re.sub(ui._ANSI, "", text))
    ours = written(lambda: ui.echo(text, nl=nl, err=err, color=color))
    theirs = written(lambda: click.echo(text, nl=nl, err=err, color=color))
    assert ours == theirs


@pytest.mark.parametrize("where", ["StringIO", "ascii", "no stream", "Windows"])
def test_echo_leaves_other_streams_to_click(where: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stream that is not a plain text file, and every stream on Windows (click wraps
    the console there), is written by click.echo."""
    calls = []
    monkeypatch.setattr(click, "echo", lambda *a, **k: calls.append((a, k)))
    stream = {
        "StringIO": io.StringIO(),
        "ascii": _stream("ascii", "strict"),
        "no stream": None,
        "Windows": _stream("utf-8", "strict"),
    }[where]
    monkeypatch.setattr(sys, "stderr", stream)
    monkeypatch.setattr(ui, "_WINDOWS", where == "Windows")
    ui.echo("x", color=False, err=True)
    assert calls == [(("x",), {"nl": True, "err": True, "color": False})]


STYLES = {
    "error": {"fg": "red", "bold": True},
    "warning": {"fg": "yellow", "bold": True},
    "ok": {"fg": "green", "bold": True},
    "path": {"bold": True},
    "code": {"fg": "magenta"},
    "dim": {"dim": True},
}


@pytest.mark.parametrize("kind", sorted(STYLES))
def test_style_is_click_style(kind: str) -> None:
    text = "a.env:1:1 \x1b[0m"
    assert ui.Ui(color=True).style(text, kind) == click.style(text, **STYLES[kind])
    assert ui.Ui(color=False).style(text, kind) == text


def test_every_style_is_tested() -> None:
    assert set(STYLES) == set(ui._STYLES)


# -- the same run either way ------------------------------------------------------------------

LINES = [
    ["check", "--no-color", ".env"],
    ["check", ".env", "other.env", "--strict"],
    ["check", "--format", "json", "."],
    ["check", "--format=github", "--no-code", "."],
    ["check", "--format", "sarif", ".env"],
    ["check", "-q", "--exit-zero", ".env"],
    ["check", "--show-secrets", "-v", ".env"],
    ["check", "missing.env"],
    ["check", "--environ"],
    ["migrate", "--dry-run", ".env"],
    ["migrate", "--dry-run", "--format", "markdown", "--agent-id", "keep", ".env"],
    ["migrate", "--yes", "--no-verify", "--backup", "--prefer", "new", ".env"],
    ["migrate", ".env"],  # no terminal to confirm on
    ["migrate", "--yes", "--no-verify", "--format", "json", "missing.env"],
]


def _run(body: Any) -> tuple[int, str, str, bytes]:
    with CliRunner().isolation() as (out, err, _):
        code = body()
    files = b"".join(p.read_bytes() for p in sorted(Path().glob("*.env*")))
    return code, out.getvalue().decode(), err.getvalue().decode(), files


@pytest.mark.parametrize("args", LINES, ids=" ".join)
def test_the_plain_run_is_the_click_run(in_tmp: Path, args: list[str]) -> None:
    """Output, exit code and the files left are the same with and without click."""
    assert entry.parse(args) is not None

    def fresh() -> None:
        for path in in_tmp.glob("*.env*"):
            path.unlink()
        (in_tmp / ".env").write_bytes(legacy_with_sentinel())
        (in_tmp / "other.env").write_text("DINGTALK_CLIENT_ID=x\nDINGTALK_APP_KEY=y\n")

    fresh()
    plain = _run(lambda: entry.main(args))
    fresh()
    through_click = _run(lambda: boundary.guard(args, lambda: click_run(args)))
    assert plain == through_click
    assert SENTINEL not in plain[1] + plain[2]


@pytest.mark.subprocess
@pytest.mark.parametrize(
    ("args", "loads_click"),
    [
        (["check", ".env"], False),
        (["check", "--format", "json", "."], False),
        (["migrate", "--dry-run", ".env"], False),
        (["migrate", "--yes", "--no-verify", ".env"], False),
        (["check", "--select", "EM0", ".env"], True),
        (["check", "--help"], True),
    ],
)
def test_a_plain_run_never_imports_click(
    tmp_path: Path, args: list[str], loads_click: bool
) -> None:
    (tmp_path / ".env").write_bytes(legacy_with_sentinel())
    assert bool(loaded_by(tmp_path, args, ["click"])) is loads_click


def test_a_failed_plain_run_prints_its_document(in_tmp: Path) -> None:
    """An error outside the report still gives the one JSON document (no click involved)."""
    (in_tmp / "pyproject.toml").write_text("[tool.envmigrate]\nrename = 3\n")
    code, out, err, _ = _run(lambda: entry.main(["check", "--format", "json", "."]))
    assert code == 2
    assert json.loads(out)["exit_code"] == 2
    assert "rename" in err


def test_the_earlier_entry_point_gives_the_same_run(in_tmp: Path) -> None:
    """``cli.main`` (what an ``envmigrate`` script installed before ``entry`` runs) is the
    same run through click."""
    from envmigrate import cli

    (in_tmp / ".env").write_bytes(legacy_with_sentinel())
    args = ["check", "--format", "json", ".env"]
    assert _run(lambda: cli.main(args)) == _run(lambda: entry.main(args))
    assert _run(lambda: cli.main(["check", "--bogus"]))[0] == 2
