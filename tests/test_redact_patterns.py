r"""Table tests for redact's module-level patterns and constants (mutation testing skips them).

Each character class, alternative, quantifier and anchor of each pattern has a row here
that fails when it is changed; the rows go through the public masking functions where
the pattern decides what is shown, so a row pins behaviour, not the pattern's text.

Changes no input can tell apart (checked by mutating each pattern against these tables):
``_NAME``'s later words ``{1,12}`` -> ``{0,12}`` (the trailing ``_*`` reads the same names);
``_OPEN_QUOTE``'s ``$`` -> ``\Z`` (a comment body holds no line end); ``_ASSIGNED_NAME``'s
``export`` blank class and ``+`` (it only reads what ``_COMMENT_ASSIGN`` matched);
``_COMMENT_LINE``'s blank class after ``#`` without CR/LF and its body's ``*`` -> ``+`` (a
comment entry ends at its line end; an empty body masks to itself); ``_ERROR_HEAD``'s
name ``+`` -> ``*`` (an empty name is shown as no name).
"""

from __future__ import annotations

import pytest

from envmigrate import redact
from envmigrate.envfile import parse
from envmigrate.redact import (
    MASK,
    comment_value,
    is_name,
    mask_comment,
    mask_literal,
    mask_value,
    masked_text,
)

M = MASK


def test_constants() -> None:
    assert (MASK, redact.MIN_SCRUB, redact.MIN_FRAGMENT) == ("****", 4, 6)
    assert redact.UNTRUSTED_LIMIT == 200


# -- _NAME: what ``is_name`` accepts ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("K", True),  # one letter: the first word's {0,11} may be empty
        ("Z", True),  # both ends of [A-Z]
        ("A", True),
        ("KZ9", True),  # [A-Z0-9] after the first letter: both ends of each range
        ("K0", True),
        ("ABCDEFGHIJKL", True),  # 12 characters: the longest word
        ("ABCDEFGHIJKLM", False),
        ("1K", False),  # a name starts with a letter
        ("K_1", True),  # a later word may start with a digit
        ("K_Z", True),
        ("K_A0", True),
        ("K_9", True),
        ("K_ABCDEFGHIJKL", True),  # a later word: 1 to 12 characters
        ("K_ABCDEFGHIJKLM", False),
        ("K__A", True),  # _+ between words
        ("K_A_B_C", True),  # any number of words
        ("_K", True),  # leading underscores
        ("__K", True),
        ("K_", True),  # trailing underscores
        ("K__", True),
        ("_", True),  # the lone underscore
        ("__", False),
        ("", False),
        ("Ka", False),
        ("K-A", False),
        ("K A", False),
        ("K\n", False),  # fullmatch: a newline is no part of a name
        ("AKIAIOSFODNN7EXAMPLE", False),
    ],
)
def test_name(text: str, shown: bool) -> None:
    assert is_name(text) is shown
    assert is_name(text, [text]) is True  # the configured names always count


# -- _KEY: a key shown before "=" --------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("database_url", True),
        ("app.name", True),
        ("my-key", True),
        ("a", True),
        ("z", True),
        ("az09", True),  # [a-z0-9] after the first letter, both ends of each range
        ("abcdefghijkl", True),  # 12: the longest word
        ("abcdefghijklm", False),
        ("dingabc123xyz", False),
        ("a_z9", True),
        ("a_0", True),
        ("a_abcdefghijkl", True),
        ("a_abcdefghijklm", False),
        ("a__b", True),
        ("a._-b", True),
        ("a_b.c-d", True),
        ("_a", True),
        ("__a", True),
        ("a_", True),
        ("a__", True),
        ("9a", False),
        ("A", True),
        ("Z", True),
        ("AZ09", True),
        ("ABCDEFGHIJKL", True),
        ("ABCDEFGHIJKLM", False),
        ("A_Z9", True),
        ("A_0", True),
        ("A.B-C", True),
        ("A__B", True),
        ("A_ABCDEFGHIJKL", True),
        ("A_ABCDEFGHIJKLM", False),
        ("_A_", True),
        ("9A", False),
        ("Zq8vW3kP0x", False),  # words of one case only
        ("a_B", False),
        ("A_b", False),
        ("a+b", False),
        ("a/b", False),
        ("a.", False),  # a separator needs a word after it (only "_" may trail)
        ("a-", False),
        ("A.", False),
        ("A-", False),
    ],
)
def test_key(key: str, shown: bool) -> None:
    """``KEY=value``: the key is shown when it looks like one, else masked as a pasted value."""
    expected = f"{key}={M}\n" if shown else f"{M}={M}\n"
    env = parse(f"{key}=v\n")
    assert [e.key for e in env.entries] == [key]
    assert masked_text(env) == expected


