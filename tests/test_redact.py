"""Masking keeps structure and references, never values."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate.envfile import parse
from envmigrate.redact import MASK, mask_value, masked_text, scrub
from tests.conftest import SENTINEL


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        ("abc", MASK),
        ("a${X}b", f"{MASK}${{X}}{MASK}"),
        ("${X:-dflt}", f"${{X:-{MASK}}}"),
        ("${X:-}", "${X:-}"),
        ("l1\nl2\r\n", f"{MASK}\n{MASK}\r\n"),
    ],
)
def test_mask_value(raw: str, expected: str) -> None:
    assert mask_value(raw) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"K={SENTINEL}\n", f"K={MASK}\n"),
        (f"export K = '{SENTINEL}'  # c\n", f"export K = '{MASK}'  # c\n"),
        (f'K="{SENTINEL}\n{SENTINEL}"\n', f'K="{MASK}\n{MASK}"\n'),
        (f"# K={SENTINEL}\n", f"# K={MASK}\n"),
        (f"# export K = {SENTINEL}\n", f"# export K = {MASK}\n"),
        (f"K {SENTINEL}\n", f"K {MASK}\n"),
        (f"K={SENTINEL} # note\n", f"K={MASK} # note\n"),
        ("# plain comment\nK\nE=\n", "# plain comment\nK\nE=\n"),
    ],
)
def test_masked_text(text: str, expected: str) -> None:
    """Values, commented-out values and unparsable lines are masked; line count is kept."""
    assert masked_text(parse(text)) == expected


def test_scrub() -> None:
    text = f"url?ticket={SENTINEL.replace('-', '%2D')} raw {SENTINEL} and abc"
    cleaned = scrub(text, [SENTINEL.replace("-", "%2D"), SENTINEL, "abc", None])
    assert SENTINEL not in cleaned
    assert cleaned.endswith("and abc")  # too short to scrub: never mangles plain words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f'"{SENTINEL}\n', f"{MASK}\n"),
        (f"  {SENTINEL} tail\n", f"  {MASK}\n"),
        ("  DINGTALK_APP_KEY abc\n", f"  DINGTALK_APP_KEY {MASK}\n"),
        (f"junk: {SENTINEL}\n", f"{MASK}\n"),
        (f"X_Y={SENTINEL} 'open\n", f"X_Y={MASK}\n"),
        ("tok-en!#x\n", f"{MASK}#x\n"),
        (f"{SENTINEL}\n", f"{MASK}\n"),
        ("BARE_KEY\n", "BARE_KEY\n"),
    ],
)
def test_unparsable_and_odd_lines(text: str, expected: str) -> None:
    """Lines python-dotenv rejects keep at most a leading name; everything after is masked."""
    assert masked_text(parse(text)) == expected


LINE = st.sampled_from(
    [
        "K={s}",
        "export K='{s}'",
        'K="a\n{s}\nb"',
        "K={s} # c",
        "# K={s}",
        "K={s} 'broken",
        "K=${{OTHER:-{s}}}",
        "'K'=\"{s}\"",
        "DINGTALK_APP_SECRET={s}",
        "A=1",
        "",
    ]
)


@given(st.lists(LINE, min_size=1, max_size=8), st.sampled_from(["\n", "\r\n"]))
@settings(derandomize=True, max_examples=200, deadline=None)
def test_property_sentinel_never_in_masked_text(lines: list[str], nl: str) -> None:
    text = nl.join(line.format(s=SENTINEL) for line in lines) + nl
    masked = masked_text(parse(text))
    assert SENTINEL not in masked
    assert masked.count("\n") == text.count("\n")


@pytest.mark.parametrize("nl", ["\n", "\r\n"])
@pytest.mark.parametrize("export", ["", "export "])
@pytest.mark.parametrize("quote", ['"', "'"])
@pytest.mark.parametrize("key", ["DINGTALK_APP_SECRET", "lower_key", "K"])
def test_unterminated_quote_never_prints_the_secret(
    nl: str, export: str, quote: str, key: str
) -> None:
    """``KEY="s3cr3t`` (no closing quote): an unparsable line, or a value that runs on."""
    for tail in ("", f"{nl}NEXT=1{nl}", f"{nl}{SENTINEL}{nl}", nl):
        text = f"{export}{key}={quote}{SENTINEL}{tail}"
        masked = masked_text(parse(text))
        assert SENTINEL not in masked
        assert "S3NT1N" not in masked
        assert masked.count("\n") == text.count("\n")
        assert masked.count("\r") == text.count("\r")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # issue 9 item 3: an inline comment that holds an assignment
        (
            f"DINGTALK_APP_KEY=id # DINGTALK_APP_SECRET={SENTINEL}\n",
            f"DINGTALK_APP_KEY={MASK} # DINGTALK_APP_SECRET={MASK}\n",
        ),
        (f"K='a' # note: {SENTINEL}\n", f"K='{MASK}' # note: {MASK}\n"),
        (f'K="a" # x={SENTINEL} y\n', f'K="{MASK}" # {MASK}={MASK}\n'),
        (f"K=a # see {SENTINEL} here\n", f"K={MASK} # see {MASK} here\n"),
        ("K=a # Where alerts are sent\n", f"K={MASK} # Where alerts are sent\n"),
        # issue 9 item 4: a commented-out multi-line value, continuation lines included
        (
            f'# DINGTALK_AGENT_ID="{SENTINEL}\n# {SENTINEL}\n# end{SENTINEL}" # y={SENTINEL}\nA=1\n',
            f'# DINGTALK_AGENT_ID={MASK}\n# {MASK}\n# {MASK}" # {MASK}={MASK}\nA={MASK}\n',
        ),
        (
            f"# PEM='-----BEGIN KEY-----\r\n# {SENTINEL}\r\n# -----END KEY-----'\r\n",
            f"# PEM={MASK}\r\n# {MASK}\r\n# {MASK}'\r\n",
        ),
        (f"# K=${{DINGTALK_APP_KEY}}{SENTINEL}\n", f"# K=${{DINGTALK_APP_KEY}}{MASK}\n"),
        (f"# just words {SENTINEL} ok\n", f"# just words {MASK} ok\n"),
        ("# `DINGTALK_APP_KEY`, MY_KEY are old\n", "# `DINGTALK_APP_KEY`, MY_KEY are old\n"),
        (f"# password: {SENTINEL}\n", f"# password: {MASK}\n"),
        # a key that is no key name (a pasted value with "=" in it)
        (f"{SENTINEL}==\n", f"{MASK}={MASK}\n"),
        ("database_url=x\n", f"database_url={MASK}\n"),
        # references to names that are not variable names are masked too
        (f"K=${{{SENTINEL.lower()}}}\n", f"K=${{{MASK}}}\n"),
    ],
)
def test_allow_list(text: str, expected: str) -> None:
    assert masked_text(parse(text)) == expected


