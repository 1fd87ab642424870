"""Shared helpers for the reference-scanner tables: apply hits the way migrate --code does."""

from __future__ import annotations

from collections.abc import Callable

from envmigrate.diff import Edit, splice
from envmigrate.rules import DEFAULT_RULES, RenameTable
from envmigrate.scanners.hits import Hit, Lines

Scanner = Callable[[str, RenameTable], list[Hit]]


def fix(scan: Scanner, src: str, rules: RenameTable = DEFAULT_RULES) -> str:
    hits = scan(src, rules)
    edits = [Edit(h.start, h.end, h.replacement) for h in hits if h.replacement is not None]
    return splice(src, sorted(edits))


def codes(scan: Scanner, src: str, rules: RenameTable = DEFAULT_RULES) -> list[str]:
    return [h.code for h in sorted(scan(src, rules))]


#: User-configured renames with short names (and an obsolete one) for whole-result tables.
RULES = RenameTable(renames={"OLD_ID": "NEW_ID", "OLD_KEY": "NEW_KEY"}, obsolete=("GONE",))


def records(scan: Scanner, src: str, rules: RenameTable = RULES) -> list[str]:
    """Every hit, in order, as ``line:col CODE NAME>NEW`` (renamed) or ``… NAME @store``
    (kept in a store); each hit covers exactly its name."""
    lines = Lines(src)
    out = []
    for hit in sorted(scan(src, rules)):
        assert src[hit.start : hit.end] == hit.key, hit
        line, column = lines.position(hit.start)
        record = f"{line}:{column} {hit.code} {hit.key}"
        record += f">{hit.replacement}" if hit.replacement is not None else ""
        record += f" @{hit.store}" if hit.store else ""
        out.append(record)
    return out


def records_and_fix(scan: Scanner, src: str, rules: RenameTable = RULES) -> tuple[list[str], str]:
    return records(scan, src, rules), fix(scan, src, rules)