# -- _REFERENCE: a ${NAME} or ${NAME:-default} in a value ---------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("${X}", "${X}"),
        ("${}", "${}"),  # an empty name: kept (nothing to hide)
        ("${X:-d}", f"${{X:-{M}}}"),
        ("${X:-}", "${X:-}"),
        ("${X:-a:b}", f"${{X:-{M}}}"),  # the default may hold ":"
        ("${X:-a}b}", f"${{X:-{M}}}{M}"),  # the default ends at the first "}"
        ("${X:d}", M),  # ":" without "-" is no reference
        ("${X:+d}", M),
        ("${X", M),
        ("$X", M),
        ("{X}", M),
        ("$${X}", f"{M}${{X}}"),
        ("${X}${Y}", "${X}${Y}"),
        ("a${X}b", f"{M}${{X}}{M}"),
        ("${lower}", f"${{{M}}}"),  # not a variable name: masked inside
        ("${X:-${Y}}", f"${{X:-{M}}}{M}"),
        ("${X}\n${Y:-a\nb}", f"${{X}}\n${{Y:-{M}\n{M}}}"),
    ],
)
def test_reference(raw: str, expected: str) -> None:
    assert mask_value(raw) == expected


# -- _NEWLINES: mask_literal keeps each line end ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("a", M),
        ("a\nb", f"{M}\n{M}"),
        ("a\rb", f"{M}\r{M}"),
        ("a\r\nb", f"{M}\r\n{M}"),
        ("a\n\rb\n", f"{M}\n\r{M}\n"),
        ("\n\na", f"\n\n{M}"),
        ("a\x85b\u2028c", M),  # only CR and LF end a line of a .env value
    ],
)
def test_mask_literal(text: str, expected: str) -> None:
    assert mask_literal(text) == expected


# -- _COMMENT_ASSIGN / _ASSIGNED_NAME / _TOKEN / _WORD / _PUNCT: comment text -----------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # an assignment: the value (the rest of the line) is masked, the name shown
        ("K=v", f"K={M}"),
        ("K=", "K="),
        ("K = v w", f"K = {M}"),
        ("K\t=\tv", f"K\t=\t{M}"),
        ("export K=v", f"export K={M}"),
        ("export\tK=v", f"export\tK={M}"),
        ("export  K=v", f"export  K={M}"),
        ("exportK=v", f"{M}={M}"),  # "export" needs a blank after it
        ("export=v", f"{M}={M}"),
        ("lower_key=v", f"{M}={M}"),  # not a variable name: masked
        ("a.b=v", f"{M}={M}"),  # "." and "-" belong to the key
        ("a-b=v", f"{M}={M}"),
        ("K_1.x=v", f"{M}={M}"),
        ("é=v", f"{M}={M}"),  # \w: any letter
        ("K=a # b", f"K={M}"),
        ("K  =v", f"K  ={M}"),
        ("=v", M),  # no name: not an assignment
        ("K-x=v", f"{M}={M}"),  # the whole name decides, "-" and "." included
        ("K.x=v", f"{M}={M}"),
        ("export x K=v", f"export x K={M}"),  # "export" and one name, nothing between
        ("x1:", "x1:"),  # "name:" at the end: shown as a label
        ("x1:\n", "x1:\n"),
        ("x1:)", M),
        # a body may hold line ends (the code scanners' block comments): never an
        # assignment across them
        ("K\n=v", f"K\n{M}"),
        ("K\r=v", f"K\r{M}"),
        ("export\nK=v", f"export\nK={M}"),
        ("words then K=v", f"words then K={M}"),
        # "name:" followed by a blank or the end: its value is masked, the name shown
        ("note: v w", f"note: {M}"),
        ("note:\tv", f"note:\t{M}"),
        ("note:", "note:"),
        ("password : v", f"password : {M}"),
        ("note:v", M),  # ":" inside a token: one token, masked (not a word)
        ("http://x", M),
        # prose: words of letters stay, anything else is masked
        ("just words", "just words"),
        ("a\tb  c", "a\tb  c"),  # blanks between tokens kept as they are
        ("  lead", "  lead"),
        ("trail  ", "trail  "),
        ("x1 y", f"{M} y"),
        ("abcdefghijklmnopqrstuvwx", "abcdefghijklmnopqrstuvwx"),  # 24 letters
        ("abcdefghijklmnopqrstuvwxy", M),
        ("Zz AZaz", "Zz AZaz"),
        ("x-Z x-A x/z it'a", "x-Z x-A x/z it'a"),  # [A-Za-z] after a separator too
        ("well-known it's and/or a-b-c", "well-known it's and/or a-b-c"),
        ("a--b", M),
        ("-a", M),
        ("a-1", M),
        ("abcdefghijklmnopqrstuvwx-abcdefghijklmnopqrstuvwx", None),
        ("a-abcdefghijklmnopqrstuvwxy", M),
        # punctuation around a word
        ("(a) [b] \"c\" 'd' `e` *f* _g_", None),
        ("((a)) a. a, a; a:) a! a? a.)", None),
        ("a) a]", None),
        ("{a} <a> a#", f"{M} {M} {M}"),
        # a variable name in punctuation (not a word: digits, underscores)
        (
            "(KEY_1) [KEY_1] \"KEY_1\" 'KEY_1' `KEY_1` *KEY_1* KEY_1. KEY_1, KEY_1; "
            "KEY_1:, KEY_1! KEY_1?",
            None,
        ),
        ("{KEY_1} <KEY_1> KEY_1# KEY_1-", f"{M} {M} {M} {M}"),
    ],
)
def test_comment_text(body: str, expected: str | None) -> None:
    """``None``: shown as it is."""
    assert mask_comment(body) == (body if expected is None else expected)


