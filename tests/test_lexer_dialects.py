r"""Each release's grammar, pinned where releases differ.

tests/test_lexer.py compares the lexer with the installed python-dotenv, so only the
installed release's dialect is checked there (CI runs it against both ends of the
supported range). These rows pin every dialect at once, on the layouts where releases
read differently: quoted values ending in backslashes (1.2.3), a leading BOM (1.2.3),
``KEY= #comment`` (1.2.4), and the escapes every release decodes.

The tokens every release shares are checked by the differential test in tests/test_lexer.py
(its generator draws a layout for each character class, alternative and quantifier of them).
Changes no input can tell apart: ``_EQUAL_SIGN`` without CR/LF in its blank class (it is
read only on a line python-dotenv rejects, and a line end after ``=`` is an empty value);
``_END_OF_LINE``'s ``$`` -> ``\Z`` (before a final LF, ``\n`` matches first);
``_REST_OF_LINE``'s ``\r\n`` (``\r`` matches first: python-dotenv's own quirk, kept);
``_INLINE_COMMENT``'s ``\s+`` -> ``\s`` (the value is stripped after the cut).
"""

from __future__ import annotations

import pytest

from envmigrate.dotenv_lexer import DIALECTS, lex

OLD, NEW = "1.0", ("1.2.3", "1.2.4")
ALL = (OLD, *NEW)

ROWS = [
    # 1.0: a backslash escapes only the quote; 1.2.3 on: any character (\\ is one backslash)
    ('A="a\\\\" # x"\n', {OLD: [("A", 'a\\" # x')], NEW: [("A", "a\\")]}),
    ("A='it\\\\' # x'\n", {OLD: [("A", "it\\' # x")], NEW: [("A", "it\\")]}),
    ('A="a\\"b"\n', {ALL: [("A", 'a"b')]}),
    # a lone backslash before the last quote: 1.0 backtracks and closes there; 1.2.3 on: the
    # quote is escaped, the value never closes, the line is unparsable
    ("A='a\\'\n", {OLD: [("A", "a\\")], NEW: [(None, None)]}),
    ('A="a\\"\n', {OLD: [("A", "a\\")], NEW: [(None, None)]}),
    ("A='a\\'b'\n", {ALL: [("A", "a'b")]}),
    ('A="a\\\\\\"b"\n', {OLD: [("A", 'a\\"b')], NEW: [("A", 'a\\"b')]}),
    ('A="x\ny"\n', {ALL: [("A", "x\ny")]}),
    ("A='x\ny'\n", {ALL: [("A", "x\ny")]}),
    ('A="x\r\ny"\n', {ALL: [("A", "x\r\ny")]}),
    ("A='\\n'\n", {ALL: [("A", "\\n")]}),  # single quotes: only \\ and \'
    # double quotes: python-dotenv's escapes, each one; others stay as they are
    ('A="\\a\\b\\f\\n\\r\\t\\v\\x\\\'\\\\"\n', {ALL: [("A", "\a\b\f\n\r\t\v\\x'\\")]}),
    ("A='\\a\\\\\\''\n", {ALL: [("A", "\\a\\'")]}),
    # 1.2.4: "=", a blank, then "#": an empty value; 1.0 and 1.2.3: the value is "#…"
    (
        "A= #c\nB=\t#c\nC=#c\nD=  # c # d\n",
        {
            (OLD, "1.2.3"): [("A", "#c"), ("B", "#c"), ("C", "#c"), ("D", "# c")],
            ("1.2.4",): [("A", ""), ("B", ""), ("C", "#c"), ("D", "")],
        },
    ),
    # 1.2.3 on: one leading BOM is stripped
    ("\ufeffA=1\n", {OLD: [("\ufeffA", "1")], NEW: [("A", "1")]}),
    ("\ufeff\ufeffA=1\n", {OLD: [("\ufeff\ufeffA", "1")], NEW: [("\ufeffA", "1")]}),
    ("A=\ufeff\n", {ALL: [("A", "\ufeff")]}),
    # empty quotes; a quoted value ends at its own closing quote, not at the last one
    ("A=''\nB=\"\"\n", {ALL: [("A", ""), ("B", "")]}),
    ("A=\"x\" # \"y\"\nB='x' # 'y'\n", {ALL: [("A", "x"), ("B", "x")]}),
    ('A="x"\nB="y"\n', {ALL: [("A", "x"), ("B", "y")]}),
    # the same in every release
    ('A="x" junk\n', {ALL: [(None, None)]}),
    ("B='open\nC=3\n", {ALL: [(None, None), ("C", "3")]}),
]


def _per_dialect(expected: dict[object, list[tuple[str | None, str | None]]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for names, rows in expected.items():
        for name in (names,) if isinstance(names, str) else names:  # type: ignore[attr-defined]
            out[name] = rows
    return out


@pytest.mark.parametrize(("text", "expected"), ROWS)
def test_dialects(text: str, expected: dict[object, list[tuple[str | None, str | None]]]) -> None:
    wanted = _per_dialect(expected)
    assert sorted(wanted) == sorted(DIALECTS)
    got = {name: [(e.key, e.value) for e in lex(text, name)] for name in DIALECTS}
    assert got == wanted
