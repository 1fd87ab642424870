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

import itertools
import re
from collections.abc import Callable, Iterator, Mapping
from operator import itemgetter
from typing import TYPE_CHECKING

from envmigrate import diff
from envmigrate.diff import Edit
from envmigrate.dotenv_lexer import (
    BOM,
    REFERENCE,
    grammar,
    installed_dialect,
    lex_affected,
    lex_line,
    simple_file,
)
from envmigrate.envfile import Entry, EnvFile, LazyValues, parse_text
from envmigrate.findings import Finding, Record, Severity
from envmigrate.i18n import N_, Msg
from envmigrate.rules import CREDENTIAL_KEYS, DEFAULT_RULES, RenameTable

_new = tuple.__new__  # an Entry made directly: its NamedTuple __new__ and _replace are Python

#: One line and its end (compiled on first use: ``re`` keeps it).
_LINE = r"[^\r\n]*(?:\r\n|\n|\r|$)"


if TYPE_CHECKING:
    from typing import TypeAlias

    from envmigrate.detect import Values
    from envmigrate.options import DEFAULT_OPTIONS as DEFAULT_OPTIONS
    from envmigrate.options import AgentIdPolicy as AgentIdPolicy
    from envmigrate.options import Options as Options
    from envmigrate.options import Prefer as Prefer

    #: What ``rewrite`` reads its choices from: the library's record or the plain one.
    Choices: TypeAlias = "Options | Chosen"

_OPTIONS = frozenset({"AgentIdPolicy", "Prefer", "Options", "DEFAULT_OPTIONS"})


