"""``scrub`` (free text) and the unparsable-line mask: the issue-14 survivors, pinned whole."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate.envfile import parse
from envmigrate.redact import MASK, MIN_SCRUB, masked_text, scrub
from tests.conftest import SENTINEL


@pytest.mark.parametrize("order", [1, -1], ids=["short-first", "long-first"])
def test_a_secret_with_another_secret_as_prefix_is_masked_whole(order: int) -> None:
    secrets = ["abcd", "abcdEFGH"][::order]
    text = "id abcdEFGH, key abcd, tail abcdEFGHabcd"
    assert scrub(text, secrets) == f"id {MASK}, key {MASK}, tail {MASK}{MASK}"


def test_a_secret_inside_another_is_masked_whole() -> None:
    assert scrub("x wxyz-abcd-1234 y", ["abcd", "wxyz-abcd-1234"]) == f"x {MASK} y"


def test_min_scrub_is_four() -> None:
    assert MIN_SCRUB == 4


@pytest.mark.parametrize(
    ("secret", "expected"),
    [
        ("abc", "say abc and abcabc"),  # one below the boundary: left alone
        ("abcd", f"say {MASK}"),  # exactly the boundary: scrubbed
        ("abcde", f"say {MASK}"),
    ],
)
def test_scrub_length_boundary(secret: str, expected: str) -> None:
    text = "say abc and abcabc" if len(secret) < MIN_SCRUB else f"say {secret}"
    assert scrub(text, [secret]) == expected


@pytest.mark.parametrize(
    ("secret", "text"),
    [
        ("a b/c+d", "q=a%20b%2Fc%2Bd&r=a+b%2Fc%2Bd raw=a b/c+d"),
        ("p@ss:wörd", "u=p%40ss%3Aw%C3%B6rd v=p@ss:wörd"),
    ],
)
def test_scrub_quoted_forms(secret: str, text: str) -> None:
    cleaned = scrub(text, [secret, None, ""])
    assert secret not in cleaned
    assert "%" not in cleaned.replace(MASK, "").split("=", 1)[1].split("&")[0]
    assert cleaned.count(MASK) == text.count("=")


def test_scrub_ignores_empty_and_none() -> None:
    assert scrub("nothing here", [None, "", "zz"]) == "nothing here"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an unterminated quote: python-dotenv cannot parse the line; its value is masked
        (f'DINGTALK_APP_SECRET="{SENTINEL}\n', f"DINGTALK_APP_SECRET={MASK}\n"),
        (f"DINGTALK_APP_SECRET='{SENTINEL}\r\n", f"DINGTALK_APP_SECRET={MASK}\r\n"),
        (f'  DINGTALK_APP_SECRET = "{SENTINEL}\r', f"  DINGTALK_APP_SECRET = {MASK}\r"),
        (f'DINGTALK_APP_SECRET "{SENTINEL}\n', f"DINGTALK_APP_SECRET {MASK}\n"),
        (f'DINGTALK_APP_SECRET="{SENTINEL}', f"DINGTALK_APP_SECRET={MASK}"),
    ],
)
def test_unterminated_quote_never_shows_the_secret(text: str, expected: str) -> None:
    env = parse(text)
    assert any(e.error for e in env.entries)
    assert masked_text(env) == expected


def test_a_quoted_bare_line_is_masked_whole() -> None:
    """A pasted value that opens a quote (read as a bare, odd key) is masked whole."""
    assert masked_text(parse(f'  "{SENTINEL}\n')) == f"  {MASK}\n"


# -- every odd layout of a ``NAME=`` line whose value python-dotenv cannot read ------------

LAYOUT_KEYS = ["DINGTALK_APP_SECRET", "K", "_X1", "ABCDEFGHIJKL"]
INDENTS = ["", "  ", "\t", "\x0b"]
EXPORTS = ["", "export ", "export\t", "export  "]
AROUND = ["", " ", "\t", " \t"]
#: Bodies after an opening quote that never close it: backslashes before the end, an
#: escaped quote inside, an inline "comment", a ${…} reference, the other quote.
OPEN_BODIES = [
    "{s}",
    "{s}\\",
    "{s}\\\\",
    "a\\{q}{s}",
    "{s} # a comment",
    "{s}#c",
    "${{DINGTALK_APP_KEY}}{s}",
    "{o}{s}{o}",
]
NEWLINES = ["", "\n", "\r\n", "\r"]


def test_every_layout_of_an_unterminated_quote_masks_the_value_exactly() -> None:
    """``NAME="s3cr3t`` in every layout: indentation, ``export``, blanks around ``=``,
    either quote, backslashes, a trailing comment, each line end, and a next line. The
    line python-dotenv cannot read keeps ``export``, the name, the blanks and ``=``; the
    rest is one MASK; the next line is masked as the binding it is.

    Every (quote, body, line end) with each key; the other parts rotate, so each of their
    values meets each quote, body and line end."""
    checked = 0
    combos = itertools.product(["'", '"'], OPEN_BODIES, NEWLINES, range(len(LAYOUT_KEYS)))
    for n, (quote, body, nl, k) in enumerate(combos):
        key, m = LAYOUT_KEYS[k], n // len(LAYOUT_KEYS)
        indent, export = INDENTS[(m + k) % 4], EXPORTS[(m // 2 + k) % 4]
        before, after = AROUND[(m // 3 + k) % 4], AROUND[(m // 5 + 3 * k) % 4]
        other = "'" if quote == '"' else '"'
        value = body.format(s=SENTINEL, q=quote, o=other)
        head = f"{indent}{export}{key}{before}={after}"
        tail = f"NEXT=1{nl}" if nl else ""
        text = f"{head}{quote}{value}{nl}{tail}"
        env = parse(text)
        assert [e.error for e in env.entries if e.key is None] == [True], text
        masked = masked_text(env)
        assert masked == f"{head}{MASK}{nl}" + (f"NEXT={MASK}{nl}" if nl else ""), text
        assert SENTINEL not in masked
        checked += 1
    assert checked == 2 * len(OPEN_BODIES) * len(NEWLINES) * len(LAYOUT_KEYS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no "=": a name, blanks, then whatever follows
        (f'DINGTALK_APP_SECRET "{SENTINEL}\n', f"DINGTALK_APP_SECRET {MASK}\n"),
        (f"DINGTALK_APP_SECRET\t{SENTINEL}\n", f"DINGTALK_APP_SECRET\t{MASK}\n"),
        (f"export DINGTALK_APP_SECRET {SENTINEL}\n", f"export DINGTALK_APP_SECRET {MASK}\n"),
        # a closed quote followed by junk
        (f'DINGTALK_APP_SECRET="{SENTINEL}" junk\n', f"DINGTALK_APP_SECRET={MASK}\n"),
        (f"DINGTALK_APP_SECRET='{SENTINEL}'x\r\n", f"DINGTALK_APP_SECRET={MASK}\r\n"),
        # blank lines before it stay as they are
        (f'\n \n\r\n  K="{SENTINEL}\n', f"\n \n\r\n  K={MASK}\n"),
        # a blank that only Unicode calls one, after the name and after "="
        (f'K\x0c="{SENTINEL}\n', f"K\x0c={MASK}\n"),
        (f'K=\u3000"{SENTINEL}\n', f"K=\u3000{MASK}\n"),
        (f'K\x85"{SENTINEL}\n', f"K\x85{MASK}\n"),
        # names of 12-character words are shown; longer words are no name: a pasted value
        (f'ABCDEFGHIJKL_ABCDEFGHIJKL "{SENTINEL}\n', f"ABCDEFGHIJKL_ABCDEFGHIJKL {MASK}\n"),
        (f'AKIAIOSFODNN7EXAMPLE "{SENTINEL}\n', f"{MASK}\n"),
        (f'ABCDEFGHIJKLM="{SENTINEL}\n', f"{MASK}\n"),
        (f'__="{SENTINEL}\n', f"{MASK}\n"),
        (f'_="{SENTINEL}\n', f"_={MASK}\n"),
        # anything but a conventional name before it: masked from the start of the line
        (f'dingtalk_app_secret="{SENTINEL}\n', f"{MASK}\n"),
        (f'K-1="{SENTINEL}\n', f"{MASK}\n"),
        (f'K.A="{SENTINEL}\n', f"{MASK}\n"),
        (f"'K'=\"{SENTINEL}\n", f"{MASK}\n"),
        (f'Kx="{SENTINEL}\n', f"{MASK}\n"),
        (f'exportK="{SENTINEL}\n', f"{MASK}\n"),
        (f'export ="{SENTINEL}\n', f"{MASK}\n"),
        (f"={SENTINEL}\n", f"{MASK}\n"),
        (f'K=="{SENTINEL}\n', f"K={MASK}\n"),  # a binding: its value is '="…'
    ],
)
def test_unparsable_line_layouts(text: str, expected: str) -> None:
    assert masked_text(parse(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quoted value that closes lines later and is followed by junk: python-dotenv
        # cannot read the entry, and its continuation lines are the secret's
        (
            f'DINGTALK_APP_SECRET="{SENTINEL}\nSECRET PART\nEND" junk\nB=1\n',
            f"DINGTALK_APP_SECRET={MASK}\n{MASK}\n{MASK}\nB={MASK}\n",
        ),
        (
            f"K='a\r\nAKIAIOSFODNN7EXAMPLE={SENTINEL}\r\nZ\r\n' x\r\n",
            f"K={MASK}\r\n{MASK}\r\n{MASK}\r\n{MASK}\r\n",
        ),
        ('K="a\nZ\n\n"x', f"K={MASK}\n{MASK}\n\n{MASK}"),
        ('K="a\rZ Y\r"x\r', f"K={MASK}\r{MASK}\r{MASK}\r"),
    ],
)
def test_continuation_lines_of_an_unparsable_value_are_masked_whole(
    text: str, expected: str
) -> None:
    env = parse(text)
    assert env.entries[0].error
    assert masked_text(env) == expected


@pytest.mark.parametrize(
    ("secrets", "text", "expected"),
    [
        # the shorter secret sorts after the longer one alphabetically: length must win
        (["bcde", "abcdef"], "x abcdef y", f"x {MASK} y"),
        (["zzzz", "azzzzb"], "azzzzb zzzz", f"{MASK} {MASK}"),
        (["azzzzb", "zzzz"], "azzzzb zzzz", f"{MASK} {MASK}"),
        # the same secret twice
        (["abcd", "abcd"], "abcd abcd", f"{MASK} {MASK}"),
        # secrets that overlap without one holding the other: one MASK for the run
        (["abcdef", "efghij"], "x abcdefghij y", f"x {MASK} y"),
        (["efghij", "abcdef"], "x abcdefghij y", f"x {MASK} y"),
        (["abcd", "cdef", "efgh"], "abcdefgh", MASK),
        # overlapping occurrences of one secret
        (["aaaa"], "aaaaaa", MASK),
        (["abab"], "ababab.abab", f"{MASK}.{MASK}"),
        # adjacent occurrences: one MASK each
        (["abcd"], "abcdabcd", f"{MASK}{MASK}"),
        (["abcd", "efgh"], "abcdefgh", f"{MASK}{MASK}"),
        # a raw secret overlapping the quoted form of another
        (["a/b/c", "%2Fc%2Fd"], "a%2Fb%2Fc%2Fd", MASK),
        (["a b c", "c+d+e"], "a+b+c+d+e", MASK),
        # the start and the end of the text
        (["abcd"], "abcd", MASK),
        (["abcd"], "abcdx", f"{MASK}x"),
        (["abcd"], "xabcd", f"x{MASK}"),
    ],
)
def test_scrub_overlapping_secrets(secrets: list[str], text: str, expected: str) -> None:
    assert scrub(text, secrets) == expected


SECRET_ALPHABET = "ab%+"
FILLER = st.text(alphabet="xyz -", min_size=1, max_size=5)


@st.composite
def overlapping_secrets(draw: st.DrawFn) -> tuple[list[str], str]:
    """A run of secrets, each one starting inside the one before it (so they overlap)."""
    piece = st.text(alphabet=SECRET_ALPHABET, min_size=0, max_size=4)
    first = draw(st.text(alphabet=SECRET_ALPHABET, min_size=MIN_SCRUB, max_size=8))
    run, secrets, last = first, [first], 0
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(last + 1, len(run) - 1))
        secret = run[at:] + draw(piece)
        if len(secret) < MIN_SCRUB:
            secret += "a" * (MIN_SCRUB - len(secret))
        run, last = run[:at] + secret, at
        secrets.append(secret)
    return secrets, run


@given(st.lists(st.tuples(FILLER, overlapping_secrets()), min_size=1, max_size=4), FILLER)
@settings(max_examples=300, deadline=None)
def test_scrub_leaves_no_character_of_any_secret(
    parts: list[tuple[str, tuple[list[str], str]]], end: str
) -> None:
    """Runs of overlapping secrets between filler that shares no character with them: each
    run becomes exactly one MASK, whatever the order of the secrets, the filler stays."""
    text = "".join(filler + run for filler, (_, run) in parts) + end
    secrets = [secret for _, (run_secrets, _) in parts for secret in run_secrets]
    expected = "".join(filler + MASK for filler, _ in parts) + end
    assert scrub(text, secrets) == expected
    assert scrub(text, secrets[::-1]) == expected
