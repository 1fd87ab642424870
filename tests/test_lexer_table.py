r"""The lexer row by row: each layout python-dotenv reads one way, against ``parse_stream``.

tests/test_lexer.py compares the lexer with python-dotenv on generated files (hundreds of
examples: thorough, but slow). These rows are the same comparison on one small file each,
one per token alternative of the grammar, with a grammar compiled afresh for the row (the
compiled grammar is otherwise built once per process), so a change anywhere in the
grammar or the lexing loop fails a row within milliseconds. Each row checks the whole
result: keys, values, error flags, original text and line numbers (python-dotenv's), and
every span (keys, values, the line and column of each entry).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from envmigrate import dotenv_lexer as lexer
from envmigrate.dotenv_lexer import DIALECTS, Entry, Grammar, installed_dialect
from tests.test_lexer import assert_same

#: One layout per row: every token of ``parse_binding`` and each of its alternatives.
ROWS = [
    "",
    "A=1",
    "A=1\n",
    "A=1\nB=2\n",
    "A=1\n\nB=2\n",
    "A=1\r\n\r\nB=2\r\n",
    # leading blank lines and indentation (the entry starts before them)
    "\n\nA=1\n",
    "  A=1\n",
    "\tA=1\n",
    "\n  \n\tA=1\n",
    "\r\n\r\n A=1\r\n",
    "\r\rA=1\r",
    "\x0b\x0cA=1\n",
    "X=1\nA=1\r  B=2\n",  # indentation after a CR, a LF further up
    "X=1\nA=1\r  bad line\n",
    "A=1\r\r\r  B=2\r",
    "A=1\r\n \r\n\tB=2\r\n",
    # blank text at the end: an entry of its own (the reader's end of file)
    "A=1\n\n  ",
    "A=1\n \t\n",
    "   ",
    "\n",
    # export
    "export A=1\n",
    "export\tA=1\n",
    "export  A=1\n",
    "exportA=1\n",
    "export\nA=1\n",
    "export =x\n",
    "export 'k'=1\n",
    "export # c\n",
    # comments and blank lines
    "# c\n",
    "  # c\nA=1\n",
    "#\n#\n",
    "A=1 # c\n",
    "A=1# c\n",
    "A=1\t# c\n",
    "A=x \x85# not a comment\x85\n",
    "A=y\u3000#c\n",
    # keys
    "a.b-c=1\n",
    "é中=1\n",
    "'q k'=1\n",
    "'x=1\n",
    "''=1\n",
    "'a\nb'=2\n",
    "A#B=1\n",
    "A\n",
    "A # c\n",
    "A\r\nB=2\r\n",
    "A",
    "=x\n",
    "A =1\n",
    "A\t=\t1\n",
    "A  =  1  \n",
    # empty values and "KEY= #comment" (1.2.4: empty)
    "A=\n",
    "A=",
    "A= \n",
    "A= #c\n",
    "A=\t#c\n",
    "A=#c\n",
    "A=  # c # d\n",
    "A= #c",
    "A= \n#c\n",
    # unquoted values
    "A=x y\n",
    "A=x  \n",
    "A=x#y\n",
    "A=x #y\n",
    "A=x\t#y #z\n",
    "A=${B}\n",
    "A=a'b\"c\n",
    "A=\\n\n",
    "A=x\r\nB=y\r\n",
    "A=x\rB=y\r",
    # single quotes
    "A='x'\n",
    "A=''\n",
    "A='x' # c\n",
    "A='x'#c\n",
    "A='x' \n",
    "A='x\ny'\n",
    "A='a\\'b'\n",
    "A='\\\\'\n",
    "A='\\n'\n",
    "A='it\\\\' # x'\n",
    "A='a\\'\n",
    "A='open\nB=1\n",
    "A='x' junk\n",
    "A= 'x'\n",
    # double quotes
    'A="x"\n',
    'A=""\n',
    'A="x" # c\n',
    'A="x"#c\n',
    'A="x\ny"\n',
    'A="x\r\ny"\r\n',
    'A="a\\"b"\n',
    'A="\\a\\b\\f\\n\\r\\t\\v\\x\\\'\\\\"\n',
    'A="a\\\\" # x"\n',
    'A="a\\"\n',
    'A="open\nB=1\n',
    'A="x" junk\nB=1\n',
    'A=\t"x"\n',
    "A=\"x\" # \"y\"\nB='x' # 'y'\n",
    # unparsable lines, and the lines after them
    "bad line\n",
    "bad line\nA=1\n",
    "A=1\r\nbad line\r\nB=2\r\n",
    "bad line\rA=1\r",
    "bad line\r\n",
    "  bad line\n",
    "\n\nbad line\nA=1\n",
    "'x\n",
    "export bad line\n",
    "A B=1\n",
    "A = = 1\n",
    "'k' x\n",
    "A=1 'x'\n",
    'A="x"y\n',
    # an unparsable line whose quoted key or value runs on over lines: it ends on the line
    # where the reader failed
    "'a\nb' x\nC=1\n",
    "'a\nb'=1 x\nC=1\n",
    "'a\r\nb' x\r\nC=1\r\n",
    'A="x\ny" junk\nB=1\n',
    "A='x\ny' junk\nB=1\n",
    'A= "x\ny"z\nB=1\n',
    "A='x\ny'' junk\nB=1\n",
    "'a''=1\n",
    "A='x''\n",
    'A="x""\n',
    "A\n=1\n",
    # byte order marks (1.2.3 on strip one)
    "\ufeffA=1\n",
    "\ufeff\ufeffA=1\n",
    " \ufeffA=1\n",
    "A=\ufeff\n",
]


@pytest.fixture
def fresh() -> Grammar:
    """The installed release's grammar, compiled for this test."""
    dialect = installed_dialect()
    assert dialect is not None
    return Grammar(DIALECTS[dialect])


