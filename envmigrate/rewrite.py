"""EnvFile + options -> new text, by splicing spans (never by re-serialising).

Only key tokens, ``${OLD}`` references inside values, and whole lines of dropped or
commented-out bindings change; every other byte stays as it was. Conflicts (old and new
key both set to different values) refuse the file unless a ``prefer`` policy is given.

Every planned rewrite is checked before it is returned: the new text is parsed again and
resolved, with the process environment empty and holding the old names (renamed along
with the file), and every key must resolve to what its old name resolved to before. Where
old and new names are bound together both ways of merging them are tried; when neither
keeps every value, or a rewrite would make a binding refer to itself, the file is refused
(``RewriteResult.reason``) and nothing is written.
"""

from __future__ import annotations

import enum
import itertools
import re
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from envmigrate import diff
from envmigrate.detect import Values, conflicts
from envmigrate.diff import Edit
from envmigrate.dotenv_lexer import REFERENCE
from envmigrate.envfile import Entry, EnvFile, LazyValues, parse_text
from envmigrate.findings import Finding, Severity
from envmigrate.i18n import N_, Msg
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


class RewriteResult(NamedTuple):
    """The new text (== the old one when unchanged or refused) and why a file was refused."""

    text: str
    changed: bool
    conflicts: tuple[Finding, ...] = ()
    #: Why the file was refused when no rewrite keeps every value (empty otherwise).
    reason: str = ""
    #: The new text parsed (by the check that it keeps every value); see :func:`after`.
    env_after: EnvFile | None = None
    #: The old file's resolved values, when the rewrite needed them (else None).
    values: dict[str, str | None] | None = None
    #: The edits that make ``text`` of the parsed text (sorted): the diff is built from them.
    edits: tuple[Edit, ...] = ()

    @property
    def refused(self) -> bool:
        return bool(self.conflicts or self.reason)


DEFAULT_OPTIONS = Options()


def rewrite(
    env: EnvFile,
    *,
    options: Options = DEFAULT_OPTIONS,
    path: str = "<input>",
    frozen: frozenset[int] = frozenset(),
    values: Values | None = None,
) -> RewriteResult:
    """Migrate one parsed file; pure. ``render`` the result's text to get bytes back.

    ``frozen``: bindings (by ``Entry.start``) left exactly as they are (a suppression).
    ``values``: the file's resolved values, when the caller has them already.
    """
    assert env.complete, "rewrite needs the full parse (parse/parse_text), not a check's"
    if frozen:
        options = _keeping(env, options, frozen)
    resolved = LazyValues(env, values)
    if options.prefer is None:
        refused = conflicts(env, path=path, rules=options.rules, resolved=resolved)
        if refused:
            return RewriteResult(env.text, False, tuple(refused))
    refusal = None
    for keep_old in _choices(env, options, resolved):
        edits = sorted(_edits(env, options, keep_old, frozen))
        text = diff.splice(env.text, edits)
        after_env = parse_text(text, env.bom) if text != env.text else env
        refusal = _self_reference(env, options.rules, keep_old) or _changed_value(
            env, after_env, options, keep_old
        )
        if refusal is None:
            return RewriteResult(
                text,
                text != env.text,
                env_after=after_env,
                values=resolved.value,
                edits=tuple(edits),
            )
    assert refusal is not None
    line, key, reason = refusal
    finding = Finding("EM004", Severity.ERROR, path, line, 1, key, reason)
    return RewriteResult(
        env.text, False, (finding,), reason=Msg("{reason}; untouched", reason=reason)
    )


def _keeping(env: EnvFile, options: Options, frozen: frozenset[int]) -> Options:
    """A frozen binding keeps its old name, so the references to it keep theirs too, and
    the value checks expect that name (not its new one) to keep its value."""
    rules = options.rules
    kept = {e.key for e in env.bindings() if e.start in frozen and e.key in rules.renames}
    if not kept:
        return options
    renames = {old: new for old, new in rules.renames.items() if old not in kept}
    return options._replace(rules=RenameTable(renames=renames, obsolete=rules.obsolete))


