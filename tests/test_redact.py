"""Masking keeps structure and references, never values."""

from __future__ import annotations

import pytest

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
