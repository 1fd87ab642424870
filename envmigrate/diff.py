"""Unified diffs of (already masked) texts, and a separate colouring pass."""

from __future__ import annotations

import re

_LINE_END = re.compile(r"\r\n|\n|\r")


def _lines(text: str) -> list[str]:
    """Split keeping content only; the last line is marked when it has no newline."""
    out: list[str] = []
    cursor = 0
    for match in _LINE_END.finditer(text):
        out.append(text[cursor : match.start()] + "\n")
        cursor = match.end()
    if cursor < len(text):
        out.append(text[cursor:] + "\n\\ No newline at end of file\n")
    return out


def unified(before: str, after: str, path: str) -> str:
    """A ``diff -u`` style text (``a/`` and ``b/`` labels), empty when nothing changed."""
    if before == after:
        return ""
    import difflib

    lines = difflib.unified_diff(
        _lines(before), _lines(after), fromfile=f"a/{path}", tofile=f"b/{path}"
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


_COLORS = {"+": "\x1b[32m", "-": "\x1b[31m", "@": "\x1b[36m"}
_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"


def color(diff: str) -> str:
    """ANSI-colour a unified diff: headers bold, hunks cyan, removals red, additions green."""
    out: list[str] = []
    for line in diff.splitlines(keepends=True):
        body = line.rstrip("\n")
        if body.startswith(("+++", "---")):
            out.append(f"{_BOLD}{body}{_RESET}\n")
        elif body[:1] in _COLORS:
            out.append(f"{_COLORS[body[0]]}{body}{_RESET}\n")
        else:
            out.append(line)
    return "".join(out)