def splice(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (any order) to ``text``."""
    return diff.splice(text, sorted(edits, key=lambda e: e.start))


def after(env: EnvFile, result: RewriteResult) -> EnvFile:
    """The rewritten file, parsed once: for its masked diff and the credentials it holds.

    ``rewrite`` already parsed it (to prove every value is kept); commands share that
    instead of parsing the new text again.
    """
    if result.env_after is not None:
        return result.env_after
    return parse_text(result.text, env.bom) if result.changed else env


Choice = dict[str, bool]  # old name bound with its new one -> keep the old bindings?


def _choices(env: EnvFile, options: Options, resolved: LazyValues) -> Iterator[Choice]:
    """Ways to merge each old/new pair bound together, the likeliest first (at most 16)."""
    rules = options.rules
    bound = {e.key for e in env.bindings()}
    pairs = [old for old, new in rules.renames.items() if old in bound and new in bound]
    if not pairs:
        yield {}
        return
    values = resolved()
    first = {old: _keep_old_first(env, old, rules.renames[old], values, options) for old in pairs}
    flips = itertools.product((False, True), repeat=len(pairs))
    for flip in itertools.islice(flips, 16):
        yield {old: first[old] ^ f for old, f in zip(pairs, flip, strict=True)}


def _keep_old_first(
    env: EnvFile, old: str, new: str, values: Mapping[str, str | None], options: Options
) -> bool:
    if values[old] == values[new]:  # an alias of the old name goes; else the old line goes
        return all(_refers_to(env, e, old) for e in env.bindings() if e.key == new)
    return options.prefer is Prefer.OLD


def _edits(
    env: EnvFile, options: Options, keep_old: Choice, frozen: frozenset[int] = frozenset()
) -> Iterator[Edit]:
    rules = options.rules
    by_key: dict[str, list[Entry]] = {}
    watched = rules.watched
    for entry in env.bindings():
        if entry.key in watched and entry.start not in frozen:
            by_key.setdefault(entry.key, []).append(entry)
    dropped: set[int] = set(frozen)
    for old, new in rules.renames.items():
        if old in keep_old:  # both names bound: one side's bindings go
            for entry in by_key.get(new if keep_old[old] else old, []):
                dropped.add(entry.start)
                yield _delete_line(entry)
        for entry in by_key.get(old, []) if keep_old.get(old, True) else ():
            yield Edit(entry.key_start, entry.key_end, new)
    for key in rules.obsolete:
        for entry in by_key.get(key, []):
            if options.agent_id is not AgentIdPolicy.KEEP:
                dropped.add(entry.start)
                yield from _obsolete(env, entry, options.agent_id)
    yield from _reference_edits(env, rules, dropped)


def _refers_to(env: EnvFile, entry: Entry, name: str) -> bool:
    """Whether the value of ``entry`` has ``${name}`` (a bare key's span -1:-1 has none)."""
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
        if entry.start in dropped or "${" not in (entry.value or ""):
            continue
        for match in REFERENCE.finditer(env.text, entry.value_start, entry.value_end):
            new = rules.renames.get(match["name"])
            if new is not None:
                yield Edit(match.start("name"), match.end("name"), new)


# -- the oracle: a rewrite never changes what a key resolves to ------------------------------


class _Refusal(NamedTuple):
    line: int
    key: str
    message: str


def _self_reference(env: EnvFile, rules: RenameTable, keep_old: Choice) -> _Refusal | None:
    """A binding that would refer to its own name after the rewrite (and did not before)."""
    dropped = {rules.renames[old] if keep else old for old, keep in keep_old.items()}
    for entry in env.bindings():
        assert entry.key is not None
        if "${" not in (entry.value or "") or entry.key in dropped:
            continue
        renamed = entry.key in rules.renames and keep_old.get(entry.key, True)
        key = rules.renames[entry.key] if renamed else entry.key
        matches = REFERENCE.finditer(env.text, entry.value_start, entry.value_end)
        names = {m["name"] for m in matches}
        if entry.key not in names and key in {rules.renames.get(n, n) for n in names}:
            reason = Msg(
                "{key} would refer to itself (a name in it is renamed): migrate refuses "
                "this file; write the value itself, or bind the old name above it",
                key=key,
            )
            return _Refusal(entry.line, key, reason)
    return None


def _changed_value(
    env: EnvFile, after: EnvFile, options: Options, keep_old: Choice
) -> _Refusal | None:
    """Why ``after`` does not keep every resolved value of ``env``; None when it does."""
    rules = options.rules
    text = after.text
    olds = {name: f"<environment {name}>" for name in (*rules.renames, *rules.obsolete)}
    cases = [
        (
            {},
            N_(
                "renaming would change the value of {key} (with the process environment "
                "empty): migrate refuses this file; see README, Rewrite rules"
            ),
        ),
        (
            olds,
            N_(
                "renaming would change the value of {key} (with the process environment "
                "holding the old names): migrate refuses this file; see README, Rewrite rules"
            ),
        ),
    ]
    if "${" not in env.text and "${" not in text:
        cases = cases[:1]  # without a reference the environment cannot matter
    for environ, refusal in cases:
        expected = _expected(env, environ, options, keep_old)
        got = _resolve(after, {rules.renames.get(k, k): v for k, v in environ.items()}, {})
        for key in sorted(expected.keys() | got.keys()):
            if expected.get(key, _ABSENT) != got.get(key, _ABSENT):
                reason = Msg(refusal, key=key)
                return _Refusal(_line_of(env, key, rules), key, reason)
    return None


def _line_of(env: EnvFile, key: str, rules: RenameTable) -> int:
    """The line of the last binding of ``key`` (or of an old name of it); 1 if none."""
    names = {key, *(old for old, new in rules.renames.items() if new == key)}
    return max((e.line for e in env.bindings() if e.key in names), default=1)


_ABSENT = object()


def _expected(
    env: EnvFile, environ: Mapping[str, str], options: Options, keep_old: Choice
) -> dict[str, object]:
    """What every key must resolve to after the rewrite (old names under their new ones)."""
    rules = options.rules
    before = _resolve(env, environ, {})
    forced: dict[str, str] = {}
    for old in keep_old:  # both names bound: --prefer decides, both take the winner's value
        new = rules.renames[old]
        winner = before[old if options.prefer is Prefer.OLD else new]
        if options.prefer is not None and before[old] != before[new] and winner is not None:
            forced |= {old: winner, new: winner}
    if forced:
        before = _resolve(env, environ, forced)
    expected: dict[str, object] = {}
    for key, value in before.items():
        if key in rules.obsolete and options.agent_id is not AgentIdPolicy.KEEP:
            continue
        expected[rules.renames.get(key, key)] = value
    for old, new in rules.renames.items():
        if old in before and new in before and before[old] != before[new]:
            expected[new] = _ABSENT  # the names disagree here: no rewrite keeps both
    return expected


def _resolve(
    env: EnvFile, environ: Mapping[str, str], forced: Mapping[str, str]
) -> dict[str, str | None]:
    """Resolve like ``dotenv_values`` (earlier bindings win over ``environ``); a name in
    ``forced`` takes that value at each of its bindings."""
    values: dict[str, str | None] = {}

    def substitute(match: re.Match[str]) -> str:
        name, default = match["name"], match["default"]
        if name in values:
            return values[name] or ""
        if name in environ:
            return environ[name]
        return default or ""

    for entry in env.bindings():
        assert entry.key is not None
        if entry.value is not None and entry.key in forced:
            values[entry.key] = forced[entry.key]
        elif entry.value is None:
            values[entry.key] = None
        else:
            values[entry.key] = REFERENCE.sub(substitute, entry.value)
    return values
