"""The flow of one file: source -> read -> pre-filter -> scan -> (plan -> masked diff).

``check`` calls :func:`check_file` and ``migrate`` calls :func:`plan_file` once per
:class:`~envmigrate.files.Source`, whatever its kind; both record what happened in the
Report. One reader (``fileio.read``), one needle pre-filter (``registry.wanted``), one
plan type and one masked-diff path for every kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from envmigrate import fileio
from envmigrate.envfile import BOM, EnvFile, decode, parse_for_check, parse_text, resolve
from envmigrate.errors import EnvmigrateError
from envmigrate.findings import Finding
from envmigrate.i18n import Msg, _
from envmigrate.report import FileStatus, Leftover, Report
from envmigrate.scanners import registry
from envmigrate.scanners.registry import ENV
from envmigrate.suppress import ALL, Filter

_LINE_END = re.compile(r"\r\n|\r|\n")

if TYPE_CHECKING:
    from envmigrate.config import RunOptions
    from envmigrate.credentials import Credentials
    from envmigrate.diff import Edit
    from envmigrate.files import Source
    from envmigrate.rewrite import Choices


class Plan(NamedTuple):
    """A file that will change: what was read, its edits (the new text and bytes are built
    when asked: a dry run shows the diff and never needs them), the (masked) diff."""

    source: Source
    snapshot: fileio.Snapshot
    #: The text the edits apply to (as decoded, without a byte-order mark).
    before: str
    #: Sorted, non-overlapping; they make the new text of ``before``.
    edits: tuple[Edit, ...]
    #: The new bytes start with a byte-order mark (an env file that had one).
    bom: bool
    diff: str
    #: An env file's new text, parsed once (for the masked diff and the credentials).
    env_after: EnvFile | None = None
    #: An env file as it was read (parsed once, by the plan), and its values if resolved.
    env_before: EnvFile | None = None
    values_before: dict[str, str | None] | None = None

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def after(self) -> str:
        """The new text (built on each call)."""
        from envmigrate.diff import splice

        return splice(self.before, self.edits)

    @property
    def data(self) -> bytes:
        """The bytes to write (encoded when asked: a dry run never needs them)."""
        return ((BOM if self.bom else "") + self.after).encode("utf-8")

    def credentials(self) -> Credentials | None:
        """The credentials an env file holds once written (None: not an env file)."""
        if self.source.kind != ENV:
            return None
        from envmigrate import credentials  # not for a dry run

        env = self.env_after if self.env_after is not None else parse_text(self.after)
        return credentials.from_values(resolve(env), source=self.path)

    def credentials_before(self) -> Credentials | None:
        """The credentials the env file held as read (None: not an env file)."""
        if self.source.kind != ENV:
            return None
        from envmigrate import credentials

        if self.env_before is None:
            text, bom = decode(self.snapshot.data, name=self.path)
            return credentials.from_values(resolve(parse_text(text, bom)), source=self.path)
        values = self.values_before
        return credentials.from_values(
            values if values is not None else resolve(self.env_before), source=self.path
        )


def _read(source: Source, report: Report, *, lenient: bool) -> fileio.Snapshot | None:
    """The file's bytes, or None (recorded: an error, or clean for a lenient unreadable file)."""
    try:
        if source.seen is not None:  # a walk's file (or a named one): the common case
            snapshot = fileio.read_first(source.path, source.seen, listed=source.listed)
        else:
            snapshot = _snapshot(source)
        if snapshot is None:  # the same file, reached by an earlier path
            return None
    except EnvmigrateError as exc:
        if lenient:
            report.add_file(source.path, FileStatus.CLEAN)
        else:
            report.add_error(source.path, exc.message)
        return None
    if source.kind != ENV and len(snapshot.data) > registry.CODE_MAX_BYTES:
        report.add_file(source.path, FileStatus.CLEAN)  # a generated bundle or a data dump
        return None
    return snapshot


def _snapshot(source: Source) -> fileio.Snapshot | None:
    """The file's bytes; None when an earlier path already reached the same file."""
    if source.seen is not None:
        return fileio.read_first(source.path, source.seen, listed=source.listed)
    if source.stdin:
        return fileio.read_stdin(source.path)
    return fileio.read(source.path, listed=source.listed)


