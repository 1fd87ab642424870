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
