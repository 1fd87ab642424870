"""``untrusted``: server-supplied text made safe to print, pinned output by output.

tests/verify/test_hostile.py proves the promise end to end against hostile servers; this
file pins each rule on its own (escapes, pieces of a secret, the length cut) with exact
results, in the in-process selection that mutation testing runs.
"""

from __future__ import annotations

import pytest

from envmigrate.redact import MASK, MIN_FRAGMENT, UNTRUSTED_LIMIT, untrusted

M = MASK


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("plain text: é 中 ~", "plain text: é 中 ~"),
        ("a\nb", "a\\x0ab"),
        ("a\r\nb", "a\\x0d\\x0ab"),
        ("\t", "\\x09"),
        ("\x00", "\\x00"),
        ("\x1b[2J", "\\x1b[2J"),
        ("\x7f", "\\x7f"),
        ("\x85", "\\x85"),
        ("\xa0", "\\xa0"),  # a separator other than the space
        ("\xad", "\\xad"),  # the highest non-printable below U+0100
        ("\u0378", "\\u0378"),  # the lowest non-printable from U+0100 on
        ("\u2028", "\\u2028"),
        ("\u202e", "\\u202e"),
        ("\uffff", "\\uffff"),
        ("\U0001d173", "\\U0001d173"),
        ("\U000e0001", "\\U000e0001"),
        ("\\", "\\\\"),  # a backslash in the text cannot pass for an escape
        ("\\x0a", "\\\\x0a"),
    ],
)
def test_escapes(text: str, expected: str) -> None:
    assert untrusted(text, []) == expected


SECRET = "abcdef123"


@pytest.mark.parametrize(
    ("text", "secrets", "expected"),
    [
        ("abcdef123", [SECRET], M),
        ("x abcdef y", [SECRET], f"x {M} y"),  # the first MIN_FRAGMENT characters
        ("x def123 y", [SECRET], f"x {M} y"),  # the last ones
        ("abcdef y", [SECRET], f"{M} y"),  # at the start of the text
        ("x def123", [SECRET], f"x {M}"),  # at the end
        ("x abcde y", [SECRET], "x abcde y"),  # one character short of a piece
        ("abcdeXf123", [SECRET], "abcdeXf123"),
        ("bcdef1bcdef1", [SECRET], M),  # adjacent pieces: one mask
        ("abcdef-def123", [SECRET], f"{M}-{M}"),
        ("abcdef", ["abcdef"], M),  # a secret of exactly MIN_FRAGMENT characters
        ("abcde", ["abcde"], "abcde"),  # shorter: never masked (it would mangle words)
        ("abcdef", [None, "", "abcde"], "abcdef"),
        ("abcdef", ["zzzzzz", SECRET], M),
        # the URL-quoted forms of a secret: quote() and quote_plus()
        ("q=a%2Fb%20c&r=x", ["a/b c=d1"], f"q={M}&r=x"),
        ("q=%2Fb+c%3Dd&r=x", ["a/b c=d1"], f"q={M}&r=x"),
        # after escaping: an escape's hex digits next to a piece complete a run
        ("\n1234", ["x0a1234"], f"\\{M}"),
        # a control character inside a piece: masked, not escaped into view
        ("abc\ndef123", ["abc\ndef123"], M),
    ],
)
def test_pieces_of_a_secret(text: str, secrets: object, expected: str) -> None:
    assert untrusted(text, secrets) == expected  # type: ignore[arg-type]


def test_secrets_may_be_any_iterable_read_once() -> None:
    # A fresh generator per run (a parametrized one would be spent after its first use).
    assert untrusted("\n1234", (s for s in ["x0a1234"])) == f"\\{M}"


def test_min_fragment() -> None:
    assert MIN_FRAGMENT == 6
    piece = SECRET[:MIN_FRAGMENT]
    assert untrusted(piece, [SECRET]) == M
    assert untrusted(piece[:-1], [SECRET]) == piece[:-1]


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("abcde", 5, "abcde"),
        ("abcdef", 5, "abcd…"),
        ("\n\n", 5, "\\x0a…"),  # the cut counts escaped characters
        ("a" * UNTRUSTED_LIMIT, None, "a" * UNTRUSTED_LIMIT),
        ("a" * (UNTRUSTED_LIMIT + 1), None, "a" * (UNTRUSTED_LIMIT - 1) + "…"),
    ],
)
def test_length_cut(text: str, limit: int | None, expected: str) -> None:
    shown = untrusted(text, []) if limit is None else untrusted(text, [], limit)
    assert shown == expected