@pytest.mark.parametrize(
    ("word", "shown"),
    [
        ("DINGTALK_APP_KEY", True),
        ("K", True),
        ("LOG_LEVEL", True),
        ("_X1", True),
        ("AKIAIOSFODNN7EXAMPLE", False),
        ("lower", False),
        ("A-B", False),
        ("", False),
    ],
)
def test_is_name(word: str, shown: bool) -> None:
    from envmigrate.redact import is_name

    assert is_name(word) is shown


S = SENTINEL


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # after the quote that closes a commented-out value: prose, then an inline comment
        (f'# A="{S}\n# {S}" word\n', f'# A={MASK}\n# {MASK}" word\n'),
        (f'# A="{S}\n# {S}"#word\nB=1\n', f'# A={MASK}\n# {MASK}"#word\nB={MASK}\n'),
        (f'# A="{S}\n# {S}"# word {S}\n', f'# A={MASK}\n# {MASK}"# word {MASK}\n'),
        (
            f'# A="{S}\n# {S}" word # note={S} # x\nB=1\n',
            f'# A={MASK}\n# {MASK}" word # {MASK}={MASK}\nB={MASK}\n',
        ),
        (f'# A="{S}\n# {S}" {S} # K={S}\n', f'# A={MASK}\n# {MASK}" {MASK} # K={MASK}\n'),
        # an escaped character is skipped with its backslash; the quote after it closes
        (f'# A="{S}\n# {S}\\n" tail\n# z\n', f'# A={MASK}\n# {MASK}" tail\n# z\n'),
        (f'# A="{S}\n# \\a" tail\n# more\n', f'# A={MASK}\n# {MASK}" tail\n# more\n'),
        (f'# A="{S}\n# {S}\\"" tail\n# z\n', f'# A={MASK}\n# {MASK}" tail\n# z\n'),
        (f'# A="{S}\n# {S}\\" still\n# {S}" done\n', f'# A={MASK}\n# {MASK}\n# {MASK}" done\n'),
        (f"# A='{S}\n# \\'' done\n", f"# A={MASK}\n# {MASK}' done\n"),
        (f'# A="{S}\n#"\n# open\n', f'# A={MASK}\n#"\n# open\n'),  # closes at once
        (f'# A="{S}\n# {S}\\', f"# A={MASK}\n# {MASK}"),  # a backslash at the very end
    ],
    ids=range(12),
)
def test_commented_out_values_that_span_lines(text: str, expected: str) -> None:
    assert masked_text(parse(text)) == expected
    assert S not in expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # after a commented-out "K=": space and tab stay, any other blank is the value's
        (f"# K=\xa0{S}\n", f"# K={MASK}\n"),
        (f"# K=\x0b{S}\n", f"# K={MASK}\n"),
        (f"# K= \t{S}\n", f"# K= \t{MASK}\n"),
        (f"# K=XX{S}\n", f"# K={MASK}\n"),
        (f"# K=X {S}\n", f"# K={MASK}\n"),
        # a commented-out value left open: an empty comment line inside it stays empty
        (f'# A="{S}\n#\n# {S}" done\n', f'# A={MASK}\n#\n# {MASK}" done\n'),
        (f'# A="{S}\n# \n# x" done\n', f'# A={MASK}\n# \n# {MASK}" done\n'),
        # a quote in prose opens nothing: only a commented-out assignment's value does
        ('# "hello\n# world\n', '# "hello\n# world\n'),
        (f"# 'hello\n# world {S}\n", f"# 'hello\n# world {MASK}\n"),
        (f"# say 'hi\n# world\nK={S}\n", f"# say 'hi\n# world\nK={MASK}\n"),
    ],
    ids=range(10),
)
def test_comment_lines(text: str, expected: str) -> None:
    assert masked_text(parse(text)) == expected


