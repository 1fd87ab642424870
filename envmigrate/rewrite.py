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

from envmigrate import diff
from envmigrate.detect import detect
from envmigrate.diff import Edit
from envmigrate.envfile import Entry, EnvFile, resolve
from envmigrate.findings import Finding
from envmigrate.rules import DEFAULT_RULES, RenameTable

_REFERENCE = re.compile(r"(\$\{)([^}:]*)((?::-[^}]*)?\})")
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


class RewriteResult(NamedTuple):
    """The new text (== the old one when unchanged or refused) and why a file was refused."""

    text: str
    changed: bool
    conflicts: tuple[Finding, ...] = ()
    #: The edits that make ``text`` of the parsed text (sorted): the diff is built from them.
    edits: tuple[Edit, ...] = ()

    @property
    def refused(self) -> bool:
        return bool(self.conflicts)


DEFAULT_OPTIONS = Options()


def rewrite(
    env: EnvFile, *, options: Options = DEFAULT_OPTIONS, path: str = "<input>"
) -> RewriteResult:
    """Migrate one parsed file; pure. ``render`` the result's text to get bytes back."""
    conflicts = _conflicts(env, options, path)
    if conflicts:
        return RewriteResult(env.text, False, conflicts)
    edits = sorted(_edits(env, options))
    text = diff.splice(env.text, edits)
    return RewriteResult(text, text != env.text, edits=tuple(edits))


def splice(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (any order) to ``text``."""
    return diff.splice(text, sorted(edits, key=lambda e: e.start))


def _conflicts(env: EnvFile, options: Options, path: str) -> tuple[Finding, ...]:
    if options.prefer is not None:
        return ()
    return tuple(f for f in detect(env, path=path, rules=options.rules) if f.code == "EM004")


def _edits(env: EnvFile, options: Options) -> Iterator[Edit]:
    rules = options.rules
    by_key: dict[str, list[Entry]] = {}
    watched = rules.watched
    for entry in env.bindings():
        if entry.key in watched:
            by_key.setdefault(entry.key, []).append(entry)
    dropped: set[int] = set()
    for old, new in rules.renames.items():
        drop, keep_old = _pair_plan(env, old, new, by_key, options.prefer)
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
    env: EnvFile, old: str, new: str, by_key: dict[str, list[Entry]], prefer: Prefer | None
) -> tuple[list[Entry], bool]:
    """Which bindings to drop, and whether the old bindings are renamed."""
    olds, news = by_key.get(old, []), by_key.get(new, [])
    if not olds or not news:
        return [], True
    values = resolve(env)
    if values[old] == values[new]:
        aliases = all(_refers_to(env, entry, old) for entry in news)
        return (news, True) if aliases else (olds, False)
    if prefer is Prefer.OLD:
        return news, True
    return olds, False


def _refers_to(env: EnvFile, entry: Entry, name: str) -> bool:
    if entry.value_start < 0:
        return False
    value = env.text[entry.value_start : entry.value_end]
    return any(m.group(2) == name for m in _REFERENCE.finditer(value))


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
        for match in _REFERENCE.finditer(env.text, entry.value_start, entry.value_end):
            new = rules.renames.get(match.group(2))
            if new is not None:
                yield Edit(match.start(2), match.end(2), new)
