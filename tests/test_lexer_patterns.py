r"""Table tests for the lexer's module-level patterns (mutation testing skips them).

Each character class, alternative, quantifier and anchor has a row that fails when it is
changed. ``_SIMPLE_LINE`` (through :func:`simple_file`) is also held to what it promises:
a file it accepts is, in every dialect, one whole entry per line and no unparsable one.
python-dotenv's own tokens, ``_INLINE_COMMENT`` and the escapes are compared with
``parse_stream`` row by row in tests/test_lexer_table.py. ``_CLASS_REPEAT`` only picks
how a token is made atomic (``X*+`` or ``(?>X*)``, which match alike): no input tells.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate import dotenv_lexer as lexer
from envmigrate.dotenv_lexer import DIALECTS, lex, references, simple_file

#: (text, whether it is a file of simple lines)
SIMPLE = [
    ("", True),  # no line at all: the repeat may be empty
    ("\n", True),
    ("\n\n", True),
    ("A=1\n", True),
    ("A=1", True),  # the last line may end with the text
    ("A=1\nB=2", True),
    ("A=1\n\nB=2\n", True),
    # indentation: space and tab only
    ("  A=1\n", True),
    ("\tA=1", True),
    ("\x0bA=1", False),
    (" \x0cA=1", False),
    # comments
    ("#", True),
    ("# c", True),
    ("  # c", True),
    ("\t#c\n", True),
    ("# c\nA=1\n", True),
    # export, then space or tab
    ("export A=1", True),
    ("export\tA=1", True),
    ("export  A=1", True),
    ("exportA=1", True),  # a key "exportA"
    ("export\x0bA=1", False),
    ("export A", False),
    # keys: a letter or "_" first, then letters, digits, "_", "." and "-"
    ("_A=1", True),
    ("a=1", True),
    ("z=1", True),
    ("Z9=1", True),
    ("A0=1", True),
    ("A.b-c_9=1", True),
    ("9A=1", False),
    ("-A=1", False),
    (".A=1", False),
    ("A b=1", False),
    ("A$=1", False),
    ("A'=1", False),
    # blanks around "=": space and tab only
    ("A =1", True),
    ("A\t=1", True),
    ("A \t=1", True),
    ("A\x0b=1", False),
    ("A", False),  # no "="
    ("A=", True),
    ("A= 1", True),
    ("A=\t1", True),
    ("A= \t1", True),
    ("A=\x0b1", False),  # a blank python-dotenv skips that the pattern does not
    ("A= \x0b1", False),
    ("A=\xa01", False),
    # single quotes: one line, no backslash, then blanks and a comment only
    ("A='x'", True),
    ("A=''", True),
    ("A= 'x'", True),
    ("A='x' ", True),
    ("A='x' # c", True),
    ("A='x'#c", True),
    ("A='x'\t#c", True),
    ("A='x'#", True),
    ("A='x' junk", False),
    ("A='x' 'y'", False),
    ("A='a\\'b'", False),
    ("A='x\\n'", False),
    ("A='x\ny'", False),
    ("A='x", False),
    ("A='x\nB=1\n", False),
    # double quotes: the same
    ('A="x"', True),
    ('A=""', True),
    ('A=\t"x"', True),
    ('A="x" # c', True),
    ('A="x"#c', True),
    ('A="x"\t#c', True),
    ('A="x" junk', False),
    ('A="a\\"b"', False),
    ('A="x\ny"', False),
    ('A="x', False),
    ("A=\"x'", False),
    # unquoted values: anything up to the line end that does not start with a quote
    ("A=x'", True),
    ('A=x"', True),
    ("A=x # c", True),
    ("A=x y", True),
    ("A=${B}", True),
    # LF only, and every line must be simple
    ("A=1\r\n", False),
    ("A=1\r", False),
    ("\r", False),
    ("A=x\nbad line\n", False),
    ("A=1\nbad line", False),
]


@pytest.mark.parametrize(("text", "simple"), SIMPLE, ids=range(len(SIMPLE)))
def test_simple_file(text: str, simple: bool) -> None:
    assert (simple_file().match(text) is not None) is simple
    if not simple:
        return
    for name in DIALECTS:  # what the pattern promises: each line one whole entry
        entries = lex(text, name)
        assert not any(e.error for e in entries)
        lines = text.split("\n")
        keyed = [e for e in entries if e.key is not None]
        assert len(keyed) == sum(1 for line in lines if "=" in line.split("#")[0])
        for entry in keyed:
            assert "\n" not in text[entry.line_start : entry.end].rstrip("\n")


#: (line, whether the plain-line shortcut takes it whole): the lines it leaves are tried
#: as any simple line (the rows above hold what the file pattern accepts).
PLAIN = [
    ("A=1", True),
    ("VAR_1_2=value-2", True),
    ("_a.b-c9=x y # z", True),
    ("A=x'", True),
    ("A=", False),  # an empty value
    ("A= 1", False),  # a blank after "="
    ("A=\t1", False),
    ("A=\x0b1", False),
    ("A=\xa01", False),
    ("A='x'", False),  # a quote
    ('A="x"', False),
    ("A =1", False),  # a blank before "="
    (" A=1", False),  # indentation
    ("export A=1", False),
    ("9A=1", False),
    ("A$=1", False),
    ("# A=1", False),
    ("A=1\r", False),  # a CR is never part of a line
    ("A=1\nB=2", False),  # one line
]


@pytest.mark.parametrize(("line", "plain"), PLAIN, ids=range(len(PLAIN)))
def test_plain_line(line: str, plain: bool) -> None:
    assert (re.fullmatch(lexer._PLAIN_LINE, line) is not None) is plain
    if plain:  # a shortcut: every line it takes is a simple line
        assert re.fullmatch(lexer._SIMPLE_LINE, line) is not None


PIECE = st.sampled_from(
    [
        "A", "b9", "_", ".", "-", "=", " ", "\t", "\x0b", "\xa0", "'", '"', "\\", "#", "x",
        "export ", "\n", "\r", "$", "{", "中",
    ]
)  # fmt: skip


@given(st.lists(PIECE, max_size=16).map("".join))
@settings(max_examples=500, deadline=None)
def test_the_plain_line_changes_no_answer(text: str) -> None:
    """The file pattern with the shortcut accepts exactly the texts it accepts without it."""
    without = re.compile(rf"(?:{lexer._SIMPLE_LINE}(?:\n|\Z))*+\Z")
    assert (simple_file().match(text) is None) is (without.match(text) is None)
    line = text.split("\n", 1)[0]
    if re.fullmatch(lexer._PLAIN_LINE, line):
        assert re.fullmatch(lexer._SIMPLE_LINE, line)


@pytest.mark.parametrize("name", DIALECTS)
def test_one_line_lexed_alone_is_the_full_lex(name: str) -> None:
    """``lex_line`` (no generator) gives the entry the whole lex gives at that line start,
    an unparsable line's included."""
    text = (
        "A=1\nX='a' junk\n  export B='x' # c\nbad line\nC\n# c\nD=\"q\\n\"\nE= #x\n'k'=v\nF=a #b\n"
    )
    g = lexer.grammar(name)
    starts = [0, *(i + 1 for i, c in enumerate(text[:-1]) if c == "\n")]
    whole = lex(text, name)
    assert [lexer.lex_line(text, g, start, n) for n, start in enumerate(starts, 1)] == whole
    assert any(e.error for e in whole)