def test_inline_comments_after_a_value() -> None:
    """Everything from the first ``#`` after a value is comment prose: each later ``#``
    is a token like any other (a symbol, masked), an assignment in it masks its value."""
    cases = {
        f"K={S} # a {S} # b\n": f"K={MASK} # a {MASK} {MASK} b\n",
        f"K='{S}' # note # K2={S}\n": f"K='{MASK}' # note {MASK} K2={MASK}\n",
        f'K="{S}"# x # y\n': f'K="{MASK}"# x {MASK} y\n',
    }
    for text, expected in cases.items():
        assert masked_text(parse(text)) == expected


def test_an_empty_value_before_an_inline_comment() -> None:
    """``K= # …``: python-dotenv 1.2.4 reads an empty value and a comment (the comment is
    masked as comments are), earlier releases the value ``# …`` (masked whole)."""
    from envmigrate.dotenv_lexer import installed_dialect

    text = f"K= # K2={S} #{S}\n"
    if installed_dialect() == "1.2.4":
        assert masked_text(parse(text)) == f"K= # K2={MASK}\n"
    else:
        assert masked_text(parse(text)) == f"K={MASK}\n"


@pytest.mark.parametrize(
    ("text", "secrets", "expected"),
    [
        ("aaaaa", ["aaaa"], MASK),  # occurrences one character apart
        ("xaaaaay", ["aaaa"], f"x{MASK}y"),
        ("abababab", ["abab"], MASK),
        ("aaaa aaaa", ["aaaa"], f"{MASK} {MASK}"),
    ],
    ids=range(4),
)
def test_scrub_overlapping_occurrences_of_one_secret(
    text: str, secrets: list[str], expected: str
) -> None:
    assert scrub(text, secrets) == expected