def _load_env(
    source: Source,
    report: Report,
    opts: RunOptions,
    snapshot: fileio.Snapshot | None = None,
    *,
    read_only: bool = False,
    lazy: bool = False,
) -> tuple[fileio.Snapshot, EnvFile] | None:
    """An env file read, checked for text, and parsed when it names a watched key.

    Decoded once and parsed once. ``read_only`` (check) may take the cheaper read of
    only the lines that mention a watched name (``envfile.parse_for_check``); ``lazy``
    (migrate) leaves the parse to the plan: an EnvFile without entries, ``complete=False``.
    """
    snapshot = snapshot or _read(source, report, lenient=False)
    if snapshot is None:
        return None
    data = snapshot.data
    try:
        if not registry.wanted(data, registry.needles(ENV, opts.rules, strict=opts.strict)):
            # Clean unless it is not text: plain ASCII without NUL needs no decoding.
            if not data.isascii() or data.find(b"\0") >= 0:  # (find: see registry.wanted)
                decode(data, name=source.path)
            report.add_file(source.path, FileStatus.CLEAN)
            return None
        text, bom = decode(data, name=source.path)
        if read_only:
            names = registry.env_names(opts.rules)
            return snapshot, parse_for_check(text, bom, names, name=source.path)
        if lazy:
            return snapshot, EnvFile(text, (), bom, complete=False)
        return snapshot, parse_text(text, bom, name=source.path)
    except EnvmigrateError as exc:
        report.add_error(source.path, exc.message)
        return None


def _code_text(snapshot: fileio.Snapshot, source: Source, opts: RunOptions) -> str | None:
    """A code file's text when it may hold a reference; None: nothing to scan (or not UTF-8)."""
    keys = registry.needles(source.kind, opts.rules, strict=opts.strict)
    if not registry.wanted(snapshot.data, keys):
        return None
    try:
        return snapshot.data.decode("utf-8")
    except UnicodeDecodeError:
        return None


# -- check --------------------------------------------------------------------------------


def check_file(
    source: Source, report: Report, opts: RunOptions, snapshot: fileio.Snapshot | None = None
) -> Credentials | None:
    """Add one file's findings to the report; return the credentials an env file holds
    when the run verifies them (``--verify``; None otherwise: nothing would read them).

    ``snapshot``: the bytes, read already (``prescan``: a code file no larger than
    ``registry.CODE_MAX_BYTES``); default: read the file.
    """
    if source.kind == ENV:
        return _check_env(source, report, opts, snapshot)
    if snapshot is None:
        snapshot = _read(source, report, lenient=not source.stdin)
        if snapshot is None:
            return None
    text = _code_text(snapshot, source, opts)
    if text is None:  # the common case: no needle (or not UTF-8), nothing to scan
        report.add_file(source.path, FileStatus.CLEAN)
        return None
    from envmigrate.scanners.hits import findings, leftovers

    hits = registry.scan(text, source.kind, opts.rules)
    keep = Filter(text, source.kind, opts.selection)
    found = keep.keep(findings(hits, text, source.path))
    found += keep.unused(source.path) if opts.strict else []
    report.add_leftovers(leftovers(hits, text, source.path, opts.rules, renamed=False))
    if opts.ui.verbose:  # the line is not even built otherwise
        opts.ui.debug(
            _("{path}: {kind}, {count} findings").format(
                path=source.path, kind=source.kind, count=len(found)
            )
        )
    report.add_findings(sorted(found, key=Finding.sort_key))
    report.add_file(source.path, FileStatus.FINDINGS if found else FileStatus.CLEAN)
    return None


def _check_env(
    source: Source, report: Report, opts: RunOptions, snapshot: fileio.Snapshot | None
) -> Credentials | None:
    loaded = _load_env(source, report, opts, snapshot, read_only=True)
    if loaded is None:
        return None
    from envmigrate.detect import scan

    env = loaded[1]
    scanned = scan(env, path=source.path, rules=opts.rules, verify=opts.verify)
    found = scanned.findings
    # Without a suppression comment or a selection, no finding is dropped and (under
    # --strict) no suppression is unused: the filter is not even built.
    if _filtered(env, opts):
        keep = _env_filter(env, opts)
        found = keep.keep(found)
        if opts.strict:
            found = sorted(found + keep.unused(source.path), key=Finding.sort_key)
    if opts.ui.verbose:  # the line is not even built otherwise
        opts.ui.debug(
            _("{path}: {entries} entries read, {count} findings").format(
                path=source.path, entries=len(env.entries), count=len(found)
            )
        )
    report.add_findings(found)
    report.add_file(source.path, FileStatus.FINDINGS if found else FileStatus.CLEAN)
    if not opts.verify:  # only --verify reads the credentials
        return None
    from envmigrate import credentials
    from envmigrate.detect import resolved

    creds = credentials.from_values(resolved(env, scanned), source=source.path)
    return creds if creds.present else None


