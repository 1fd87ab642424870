"""The lexer against python-dotenv's own ``parse_stream``, on every input we can think of.

CI runs this file against both ends of the supported python-dotenv range (.ci/run). The
differential property compares keys, values, original text, line numbers and error flags,
and checks every span; its budget is calibrated below: deliberately broken lexers (the
previous quoted-value regexes, each other release's grammar, plain mutants) must each be
caught within the same budget, or the calibration test fails.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from dotenv import parser as dotenv_parser
from dotenv.parser import parse_stream
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from envmigrate import dotenv_lexer as lexer
from envmigrate.dotenv_lexer import DIALECTS, Entry, Grammar, installed_dialect

ROOT = Path(__file__).resolve().parent.parent
#: Enough examples to find each calibrated drift (see test_the_budget_finds_drift): over 25
#: seeds the slowest mutant needed at most 313 examples (the issue's drift class: 135).
DIFFERENTIAL = settings(
    derandomize=True,
    database=None,
    max_examples=600,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


#: python-dotenv's own escape decoding of a quoted value, per quote.
ESCAPES = {"'": dotenv_parser._single_quote_escapes, '"': dotenv_parser._double_quote_escapes}


def expected(text: str) -> list[tuple[object, ...]]:
    stream = io.StringIO(text, newline="")
    return [
        (b.key, b.value, b.original.string, b.original.line, b.error) for b in parse_stream(stream)
    ]


def actual(text: str, entries: list[Entry]) -> list[tuple[object, ...]]:
    return [(e.key, e.value, text[e.start : e.end], e.first_line, e.error) for e in entries]


def assert_same(text: str, entries: list[Entry]) -> None:
    """Exactly parse_stream's bindings, and every span where it must be."""
    assert actual(text, entries) == expected(text)
    cursor = entries[0].start if entries else len(text)
    assert cursor in (0, 1)  # 1: a BOM python-dotenv strips
    for entry in entries:
        assert entry.start == cursor
        cursor = entry.end
        head = text[entry.start : entry.line_start]
        assert entry.line == entry.first_line + _newlines(head)
        column_at = entry.line_start + entry.column - 1
        if entry.key is not None:
            assert column_at == entry.key_start
            assert text[entry.key_start : entry.key_end] == entry.key
        else:
            assert not text[entry.line_start : column_at].strip()
        if entry.value is None:
            assert entry.value_start == entry.value_end == -1
            continue
        raw = text[entry.value_start : entry.value_end]
        quote = text[entry.value_start - 1]  # "=" or a blank before an unquoted value
        if quote in ("'", '"'):  # a quoted value's span is inside its quotes
            assert text[entry.value_end] == quote
            assert dotenv_parser.decode_escapes(ESCAPES[quote], raw) == entry.value
        else:
            assert raw == entry.value
    assert cursor == len(text)


def _newlines(text: str) -> int:
    return len(re.findall(r"\r\n|\n|\r", text))


def lex_with(grammar: Grammar) -> Callable[[str], list[Entry]]:
    return lambda text: list(lexer._lex(text, grammar))


# -- generated nasty files ---------------------------------------------------------------

NEWLINE = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\r\r\n", ""])
SPACE = st.sampled_from(["", " ", "  ", "\t", " \t", "\x0b", "\x0c", "\u00a0", "\u3000", "\x85"])
KEY = st.sampled_from(  # "": no key at all ("export " at the end of the file, "=x")
    ["A", "", "DINGTALK_APP_KEY", "a.b-c", "KEY_1", "export", "'q k'", "'x", "''", "é中", "=", "#k"]
)
BODY_ATOM = st.sampled_from(
    [
        "x", " ", "#", " #", "'", '"', "\\", "\\\\", "\\'", '\\"', "\\n", "\\t", "\\x", "${X}",
        "\\a", "\\b", "\\f", "\\r", "\\v",
        "${DINGTALK_APP_KEY}", "${A:-d}", "$", "\n", "\r\n", "\r", "\t", "é", "中", "\x00",
        "\ufeff", "\u2028", "=",
    ]
)  # fmt: skip
BODY = st.lists(BODY_ATOM, max_size=8).map("".join)
COMMENT = st.one_of(st.just(""), st.builds(lambda s, b: s + "#" + b, SPACE, BODY))


@st.composite
def value(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["plain", "single", "double", "open", "hash", "none"]))
    body = draw(BODY)
    if kind == "plain":
        return body.replace("\n", "").replace("\r", "")
    if kind in ("single", "double"):
        quote = "'" if kind == "single" else '"'
        # a body ending in backslashes: is the quote after them escaped or closing?
        end = draw(st.sampled_from(["", "\\", "\\\\", "\\\\\\"]))
        return quote + body + end + quote + draw(COMMENT) + draw(BODY)
    if kind == "open":
        return draw(st.sampled_from(["'", '"'])) + body
    if kind == "hash":
        return "#" + body
    return ""