@pytest.mark.parametrize(
    ("body", "value_at"),
    [
        ("K=v", 2),
        ("K=", 2),
        ("K = v", 4),
        ("K=\t v", 4),
        ("export K=v", 9),
        ("export\tK= v", 10),
        ("export  K=v", 10),
        ("=v", -1),
        ("a.b-c=v", 6),
        ("K: v", -1),  # only "=" opens a value that may continue on the next lines
        ("K:", -1),
        ("K", -1),
        ("", -1),
        (" K=v", -1),  # the body starts after the blanks that follow "#"
        ("x K=v", -1),
    ],
)
def test_comment_value(body: str, value_at: int) -> None:
    assert comment_value(body) == value_at


# -- _OPEN_QUOTE / _COMMENT_LINE: commented-out values that go on over lines -------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the quote is still open at the end of the line: the next comment lines are masked
        ('# K="abc\n# more words\n# end"\n', f'# K={M}\n# {M}\n# {M}"\n'),
        ("# K='abc\n# more words\n# end'\n", f"# K={M}\n# {M}\n# {M}'\n"),
        ('# K="a\\"b\n# more words\n', f"# K={M}\n# {M}\n"),  # an escaped quote
        ('# K="a\\\\\n# more words\n', f"# K={M}\n# {M}\n"),  # an escaped backslash
        ("# K=\"a'b\n# more words\n", f"# K={M}\n# {M}\n"),  # the other quote
        ('# K=  "a\n# more words\n', f"# K=  {M}\n# {M}\n"),
        ('# K=""\n# more words\n', f"# K={M}\n# more words\n"),
        ('# K="\n# more words\n', f"# K={M}\n# {M}\n"),
        # closed on the line: the next comment is prose
        ('# K="abc"\n# more words\n', f"# K={M}\n# more words\n"),
        ("# K='abc' x\n# more words\n", f"# K={M}\n# more words\n"),
        ('# K="a"b"\n# more words\n', f"# K={M}\n# more words\n"),
        ('# K=a"b\n# more words\n', f"# K={M}\n# more words\n"),  # no quote at the start
        ('# K: "abc\n# more words\n', f"# K: {M}\n# more words\n"),  # only after "="
        ('# words "abc\n# more words\n', '# words "abc\n# more words\n'),
        # comment lines: indentation and blanks around "#" are kept
        ("  #  a\n\t#\tb\n#c\n", "  #  a\n\t#\tb\n#c\n"),
        ("#\n\n  \n# a\r\n#\r", "#\n\n  \n# a\r\n#\r"),
        ("# a\x0c b\n", "# a\x0c b\n"),
        ("\x0c# a\n", "\x0c# a\n"),
        ("#x1\n#  x1 \n", f"#{M}\n#  {M} \n"),
    ],
)
def test_commented_out_values(text: str, expected: str) -> None:
    assert masked_text(parse(text)) == expected