# -- migrate ------------------------------------------------------------------------------


def plan_file(
    source: Source,
    report: Report,
    opts: RunOptions,
    options: Choices,
    snapshot: fileio.Snapshot | None = None,
) -> Plan | None:
    """The plan for one file, or None (clean, refused or unusable: recorded in the report).

    ``snapshot``: the bytes, already read (standard input); default: read the file.
    """
    if source.kind == ENV:
        return _plan_env(source, report, opts, options, snapshot)
    snapshot = snapshot or _read(source, report, lenient=False)
    if snapshot is None:
        return None
    plan = _plan_code(source, snapshot, report, opts)
    if plan is None:
        report.add_file(source.path, FileStatus.CLEAN)
    return plan


def _plan_env(
    source: Source,
    report: Report,
    opts: RunOptions,
    options: Choices,
    snapshot: fileio.Snapshot | None = None,
    *,
    fast: bool = True,
) -> Plan | None:
    """``fast``: try ``rewrite.rewrite_fast`` (only the bindings a rewrite can touch are
    lexed and proved) before the full parse and proof; False only in tests, as the oracle."""
    from envmigrate.rewrite import after, rewrite, rewrite_fast

    loaded = _load_env(source, report, opts, snapshot, lazy=True)
    if loaded is None:
        return None
    snapshot, env = loaded
    quick = None
    if fast and opts.selection == ALL:
        quick = rewrite_fast(env.text, env.bom, options=options, path=source.path)
        if quick is not None and _suppressed(quick[0]):
            quick = None  # a binding it reads may be frozen: the full proof decides
    if quick is not None:
        env, result = quick
    else:
        try:
            env = parse_text(env.text, env.bom, name=source.path)
        except EnvmigrateError as exc:
            report.add_error(source.path, exc.message)
            return None
        frozen, values = _frozen(env, source.path, opts)
        result = rewrite(env, options=options, path=source.path, frozen=frozen, values=values)
    if result.refused:
        report.add_findings(_env_filter(env, opts).keep(result.conflicts))
        report.add_leftovers(_env_leftovers(env, source, opts))
        message = result.reason or Msg(
            "old and new key set to different values; untouched (use --prefer new|old)"
        )
        report.add_file(source.path, FileStatus.REFUSED, message=message)
        return None
    if not result.changed:
        report.add_file(source.path, FileStatus.CLEAN)
        return None
    try:
        env_after = after(env, result)  # parsed once: the masked diff and the credentials
    except EnvmigrateError as exc:  # pragma: no cover - a rewrite keeps the file readable
        report.add_error(source.path, exc.message)
        return None
    diff = masked_diff(source, env.text, result.edits, opts, env=(env, env_after))
    if opts.ui.verbose:  # the line is not even built otherwise
        opts.ui.debug(
            _("{path}: {entries} entries, will change").format(
                path=source.path, entries=len(env.entries)
            )
        )
    return Plan(
        source, snapshot, env.text, result.edits, env.bom, diff, env_after, env, result.values
    )


def _suppressed(env: EnvFile) -> bool:
    """Whether a line the fast path read may hold a suppression comment.

    Only a comment on a binding's line (here every binding is one line) freezes it, and
    freezing changes the rewrite only for the bindings the fast path reads: a binding of
    a watched name (it keeps its name, and so do the references to it) or one whose value
    references one (its references keep theirs). Lines elsewhere are not looked at: the
    whole text is not scanned for them.
    """
    text = env.text
    return any("envmigrate:" in text[e.line_start : e.end] for e in env.entries)


def _plan_code(
    source: Source, snapshot: fileio.Snapshot, report: Report, opts: RunOptions
) -> Plan | None:
    from envmigrate.diff import Edit, splice
    from envmigrate.scanners.hits import findings, leftovers

    text = _code_text(snapshot, source, opts)
    if text is None:
        return None
    every = sorted(registry.scan(text, source.kind, opts.rules))
    keep = Filter(text, source.kind, opts.selection)
    hits = [
        h for h, f in zip(every, findings(every, text, source.path), strict=True) if keep.allows(f)
    ]
    edits = sorted(Edit(h.start, h.end, h.replacement) for h in hits if h.replacement is not None)
    after = splice(text, edits) if edits else text
    # What the file keeps using once written, at its positions in the new text.
    left = registry.scan(after, source.kind, opts.rules) if edits else every
    report.add_leftovers(leftovers(left, after, source.path, opts.rules, renamed=True))
    kept = {h.start for h in hits if h.replacement is None and h.key in opts.rules.renames}
    report_only = [h for h in hits if h.replacement is None and h.start not in kept]
    report.add_findings(findings(report_only, text, source.path))
    if not edits:
        return None
    diff = masked_diff(source, text, edits, opts)
    opts.ui.debug(
        _("{path}: {kind}, {count} references to rename").format(
            path=source.path, kind=source.kind, count=len(edits)
        )
    )
    return Plan(source, snapshot, text, tuple(edits), False, diff)


