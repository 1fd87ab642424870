"""EnvFile + options -> new text, by splicing spans (never by re-serialising).

Only key tokens, ``${OLD}`` references inside values, and whole lines of dropped or
commented-out bindings change; every other byte stays as it was. Conflicts (old and new
key both set to different values) refuse the file unless a ``prefer`` policy is given.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from typing import NamedTuple

from envmigrate.detect import Values, conflicts
from envmigrate.envfile import Entry, EnvFile, parse_text, resolve
from envmigrate.findings import Finding
from envmigrate.lexer import REFERENCE
from envmigrate.rules import DEFAULT_RULES, RenameTable

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|$)")


class AgentIdPolicy(enum.StrEnum):
    COMMENT = "comment"
    REMOVE = "remove"
    KEEP = "keep"


class Prefer(enum.StrEnum):
    NEW = "new"
    OLD = "old"


class Options(NamedTuple):
    """How ``rewrite`` resolves the choices the rename table leaves open."""

    agent_id: AgentIdPolicy = AgentIdPolicy.COMMENT
    prefer: Prefer | None = None
    rules: RenameTable = DEFAULT_RULES


class Edit(NamedTuple):
    start: int
    end: int
    text: str


class RewriteResult(NamedTuple):
    """The new text (== the old one when unchanged or refused) and why a file was refused."""

    text: str
    changed: bool
    conflicts: tuple[Finding, ...] = ()

    @property
    def refused(self) -> bool:
        return bool(self.conflicts)


DEFAULT_OPTIONS = Options()


def rewrite(
    env: EnvFile, *, options: Options = DEFAULT_OPTIONS, path: str = "<input>"
) -> RewriteResult:
    """Migrate one parsed file; pure. ``render`` the result's text to get bytes back."""
    assert env.complete, "rewrite needs the full parse (parse/parse_text), not a check's"
    values = _Values(env)
    if options.prefer is None:
        refused = conflicts(env, path=path, rules=options.rules, values=values())
        if refused:
            return RewriteResult(env.text, False, tuple(refused))
    edits = list(_edits(env, options, values))
    text = splice(env.text, edits)
    return RewriteResult(text, text != env.text)


def after(env: EnvFile, result: RewriteResult) -> EnvFile:
    """The rewritten file, parsed once: for its masked diff and the credentials it holds.

    Commands call this once per changed file and share the result (the diff's masking and
    the verification after a write both need it) instead of parsing the new text twice.
    """
    if not result.changed:
        return env
    return parse_text(result.text, env.bom)


class _Values:
    """``resolve(env)`` computed once, only if a rename pair needs it."""

    def __init__(self, env: EnvFile) -> None:
        self.env = env
        self.value: Values | None = None

    def __call__(self) -> Values:
        if self.value is None:
            self.value = resolve(self.env)
        return self.value


def splice(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (any order) to ``text``."""
    parts: list[str] = []
    cursor = 0
    for edit in sorted(edits, key=lambda e: e.start):
        assert edit.start >= cursor, "overlapping edits"
        parts.append(text[cursor : edit.start])
        parts.append(edit.text)
        cursor = edit.end
    parts.append(text[cursor:])
    return "".join(parts)


def _edits(env: EnvFile, options: Options, values: _Values) -> Iterator[Edit]:
    rules = options.rules
    by_key: dict[str, list[Entry]] = {}
    watched = rules.watched
    for entry in env.bindings():
        if entry.key in watched:
            by_key.setdefault(entry.key, []).append(entry)
    dropped: set[int] = set()
    for old, new in rules.renames.items():
        drop, keep_old = _pair_plan(env, old, new, by_key, options.prefer, values)
        for entry in drop:
            dropped.add(entry.start)
            yield _delete_line(entry)
        for entry in by_key.get(old, []) if keep_old else ():
            yield Edit(entry.key_start, entry.key_end, new)
    for key in rules.obsolete:
        for entry in by_key.get(key, []):
            if options.agent_id is not AgentIdPolicy.KEEP:
                dropped.add(entry.start)
                yield from _obsolete(env, entry, options.agent_id)
    yield from _reference_edits(env, rules, dropped)


def _pair_plan(
    env: EnvFile,
    old: str,
    new: str,
    by_key: dict[str, list[Entry]],
    prefer: Prefer | None,
    resolved: _Values,
) -> tuple[list[Entry], bool]:
    """Which bindings to drop, and whether the old bindings are renamed."""
    olds, news = by_key.get(old, []), by_key.get(new, [])
    if not olds or not news:
        return [], True
    values = resolved()
    if values[old] == values[new]:
        aliases = all(_refers_to(env, entry, old) for entry in news)
        return (news, True) if aliases else (olds, False)
    if prefer is Prefer.OLD:
        return news, True
    return olds, False


def _refers_to(env: EnvFile, entry: Entry, name: str) -> bool:
    if entry.value_start < 0:
        return False
    matches = REFERENCE.finditer(env.text, entry.value_start, entry.value_end)
    return any(m["name"] == name for m in matches)


def _delete_line(entry: Entry) -> Edit:
    return Edit(entry.line_start, entry.end, "")


def _obsolete(env: EnvFile, entry: Entry, policy: AgentIdPolicy) -> Iterator[Edit]:
    if policy is AgentIdPolicy.REMOVE:
        yield _delete_line(entry)
    elif policy is AgentIdPolicy.COMMENT:
        for match in _LINE.finditer(env.text, entry.line_start, entry.end):
            if match.group():
                yield Edit(match.start(), match.start(), "# ")


def _reference_edits(env: EnvFile, rules: RenameTable, dropped: set[int]) -> Iterator[Edit]:
    for entry in env.bindings():
        if entry.start in dropped or entry.value_start < 0 or "${" not in (entry.value or ""):
            continue
        for match in REFERENCE.finditer(env.text, entry.value_start, entry.value_end):
            new = rules.renames.get(match["name"])
            if new is not None:
                yield Edit(match.start("name"), match.end("name"), new)