# -- _ERROR_HEAD: what an unparsable entry shows (see tests/test_scrub.py for whole files) ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('K="x', f"K={M}"),
        ('\n\r\n \t\x0c\x85K="x', f"\n\r\n \t\x0c\x85K={M}"),  # \s*: every leading blank
        ("K x", f"K {M}"),
        ("K\t=\tx", f"K\t=\t{M}"),
        ("K==x", f"K={M}"),  # one "=" at most
        ("K = = x", f"K = {M}"),
        ("export K=x", f"export K={M}"),
        ("export \t K=x", f"export \t K={M}"),
        ("exportK=x", M),
        ("export=x", M),
        ("k=x", M),
        ("K-1=x", M),
        ("=x", M),
        ("K", "K"),
        ("K=", "K="),
        # only the first line can show a name: a blank or "=" never runs on to the next
        ("export\nK=x", f"{M}\n{M}"),
        ("export\rK=x", f"{M}\r{M}"),
        ("K\r=x", f"K\r{M}"),
        ("K\n=x", f"K\n{M}"),
        ("K=\n  X", f"K=\n{M}"),
        ("K= \r\n X=", f"K= \r\n{M}"),
        ('K="a\nB=b\nC c"', f"K={M}\n{M}\n{M}"),
    ],
)
def test_error_head(text: str, expected: str) -> None:
    assert redact._mask_error(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # after the quote that closes a commented-out value: prose, masked as prose
        ("# K='a\n# b' s3cr3t more\n", f"# K={M}\n# {M}' {M} more\n"),
        ("# K='a\n#   's3cr3t\n", f"# K={M}\n#   '{M}\n"),
        ("# K='a\n#\t'\n", f"# K={M}\n#\t'\n"),
        ("# K='a\n# b' # c s3cr3t\n", f"# K={M}\n# {M}' # c {M}\n"),
        ("# K='a\n# b' x=s3cr3t\n", f"# K={M}\n# {M}' {M}={M}\n"),
        ("# K='a\n# b'\n# next s3cr3t\n", f"# K={M}\n# {M}'\n# next {M}\n"),
        ('# K="a\n# b\\" c" d1\n', f'# K={M}\n# {M}" {M}\n'),  # an escaped quote does not close
        ("# K='a\n  # b'\n", f"# K={M}\n  # {M}'\n"),
    ],
)
def test_after_a_commented_out_value_closes(text: str, expected: str) -> None:
    assert masked_text(parse(text)) == expected


# -- names, keys and comment lines read without a pattern: rows at each boundary ------------

from envmigrate.redact import is_key  # noqa: E402
from tests.conftest import SENTINEL  # noqa: E402


@pytest.mark.parametrize(
    ("text", "name", "key"),
    [
        ("_A_", True, True),  # underscores around
        ("X1", True, True),
        ("A1", True, True),  # a digit right after the first letter
        ("ABCDEFGHIJKL", True, True),  # 12 characters: the longest word
        ("ABCDEFGHIJKLM", False, False),
        ("K_ABCDEFGHIJKL", True, True),
        ("K_ABCDEFGHIJKLM", False, False),
        ("ABCDEFXGHIJKLM", False, False),  # "X" joins nothing
        ("app.name", False, True),
        ("a-b", False, True),
        ("a.b_c", False, True),
        ("Ab", False, False),  # one case only
        ("aB", False, False),
    ],
    ids=range(13),
)
def test_names_and_keys_at_their_bounds(text: str, name: bool, key: bool) -> None:
    assert (is_name(text), is_key(text)) == (name, key)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"#{SENTINEL}\n", f"#{M}\n"),  # no blank after "#"
        (f"# K={SENTINEL}", f"# K={M}"),  # no line end after the comment
        (f"A=1 # K={SENTINEL}", f"A={M} # K={M}"),
        (f"A=1 #{SENTINEL}", f"A={M} #{M}"),
        (f"# a # K={SENTINEL}\n", f"# a {M} K={M}\n"),  # one comment from the first "#"
        (f"# K=aX{SENTINEL}\n", f"# K={M}\n"),
        (f"#X{SENTINEL} word\n", f"#{M} word\n"),
        (f"# K={SENTINEL}\r\nB=1\r\n", f"# K={M}\r\nB={M}\r\n"),
        (f"# K={SENTINEL}\rB=1\r", f"# K={M}\rB={M}\r"),
    ],
    ids=range(9),
)
def test_comment_lines_at_their_bounds(text: str, expected: str) -> None:
    assert masked_text(parse(text)) == expected