@st.composite
def line(draw: st.DrawFn) -> str:
    # "export" then a line end or a Unicode blank: an export prefix or a bare key "export"?
    export = draw(
        st.sampled_from(
            ["", "export ", "export\t", "export  ", "export\n", "export\r\n", "export\x85"]
        )
    )
    eq = draw(st.sampled_from(["=", "", " = ", "=  ", " ="]))
    return (
        draw(SPACE)
        + export
        + draw(KEY)
        + eq
        + draw(SPACE)
        + draw(value())
        + draw(COMMENT)
        + draw(SPACE)
        + draw(NEWLINE)
    )


SOUP = st.lists(st.one_of(BODY_ATOM, KEY, NEWLINE, SPACE, st.text(max_size=3)), max_size=30).map(
    "".join
)
FILES = st.builds(
    lambda bom, parts: bom + "".join(parts),
    st.sampled_from(["", "", "", "\ufeff", "\ufeff\ufeff", " \ufeff"]),
    st.lists(st.one_of(line(), line(), SOUP), max_size=8),
)


# -- the differential tests --------------------------------------------------------------


def test_the_installed_parser_is_one_the_lexer_knows() -> None:
    """Otherwise every test here compares parse_stream with itself (the fallback)."""
    import dotenv.version

    assert installed_dialect() is not None, (
        f"python-dotenv {dotenv.version.__version__}: unknown dotenv/parser.py. Compare its "
        "grammar with lexer.DIALECTS, add its sha256 to lexer.KNOWN_PARSERS, run this file."
    )


@given(FILES)
@DIFFERENTIAL
def test_lexer_matches_parse_stream(text: str) -> None:
    assert_same(text, lexer.lex(text))


DRIFT = [
    'A="a\\\\" # ${DINGTALK_APP_KEY}"\n',  # 1.2.3 ends the value at \\", the rest is a comment
    "A='it\\\\' # ${X}'\n",
    "A= #c\nB=  # c # d\n",  # 1.2.4: an empty value
    "\ufeffA=1\n",  # 1.2.3: a BOM python-dotenv strips
    "\ufeff\ufeffA=1\n",
    "A=1\r\nbad line\r\nB=2\r\n",  # an error line ends at \r: python-dotenv counts 2 lines
    "export =x\nexport  'k'=1\n'a\nb'=2\n",
    'A="x\ny" junk\nB=\'unterminated\nC=3\n',
    "A=x \x85# not a comment\x85\nB=y\u3000#c\n",
]


@pytest.mark.parametrize("text", DRIFT)
def test_known_differences_between_releases(text: str) -> None:
    assert_same(text, lexer.lex(text))