@pytest.mark.parametrize("text", ROWS, ids=range(len(ROWS)))
def test_row(text: str, fresh: Grammar) -> None:
    start = 1 if fresh.dialect.strips_bom and text.startswith("\ufeff") else 0
    entries = list(lexer._lex(text, fresh, start))
    assert_same(text, entries)
    assert entries == lexer.lex(text)
    for entry in entries:  # line_start is where the line of the first non-blank starts
        assert entry.line_start == start or text[entry.line_start - 1] in "\r\n"
        column_at = entry.line_start + entry.column - 1
        assert not {"\r", "\n"} & set(text[entry.line_start : column_at])
        start = entry.end


@pytest.mark.parametrize("name", sorted(DIALECTS))
def test_each_dialect_compiles_afresh_to_the_same_grammar(name: str) -> None:
    """A grammar built now reads every row as the one the lexer uses (built once)."""
    made = Grammar(DIALECTS[name])
    assert made.dialect == DIALECTS[name]
    assert list(made.entry.groupindex) == list(lexer._GROUPS)
    for text in ROWS:
        start = 1 if made.dialect.strips_bom and text.startswith("\ufeff") else 0
        assert list(lexer._lex(text, made, start)) == lexer.lex(text, name)


#: Whole entries (every field) of a few layouts whose positions are easy to get wrong.
ENTRIES = [
    (
        "\n  A=1 # c\n",
        [Entry(0, 11, 1, 2, 3, "A", "1", False, 3, 5, 6, 1)],
    ),
    (
        "# c\r\nexport  B='x'\r\n",
        [
            Entry(0, 5, 0, 1, 1, None, None, False, -1, -1, -1, 1),
            Entry(5, 20, 5, 2, 9, "B", "x", False, 13, 16, 17, 2),
        ],
    ),
    (
        "bad line\r\rA\n",
        [
            Entry(0, 9, 0, 1, 1, None, None, True, -1, -1, -1, 1),
            Entry(9, 12, 10, 3, 1, "A", None, False, 10, -1, -1, 2),
        ],
    ),
    (
        "A= #c\n",
        [Entry(0, 6, 0, 1, 1, "A", "", False, 0, 3, 3, 1)],
    ),
    (
        'A="a\\nb"\n \t',
        [
            Entry(0, 9, 0, 1, 1, "A", "a\nb", False, 0, 3, 7, 1),
            Entry(9, 11, 9, 2, 3, None, None, False, -1, -1, -1, 2),
        ],
    ),
    (
        "\ufeffA=1\n",
        [Entry(1, 5, 1, 1, 1, "A", "1", False, 1, 3, 4, 1)],
    ),
]