#: (value, the names it references)
REFERENCES = [
    (None, set()),
    ("", set()),
    ("plain", set()),
    ("${A}", {"A"}),
    ("x${A}y", {"A"}),  # no anchors
    ("${A}${B}", {"A", "B"}),
    ("${}", {""}),  # an empty name (python-dotenv reads it too)
    ("${A:-d}", {"A"}),
    ("${A:-}", {"A"}),  # an empty default
    ("${A:-x:y}", {"A"}),  # ":" in a default
    ("${A:-x}y}", {"A"}),  # a default ends at the first "}"
    ("${A:-${B}}", {"A"}),  # no nesting: the default is "${B"
    ("${A-d}", {"A-d"}),  # only ":-" starts a default
    ("${A:d}", set()),  # ":" ends a name
    ("${A:}", set()),
    ("${a.b}", {"a.b"}),
    ("${ A }", {" A "}),
    ("$A", set()),
    ("{A}", set()),
    ("$ {A}", set()),
    ("${A", set()),
    ("${A\n}", {"A\n"}),
]


@pytest.mark.parametrize(("value", "names"), REFERENCES, ids=range(len(REFERENCES)))
def test_references(value: str | None, names: set[str]) -> None:
    assert references(value) == names


@pytest.mark.parametrize(
    ("value", "groups"),
    [
        ("${A}", [("A", None)]),
        ("${A:-}", [("A", "")]),
        ("${A:-d}x${B}", [("A", "d"), ("B", None)]),
        ("${:-d}", [("", "d")]),
    ],
    ids=range(4),
)
def test_reference_groups(value: str, groups: list[tuple[str, str | None]]) -> None:
    assert [(m["name"], m["default"]) for m in lexer.REFERENCE.finditer(value)] == groups
