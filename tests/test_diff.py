"""Unified diffs and their colouring."""

from __future__ import annotations

from envmigrate.diff import color, unified


def test_no_change_no_diff() -> None:
    assert unified("A=1\n", "A=1\n", "x") == ""


def test_unified_diff() -> None:
    diff = unified("A=1\r\nB=2\r\n", "A=1\r\nC=2\r\n", ".env")
    assert diff == "--- a/.env\n+++ b/.env\n@@ -1,2 +1,2 @@\n A=1\n-B=2\n+C=2\n"


def test_missing_final_newline_is_marked() -> None:
    diff = unified("A=1", "B=1", "f")
    assert diff.splitlines()[-4:] == [
        "-A=1",
        "\\ No newline at end of file",
        "+B=1",
        "\\ No newline at end of file",
    ]


def test_color_is_a_separate_pass() -> None:
    plain = unified("A=1\n", "B=1\n", "f")
    colored = color(plain)
    assert "\x1b[31m-A=1\x1b[0m" in colored
    assert "\x1b[32m+B=1\x1b[0m" in colored
    assert "\x1b[" not in plain