@pytest.mark.parametrize(("text", "want"), ENTRIES, ids=range(len(ENTRIES)))
def test_whole_entries(text: str, want: list[Entry]) -> None:
    """As python-dotenv 1.2.4 reads them (test_row compares the installed release)."""
    assert lexer.lex(text, "1.2.4") == want
    assert [e.key_end for e in lexer.lex(text, "1.2.4")] == [
        -1 if e.key is None else e.key_start + len(e.key) for e in want
    ]


@pytest.mark.parametrize("text", ROWS, ids=range(len(ROWS)))
def test_fallback_row(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unknown python-dotenv: its own parser reads the row, the spans are still exact."""
    monkeypatch.setattr(lexer, "installed_dialect", lambda: None)
    entries = lexer.lex(text)
    assert_same(text, entries)
    monkeypatch.undo()
    assert entries == lexer.lex(text)


# -- the partial reads: only the lines that matter, as the full lex reads them -------------


def _at_line(entry: Entry) -> Entry:
    """An entry as a read from its line start gives it (no blank lines before it)."""
    return entry._replace(start=entry.line_start, first_line=entry.line)


def mentions_oracle(text: str, needle: str) -> list[Entry]:
    return [
        _at_line(e)
        for e in lexer.lex(text)
        if re.search(needle, text[e.line_start : e.end]) and not e.error
    ]


MENTIONS = [
    ("A=1\n", "A"),
    ("\nA=1\n", "A"),  # a line end at offset 0 before the first mention
    ("\n\n  A=1\n", "A"),
    ("A=A\nA=2\n", "A"),  # two mentions on one line, then another line
    ("B=1\n\n\nA=2 # A\nC=3\nA=4", "A"),
    ("# A\nA=1\n", "A"),
    ("B=1\nC=2\n", "A"),
    ("A=1\nB=${A}\nC=${B}\n", r"\bB\b"),
    ("X=1\nA=1\nX=2\nB=1\n", "A|B"),
]


@pytest.mark.parametrize(("text", "needle"), MENTIONS, ids=range(len(MENTIONS)))
def test_lex_mentions(text: str, needle: str) -> None:
    assert lexer.lex_mentions(text, re.compile(needle)) == mentions_oracle(text, needle)


@pytest.mark.parametrize(
    "text", ["A=1\r\n", "A=1\rB=2\n", "A='x\ny'\n", "bad line\nA=1\n"], ids=range(4)
)
def test_lex_mentions_refuses_what_is_not_simple(text: str) -> None:
    assert lexer.lex_mentions(text, re.compile("A")) is None
    assert lexer.simple_text(text) is None
    assert lexer.lex_affected(text, frozenset({"A"}), frozenset()) is None


def test_partial_reads_need_a_known_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexer, "installed_dialect", lambda: None)
    assert lexer.lex_mentions("A=1\n", re.compile("A")) is None
    assert lexer.simple_text("A=1\n") is None
    assert lexer.lex_affected("A=1\n", frozenset({"A"}), frozenset()) is None


def affected_oracle(text: str, affected: set[str], needed: set[str]) -> list[Entry]:
    """lex_affected's promise, worked out on the full lex: the least set of names that holds
    the affected and needed ones, every key whose value references an affected-or-dependent
    name, and every name that a taken binding references."""
    entries = [e for e in lexer.lex(text) if e.key is not None]
    forward, taken = set(affected), set(affected) | set(needed)
    grown = True
    while grown:
        grown = False
        for entry in entries:
            assert entry.key is not None
            names = lexer.references(entry.value)
            if entry.key not in forward and names & forward:
                forward.add(entry.key)
                grown = True
            if entry.key in forward:
                taken.add(entry.key)
            if entry.key in taken and not names <= taken:
                taken |= names
                grown = True
    return [_at_line(e) for e in entries if e.key in taken]


AFFECTED = [
    ("A=1\nB=2\n", {"A"}, set()),
    ("B=${A}\nC=${A}\nB=2\nC=3\n", {"A"}, set()),  # two keys found in round 1, bound again
    ("B=${A}\nC=${B}\nD=${C}\nE=1\n", {"A"}, set()),  # a chain
    ("D=${C}\nC=${B}\nB=${A}\n", {"A"}, set()),  # a chain upwards
    ("X=${Y}${Z}\nY=1\nZ=2\nW=3\n", set(), {"X"}),  # what a needed key reads
    ("X=${Y:-d}\nY=${Z}\nZ=1\n", set(), {"X"}),
    ("A=1\nB=${A}${Q}\nQ=2\nR=${Q}\n", {"A"}, set()),  # a forward key reads Q
    ("A=${B}\nB=1\nC=${A}\n", {"A"}, {"C"}),
    ("\n\nA=1\n\n# ${A}\nexport B=${A} # c\nB=x\n", {"A"}, set()),
    ("AB=1\nA=2\nB=${AB}\n", {"A"}, set()),  # a name inside a longer one
    ("K=${}\nA=1\n", set(), {"K"}),  # an empty reference
    ("A=1\n", set(), {"Z"}),
    ("\nA=1\nB=${A}\n", {"A"}, set()),  # a line end at offset 0
    ("A=1\nX=A\nY=${X}\n", {"A"}, set()),  # a mention that is no reference
    ("# A\nB=${A}\n# B\nC=${B}\n", {"A"}, set()),  # comment lines among the found ones
    ("C=${B}\nB=${A}\nA=1\n", {"A"}, {"C"}),  # found together, read in reverse
    ("C=${B}\nB=${D}\nD=${A}\n", {"A"}, {"C"}),
]


@pytest.mark.parametrize(("text", "affected", "needed"), AFFECTED, ids=range(len(AFFECTED)))
def test_lex_affected(text: str, affected: set[str], needed: set[str]) -> None:
    got = lexer.lex_affected(text, frozenset(affected), frozenset(needed))
    assert got == affected_oracle(text, affected, needed)


def test_lex_affected_gives_up_on_long_chains() -> None:
    chain = "".join(f"N{i + 1}=${{N{i}}}\n" for i in range(lexer.AFFECTED_ROUNDS + 2))
    assert lexer.lex_affected(chain, frozenset({"N0"}), frozenset()) is None
    short = "".join(f"N{i + 1}=${{N{i}}}\n" for i in range(lexer.AFFECTED_ROUNDS - 1))
    assert lexer.lex_affected(short, frozenset({"N0"}), frozenset()) == affected_oracle(
        short, {"N0"}, set()
    )


LINES = st.sampled_from(
    [
        "", "A=1", "B=${A}", "C=${B}", "D=${C:-x}", "AB=${C}", "B=2", "export C=${A}",
        "# ${A}", "X=${Y}", "Y=${AB}", "Z=1", "Y=2", "D=3", "C='${Z}'", "Q=\"${X}\"",
    ]
)  # fmt: skip


@given(
    lines=st.lists(LINES, max_size=7),
    affected=st.sets(st.sampled_from(["A", "B", "X", "Q"]), min_size=1, max_size=2),
    needed=st.sets(st.sampled_from(["C", "D", "Y", "Z"]), max_size=2),
)
def test_lex_affected_property(lines: list[str], affected: set[str], needed: set[str]) -> None:
    text = "".join(line + "\n" for line in lines)
    got = lexer.lex_affected(text, frozenset(affected), frozenset(needed))
    assert got == affected_oracle(text, affected, needed)
    needle = "|".join(sorted(affected | needed))
    assert lexer.lex_mentions(text, re.compile(needle)) == mentions_oracle(text, needle)