FIXTURES = sorted(p for p in ROOT.joinpath("fixtures").rglob("*") if p.is_file())


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_fixture(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    assert_same(text, lexer.lex(text))


def test_fallback_matches_parse_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unknown python-dotenv: its own parser runs and the spans are still exact."""
    monkeypatch.setattr(lexer, "installed_dialect", lambda: None)
    for text in [*DRIFT, "A=1\nB='x'\n"]:
        assert_same(text, lexer.lex(text))


def test_unknown_parser_is_not_guessed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A parser.py whose bytes are not a known release selects the fallback."""
    fake = tmp_path / "parser.py"
    fake.write_text("# patched\n")
    monkeypatch.setattr(lexer, "_parser_path", lambda: str(fake))
    lexer.installed_dialect.cache_clear()
    try:
        assert lexer.installed_dialect() is None
    finally:
        lexer.installed_dialect.cache_clear()


@pytest.mark.subprocess
@pytest.mark.parametrize("args", [("check",), ("check", "--verify"), ("migrate", "--dry-run")])
def test_commands_do_not_import_dotenv(tmp_path: Path, args: tuple[str, ...]) -> None:
    """A file with the names, quotes, a multi-line value and an unparsable line: no dotenv."""
    (tmp_path / ".env").write_text(
        "DINGTALK_APP_KEY=id\nDINGTALK_APP_SECRET='s'\nX=\"a\nb\"\nbad line\n"
    )
    probe = (
        "import sys\nfrom envmigrate.entry import main\nmain(sys.argv[1:])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'dotenv'), file=sys.stderr)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe, *args, "--format", "json", ".env"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stderr.strip().splitlines()[-1] == "[]", proc.stderr
    assert "DINGTALK_CLIENT_ID" in proc.stdout  # a finding or the diff: the file was read


def test_ordinary_parsing_does_not_import_dotenv() -> None:
    code = (
        "import sys; from envmigrate.envfile import parse; "
        "parse(b'A=1\\nB=\"x\"\\n# c\\nbad line\\n'); "
        "assert not [m for m in sys.modules if m.startswith('dotenv')], sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# -- calibration: the budget above finds drift -------------------------------------------


def _mutant(monkeypatch: pytest.MonkeyPatch, name: str) -> Grammar:
    """A deliberately wrong lexer (each a plausible hand-written mistake)."""
    installed = installed_dialect()
    assert installed is not None
    dialect = DIALECTS[installed]
    if name.startswith("dialect:"):
        return Grammar(DIALECTS[name.removeprefix("dialect:")])
    if name == "pre-1.2.3 quotes":  # envfile's own regexes before the lexer: the drift
        old = DIALECTS["1.0"]
        new = DIALECTS["1.2.4"]
        quotes = new if dialect.single_quoted == old.single_quoted else old
        return Grammar(
            dialect._replace(single_quoted=quotes.single_quoted, double_quoted=quotes.double_quoted)
        )
    if name == "ascii whitespace":
        monkeypatch.setattr(lexer, "_WHITESPACE", r"[ \t]*")
    elif name == "not atomic":
        monkeypatch.setattr(lexer, "_atomic", lambda token: f"(?:{token})")
    elif name == "inline comment needs a space":
        monkeypatch.setattr(lexer, "_INLINE_COMMENT", re.compile(r" +#"))
    elif name == "CRLF ends an error line":
        monkeypatch.setattr(lexer, "_REST_OF_LINE", r"[^\r\n]*(?:\r\n|\r|\n)?")
    elif name == "keys stop at a quote":
        monkeypatch.setattr(lexer, "_UNQUOTED_KEY", r"([^=\#\s'\"]+)")
    return Grammar(dialect)


MUTANTS = [
    "pre-1.2.3 quotes",
    "ascii whitespace",
    "not atomic",
    "inline comment needs a space",
    "CRLF ends an error line",
    "keys stop at a quote",
    *(f"dialect:{name}" for name in DIALECTS),
]


@pytest.mark.parametrize("mutant", MUTANTS)
def test_the_budget_finds_drift(mutant: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each broken lexer is caught by the differential property within its budget."""
    if mutant == f"dialect:{installed_dialect()}":
        pytest.skip("the installed grammar itself")
    grammar = _mutant(monkeypatch, mutant)
    run = lex_with(grammar)
    tried: list[str] = []

    @given(FILES)
    @settings(DIFFERENTIAL, phases=[Phase.generate], print_blob=False)
    def differential(text: str) -> None:
        tried.append(text)
        assert_same(text, run(text))

    try:
        differential()
    except AssertionError:
        return
    pytest.fail(f"{mutant}: not caught in {len(tried)} examples")


# -- the drift the issue reported, end to end ----------------------------------------------

OLD_REF, NEW_REF = "${DINGTALK_APP_KEY}", "${DINGTALK_CLIENT_ID}"


@pytest.mark.parametrize(
    "text",
    [
        'A="x\\\\" # ${DINGTALK_APP_KEY}"\n',
        'A="${B}\\\\" # ${DINGTALK_APP_KEY}"\n',  # the case: the value has a ${…}
        "A='${B}\\\\' # ${DINGTALK_APP_KEY}'\n",
        "A='x\\\\' # ${DINGTALK_APP_KEY}'\n",
        'A="x\\\\" # ${DINGTALK_APP_KEY}\nB="${DINGTALK_APP_KEY}"\n',
        "A= # ${DINGTALK_APP_KEY}\n",
        'A="a\\"b" # ${DINGTALK_APP_KEY}" ${DINGTALK_APP_KEY}"\n',
    ],
)
def test_only_references_python_dotenv_reads_are_renamed(text: str) -> None:
    """A ``${OLD}`` in an inline comment stays; one in a value (as read) is renamed."""
    from envmigrate.envfile import parse
    from envmigrate.rewrite import rewrite

    after = rewrite(parse(text)).text
    before_values = {b.key: b.value for b in parse_stream(io.StringIO(text))}
    after_values = {b.key: b.value for b in parse_stream(io.StringIO(after))}
    assert after_values == {
        k: None if v is None else v.replace(OLD_REF, NEW_REF) for k, v in before_values.items()
    }
    if not any(OLD_REF in (v or "") for v in before_values.values()):
        assert after == text