def _filtered(env: EnvFile, opts: RunOptions) -> bool:
    """Whether a selection or a suppression comment can touch the env file's findings."""
    return opts.selection != ALL or "envmigrate:" in env.text


def _env_filter(env: EnvFile, opts: RunOptions) -> Filter:
    """The suppressions of an env file: a comment counts for the binding it ends."""
    ends: dict[int, int] = {}
    if "envmigrate:" not in env.text:  # no suppression: only the selection decides
        return Filter(env.text, ENV, opts.selection, ends=ends)
    for entry in env.bindings():
        body = env.text[entry.line_start : entry.end].rstrip("\r\n")
        ends[entry.line] = entry.line + len(_LINE_END.findall(body))
    return Filter(env.text, ENV, opts.selection, ends=ends)


def _frozen(
    env: EnvFile, path: str, opts: RunOptions
) -> tuple[frozenset[int], dict[str, str | None] | None]:
    """Bindings a migration leaves alone: a finding on them is silenced or deselected, or
    a bare ``envmigrate: ignore`` ends them; and the values detection resolved, if any."""
    if not _filtered(env, opts):
        return frozenset(), None  # nothing silenced, nothing deselected: no second scan
    from envmigrate.detect import scan

    keep = _env_filter(env, opts)
    scanned = scan(env, path=path, rules=opts.rules)
    lines = {f.line for f in scanned.findings if not keep.allows(f)}
    lines |= {line for line in keep.ends if keep.silences_all(line)}
    return frozenset(e.start for e in env.bindings() if e.line in lines), scanned.values


def leftovers_only(source: Source, report: Report, opts: RunOptions) -> None:
    """migrate without ``--code``: a code file is only scanned for old names it keeps using.

    Nothing is recorded for the file itself (it is not migrated); an unreadable or huge one
    is passed over, as ``check`` does.
    """
    try:
        snapshot = _snapshot(source)
    except EnvmigrateError:
        return
    if snapshot is None or len(snapshot.data) > registry.CODE_MAX_BYTES:
        return
    text = _code_text(snapshot, source, opts)
    if text is not None:
        from envmigrate.scanners.hits import leftovers

        hits = registry.scan(text, source.kind, opts.rules)
        report.add_leftovers(leftovers(hits, text, source.path, opts.rules, renamed=False))


def _env_leftovers(env: EnvFile, source: Source, opts: RunOptions) -> list[Leftover]:
    """The old keys of a refused env file: they stay until the conflict is settled."""
    from envmigrate.detect import detect

    return [
        Leftover(f, "refused", opts.rules.renames[f.key])
        for f in detect(env, path=source.path, rules=opts.rules)
        if f.code in ("EM001", "EM002") and f.key in opts.rules.renames
    ]


def masked_diff(
    source: Source,
    before: str,
    edits: Sequence[Edit],
    opts: RunOptions,
    *,
    env: tuple[EnvFile, EnvFile] | None = None,
) -> str:
    """The unified diff shown for a plan, built from its (sorted) edits: values masked
    unless ``--show-secrets``; an env file's lines are masked only where they are shown."""
    from envmigrate.diff import RawView, from_edits

    # a partial parse (the fast path) knows the lines of the entries it read
    lines = {e.line_start: e.line for e in env[0].entries} if env and not env[0].complete else None
    if opts.ui.show_secrets:
        return from_edits(before, edits, source.path, RawView(before, edits), lines)
    if env is not None:
        from envmigrate.redact import EnvView

        return from_edits(before, edits, source.path, EnvView(env[0], edits, env[1]), lines)
    from envmigrate.scanners.mask import masked_diff as masked_code_diff
    from envmigrate.scanners.registry import mask_kind

    names = {*opts.rules.renames, *opts.rules.renames.values(), *opts.rules.obsolete}
    kind = mask_kind(source.kind)
    return masked_code_diff(before, edits, source.path, kind, names=names)
