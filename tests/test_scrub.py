"""``scrub`` (free text) and the unparsable-line mask: the issue-14 survivors, pinned whole."""

from __future__ import annotations

import pytest

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