def __getattr__(name: str) -> object:
    """The library's records of the choices (``envmigrate.options``), made on first use."""
    if name in _OPTIONS:
        from envmigrate import options

        return getattr(options, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Chosen:
    """The choices as plain strings: ``agent_id`` (comment, remove, keep), ``prefer``
    (new, old or None) and the rename table; what the command line passes (it never
    needs :class:`Options` or its enums)."""

    __slots__ = ("agent_id", "prefer", "rules")

    def __init__(
        self,
        agent_id: str = "comment",
        prefer: str | None = None,
        rules: RenameTable = DEFAULT_RULES,
    ) -> None:
        self.agent_id = agent_id
        self.prefer = prefer
        self.rules = rules


class RewriteResult(
    Record,
    tuple[
        str,
        bool,
        tuple[Finding, ...],
        str,
        EnvFile | None,
        dict[str, str | None] | None,
        tuple[Edit, ...],
    ],
):
    """What a rewrite does to a file: its edits (none when unchanged or refused), and why a
    file was refused. The new text is built only when asked (:attr:`text`): a dry run
    shows a diff built from the edits and never needs it.

    A NamedTuple written out (:class:`envmigrate.findings.Record`): every dry run defines it.
    """

    __slots__ = ()
    __match_args__ = ("before", "changed", "conflicts", "reason", "env_after", "values", "edits")
    _fields = __match_args__

    def __new__(
        cls,
        before: str,
        changed: bool,
        conflicts: tuple[Finding, ...] = (),
        reason: str = "",
        env_after: EnvFile | None = None,
        values: dict[str, str | None] | None = None,
        edits: tuple[Edit, ...] = (),
    ) -> RewriteResult:
        return tuple.__new__(cls, (before, changed, conflicts, reason, env_after, values, edits))

    if TYPE_CHECKING:

        @property
        def before(self) -> str: ...  # the parsed text the edits apply to
        @property
        def changed(self) -> bool: ...
        @property
        def conflicts(self) -> tuple[Finding, ...]: ...
        @property
        def reason(self) -> str: ...  # why no rewrite keeps every value ("" otherwise)
        # The new text parsed (by the check that it keeps every value; see :func:`after`).
        # The fast path's is partial (``complete=False``) and holds no text (``text ==
        # ""``): its entries' offsets are into :attr:`text`.
        @property
        def env_after(self) -> EnvFile | None: ...
        @property
        def values(self) -> dict[str, str | None] | None: ...  # resolved, if it needed them
        @property
        def edits(self) -> tuple[Edit, ...]: ...  # sorted: the diff is built from them

    else:  # read in C, as a NamedTuple's fields are (a Python property is twice as slow)
        before, changed, conflicts, reason, env_after, values, edits = (
            property(itemgetter(i)) for i in range(7)
        )

    @property
    def text(self) -> str:
        """The new text (== the old one when unchanged or refused), built on each call."""
        return diff.splice(self.before, self.edits) if self.changed else self.before

    @property
    def refused(self) -> bool:
        return bool(self.conflicts or self.reason)


_DEFAULT = Chosen()


def rewrite(
    env: EnvFile,
    *,
    options: Choices | None = None,
    path: str = "<input>",
    frozen: frozenset[int] = frozenset(),
    values: Values | None = None,
) -> RewriteResult:
    """Migrate one parsed file; pure. ``render`` the result's text to get bytes back.

    ``frozen``: bindings (by ``Entry.start``) left exactly as they are (a suppression).
    ``values``: the file's resolved values, when the caller has them already.

    This is the full proof (the whole new text is parsed and resolved); :func:`rewrite_fast`
    reaches the same decision looking only at the bindings a rewrite can touch.
    """
    assert env.complete, "rewrite needs the full parse (parse/parse_text), not a check's"
    if options is None:
        options = _DEFAULT
    if frozen:
        options = _keeping(env, options, frozen)
    return _rewrite(env, options, path, frozen, values, _parse_after)


def rewrite_fast(
    text: str, bom: bool = False, *, options: Choices | None = None, path: str = "<input>"
) -> tuple[EnvFile, RewriteResult] | None:
    """:func:`rewrite` of ``parse_text(text, bom)`` (nothing frozen), without the whole parse.

    Only the bindings a rewrite can change or must read are lexed
    (:func:`dotenv_lexer.lex_affected`: the watched names, every key whose value references
    one, transitively, and every binding their values read); every other binding keeps its
    value, so the proof over these decides as the proof over the whole file does: the same
    edits, the same refusal with the same reason, the same diff (tests/test_rewrite_fast.py
    holds the two side by side). The new text is lexed only on the edited lines, each of
    which must again be a simple line (then every line of it is one entry, as before).

    Returns the partial file (``complete=False``; its ``env_after`` is partial too) and the
    result, or None when the file is not one this path is sure of (a multi-line or escaped
    value, a CR, an unparsable line, a byte-order mark inside, a long reference chain, an
    edit that would not leave a simple line): call :func:`rewrite` on the full parse then.
    """
    if options is None:
        options = _DEFAULT
    if BOM in text:
        return None
    entries = lex_affected(text, options.rules.watched, CREDENTIAL_KEYS)
    if entries is None:
        return None
    env = EnvFile(text, tuple(entries), bom, complete=False)
    try:
        return env, _rewrite(env, options, path, frozenset(), None, _relex_after)
    except _NotSimple:
        return None


def _rewrite(
    env: EnvFile,
    options: Choices,
    path: str,
    frozen: frozenset[int],
    values: Values | None,
    reparse: Callable[[EnvFile, list[Edit]], EnvFile],
) -> RewriteResult:
    resolved = LazyValues(env, values)
    pairs = _bound_together(env, options.rules)
    if options.prefer is None and pairs:
        from envmigrate.detect import conflicts  # only names bound together can conflict

        refused = conflicts(env, path=path, rules=options.rules, resolved=resolved)
        if refused:
            return RewriteResult(env.text, False, tuple(refused))
    refusal = None
    for keep_old in _choices(env, options, pairs, resolved):
        edits = sorted(_edits(env, options, keep_old, frozen))
        changed = _changes(env.text, edits)
        after_env = reparse(env, edits) if changed else env
        refusal = _self_reference(env, options.rules, keep_old) or _changed_value(
            env, after_env, options, keep_old, _references(env, edits, after_env)
        )
        if refusal is None:
            return RewriteResult(
                env.text,
                changed,
                env_after=after_env,
                values=resolved.value,
                edits=tuple(edits) if changed else (),
            )
    assert refusal is not None
    line, key, reason = refusal
    finding = Finding("EM004", Severity.ERROR, path, line, 1, key, reason)
    return RewriteResult(
        env.text, False, (finding,), reason=Msg("{reason}; untouched", reason=reason)
    )


def _changes(text: str, edits: list[Edit]) -> bool:
    """Whether the sorted ``edits`` make a text other than ``text`` (without building it
    unless they keep its length and change some span)."""
    if not any(text[e.start : e.end] != e.text for e in edits):
        return False
    if sum(len(e.text) - (e.end - e.start) for e in edits):
        return True
    return diff.splice(text, edits) != text  # rare: edits of equal length


def _references(env: EnvFile, edits: list[Edit], after: EnvFile) -> bool:
    """Whether the old or the new text holds a ``${`` (else the environment cannot
    matter). Without a new text (the fast path's), the new one holds one only where the
    old one does or on an edited line."""
    if "${" in env.text:
        return True
    if after.complete or after.text:
        return "${" in after.text
    return any("${" in new for _start, _end, new in diff.edited_lines(env.text, edits))


def _parse_after(env: EnvFile, edits: list[Edit]) -> EnvFile:
    return parse_text(diff.splice(env.text, edits), env.bom)


class _NotSimple(Exception):
    """An edit would leave a line that is not a simple line: the fast path gives up."""


def _relex_after(env: EnvFile, edits: list[Edit]) -> EnvFile:
    """The new text's bindings of the names ``env`` (partial, simple) holds, lexed line by
    line from the edited lines alone: the new text is not built. Every edited line must be
    a simple line again (or be deleted whole), so the new text is simple too (the others
    are the old lines). The entries' offsets are into the new text, which the result does
    not hold (``text == ""``, ``complete=False``)."""
    dialect = installed_dialect()
    assert dialect is not None  # the old text was lexed line by line with it
    g = grammar(dialect)
    simple = simple_file().match  # compiled already (the old text was checked with it)
    text = env.text
    if any("\n" in e.text or "\r" in e.text for e in edits):
        raise _NotSimple
    lines: dict[int, str] = {}  # old line start -> its new text
    try:
        edited = list(diff.edited_lines(text, edits))
    except ValueError:
        raise _NotSimple from None
    for start, end, new in edited:
        if text.count("\n", start, end - 1):
            raise _NotSimple  # more than one line
        if new and text[end - 1] == "\n" and not new.endswith("\n"):
            raise _NotSimple  # the line would join the next one
        if new and simple(new) is None:  # one line (with its end): a simple one
            raise _NotSimple
        lines[start] = new  # "": the whole line goes
    deleted = [start for start, new in lines.items() if not new]  # whole lines, sorted
    # The entries (at their line starts) and the edits are both in file order: one walk
    # through each finds what moves an entry (no search, no bisect to import).
    moved = 0  # how far the edits before the entry move it
    before = 0  # the edits before it
    gone = 0  # the whole lines deleted before it
    entries = []
    for entry in env.entries:
        while before < len(edits) and edits[before].start < entry.line_start:
            edit = edits[before]
            moved += len(edit.text) - (edit.end - edit.start)
            before += 1
        while gone < len(deleted) and deleted[gone] < entry.line_start:
            gone += 1
        new_line = lines.get(entry.line_start)
        if new_line == "":
            continue
        at = entry.line_start + moved
        line = entry.line - gone
        if new_line is None:  # an old line kept as it was
            lexed = lex_line(text, g, entry.line_start, line)
            shift = at - entry.line_start
        else:
            lexed = lex_line(new_line, g, 0, line)
            shift = at
        if lexed.key is not None:
            entries.append(_shifted(lexed, shift) if shift else lexed)
    return EnvFile("", tuple(entries), env.bom, complete=False)


def _shifted(entry: Entry, by: int) -> Entry:
    """``entry`` with its offsets moved by ``by`` (a binding of a simple line has them all:
    a key, and a value after its ``=``)."""
    e = entry
    return _new(
        Entry,
        (e.start + by, e.end + by, e.line_start + by, e.line, e.column, e.key, e.value,
         e.error, e.key_start + by, e.value_start + by, e.value_end + by, e.first_line),
    )  # fmt: skip


def _keeping(env: EnvFile, options: Choices, frozen: frozenset[int]) -> Choices:
    """A frozen binding keeps its old name, so the references to it keep theirs too, and
    the value checks expect that name (not its new one) to keep its value."""
    rules = options.rules
    kept = {e.key for e in env.bindings() if e.start in frozen and e.key in rules.renames}
    if not kept:
        return options
    renames = {old: new for old, new in rules.renames.items() if old not in kept}
    return Chosen(
        options.agent_id, options.prefer, RenameTable(renames=renames, obsolete=rules.obsolete)
    )


def after(env: EnvFile, result: RewriteResult) -> EnvFile:
    """The rewritten file, parsed once: for its masked diff and the credentials it holds.

    ``rewrite`` already parsed it (to prove every value is kept); commands share that
    instead of parsing the new text again.
    """
    if result.env_after is not None:
        return result.env_after
    return parse_text(result.text, env.bom) if result.changed else env


Choice = dict[str, bool]  # old name bound with its new one -> keep the old bindings?


def _choices(
    env: EnvFile, options: Choices, pairs: list[str], resolved: LazyValues
) -> Iterator[Choice]:
    """Ways to merge each old/new pair bound together (``pairs``: their old names, from
    :func:`_bound_together`), the likeliest first (at most 16)."""
    rules = options.rules
    if not pairs:
        yield {}
        return
    values = resolved()
    first = {old: _keep_old_first(env, old, rules.renames[old], values, options) for old in pairs}
    flips = itertools.product((False, True), repeat=len(pairs))
    for flip in itertools.islice(flips, 16):
        yield {old: first[old] ^ f for old, f in zip(pairs, flip, strict=True)}


def _bound_together(env: EnvFile, rules: RenameTable) -> list[str]:
    """The old names bound in ``env`` together with their new name."""
    bound = {e.key for e in env.bindings()}
    return [old for old, new in rules.renames.items() if old in bound and new in bound]


def _keep_old_first(
    env: EnvFile, old: str, new: str, values: Mapping[str, str | None], options: Choices
) -> bool:
    if values[old] == values[new]:  # an alias of the old name goes; else the old line goes
        return all(_refers_to(env, e, old) for e in env.bindings() if e.key == new)
    return options.prefer == "old"


def _edits(
    env: EnvFile, options: Choices, keep_old: Choice, frozen: frozenset[int] = frozenset()
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
            if options.agent_id != "keep":
                dropped.add(entry.start)
                yield from _obsolete(env, entry, options.agent_id)
    yield from _reference_edits(env, rules, dropped)


def _refers_to(env: EnvFile, entry: Entry, name: str) -> bool:
    """Whether the value of ``entry`` has ``${name}`` (a bare key's span -1:-1 has none)."""
    matches = REFERENCE.finditer(env.text, entry.value_start, entry.value_end)
    return any(m["name"] == name for m in matches)


def _delete_line(entry: Entry) -> Edit:
    return Edit(entry.line_start, entry.end, "")


def _obsolete(env: EnvFile, entry: Entry, policy: str) -> Iterator[Edit]:
    if policy == "remove":
        yield _delete_line(entry)
    elif policy == "comment":
        for match in re.compile(_LINE).finditer(env.text, entry.line_start, entry.end):
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


#: Why a rewrite is refused: the line, the key and the message (a plain tuple: a NamedTuple
#: costs a dry run its definition on every start).
_Refusal = tuple[int, str, str]


def _self_reference(env: EnvFile, rules: RenameTable, keep_old: Choice) -> _Refusal | None:
    """A binding that would refer to its own name after the rewrite (and did not before)."""
    dropped = {rules.renames[old] if keep else old for old, keep in keep_old.items()}
    for entry in env.bindings():
        assert entry.key is not None
        if "${" not in (entry.value or "") or entry.key in dropped:
            continue
        # an old name not dropped is renamed (a dropped one was passed over above)
        key = rules.renames.get(entry.key, entry.key)
        matches = REFERENCE.finditer(env.text, entry.value_start, entry.value_end)
        names = {m["name"] for m in matches}
        if entry.key not in names and key in {rules.renames.get(n, n) for n in names}:
            reason = Msg(
                "{key} would refer to itself (a name in it is renamed): migrate refuses "
                "this file; write the value itself, or bind the old name above it",
                key=key,
            )
            return entry.line, key, reason
    return None


def _changed_value(
    env: EnvFile, after: EnvFile, options: Choices, keep_old: Choice, references: bool
) -> _Refusal | None:
    """Why ``after`` does not keep every resolved value of ``env``; None when it does.

    ``references``: whether either text holds a ``${`` (:func:`_references`).
    """
    rules = options.rules
    # An obsolete name's bindings go (unless kept): its own value is not compared, and a
    # suppressed binding of it stays as it was; every value that reads it is compared.
    gone = () if options.agent_id == "keep" else rules.obsolete
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
    if not references:
        cases = cases[:1]  # without a reference the environment cannot matter
    for environ, refusal in cases:
        expected = _expected(env, environ, options, keep_old)
        got = _resolve(after, {rules.renames.get(k, k): v for k, v in environ.items()}, {})
        for key in sorted(expected.keys() | got.keys()):
            if key not in gone and expected.get(key, _ABSENT) != got.get(key, _ABSENT):
                reason = Msg(refusal, key=key)
                return _line_of(env, key, rules), key, reason
    return None


def _line_of(env: EnvFile, key: str, rules: RenameTable) -> int:
    """The line of the last binding of ``key`` (or of an old name of it); 1 if none (a
    key only the new text binds: a rename table's new name that is no name)."""
    names = {key, *(old for old, new in rules.renames.items() if new == key)}
    return max((e.line for e in env.bindings() if e.key in names), default=1)


_ABSENT = object()


def _expected(
    env: EnvFile, environ: Mapping[str, str], options: Choices, keep_old: Choice
) -> dict[str, object]:
    """What every key must resolve to after the rewrite (old names under their new ones)."""
    rules = options.rules
    before = _resolve(env, environ, {})
    forced: dict[str, str] = {}
    for old in keep_old:  # both names bound: --prefer decides, both take the winner's value
        new = rules.renames[old]
        winner = before[old if options.prefer == "old" else new]
        if options.prefer is not None and before[old] != before[new] and winner is not None:
            forced |= {old: winner, new: winner}
    if forced:
        before = _resolve(env, environ, forced)
    expected: dict[str, object] = {}
    for key, value in before.items():
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
