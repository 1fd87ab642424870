"""Shared helpers for the reference-scanner tables: apply hits the way migrate --code does."""

from __future__ import annotations

from collections.abc import Callable

from envmigrate.rewrite import Edit, splice
from envmigrate.rules import DEFAULT_RULES, RenameTable
from envmigrate.scanners.hits import Hit

Scanner = Callable[[str, RenameTable], list[Hit]]


def fix(scan: Scanner, src: str, rules: RenameTable = DEFAULT_RULES) -> str:
    hits = scan(src, rules)
    edits = [Edit(h.start, h.end, h.replacement) for h in hits if h.replacement is not None]
    return splice(src, edits)


def codes(scan: Scanner, src: str, rules: RenameTable = DEFAULT_RULES) -> list[str]:
    return [h.code for h in sorted(scan(src, rules))]
