"""EnvFile -> findings (EM001–EM008). Pure: no I/O, values never enter a message."""

import functools
from collections.abc import Callable, Iterator, Mapping
from typing import NamedTuple

from envmigrate import rules as R
from envmigrate.dotenv_lexer import REFERENCE
from envmigrate.envfile import Entry, EnvFile, LazyValues, resolve
from envmigrate.findings import Finding, Severity
from envmigrate.i18n import Msg
from envmigrate.rules import DEFAULT_RULES, RenameTable

ENVIRON = "<environ>"
Values = dict[str, str | None]


def rename_code(old: str) -> str:
    """EM002 for the secret rename, EM001 for every other rename (user renames included)."""
    return "EM002" if old == R.APP_SECRET else "EM001"


class Scan(NamedTuple):
    """A file's findings and its resolved values (``values`` is None if never needed)."""

    findings: list[Finding]
    values: Values | None


def detect(
    env: EnvFile, *, path: str, rules: RenameTable = DEFAULT_RULES, verify: bool = False
) -> list[Finding]:
    """All findings for one parsed file, sorted by position."""
    return scan(env, path=path, rules=rules, verify=verify).findings


def scan(
    env: EnvFile, *, path: str, rules: RenameTable = DEFAULT_RULES, verify: bool = False
) -> Scan:
    """Findings plus the resolved values, resolving the file at most once.

    Commands that also need the values (credentials for ``--verify``) call this instead of
    ``detect`` + ``resolve``: :func:`resolved` reuses what detection computed.
    """
    plain = _scan_plain(env, path, rules, verify)
    if plain is not None:
        return Scan(plain, None)
    values = LazyValues(env)
    findings = [
        *_deprecated(env, path, rules),
        *_pairs(env, path, rules, values),
        *_references(env, path, rules),
        *_unparsable(env, path),
        *_placeholders(env, path, verify, values),
    ]
    return Scan(sorted(findings, key=Finding.sort_key), values.value)


def conflicts(
    env: EnvFile,
    *,
    path: str,
    rules: RenameTable = DEFAULT_RULES,
    resolved: Callable[[], Values] | None = None,
) -> list[Finding]:
    """Only the EM004 findings (old and new name set to different values), sorted by
    position like every list of findings.

    ``resolved`` gives the file's values when a pair needs them (shared with the caller).
    """
    found = _pairs(env, path, rules, resolved or LazyValues(env))
    return sorted((f for f in found if f.code == "EM004"), key=Finding.sort_key)


def resolved(env: EnvFile, found: Scan) -> Values:
    """The values ``scan`` resolved, or resolve now if detection did not need them."""
    return found.values if found.values is not None else resolve(env)


def detect_environ(
    environ: Mapping[str, str], *, rules: RenameTable = DEFAULT_RULES, verify: bool = False
) -> list[Finding]:
    """Findings for the process environment (CI secrets): names only, no positions."""
    found: list[Finding] = []

    def add(code: str, severity: Severity, key: str, message: str) -> None:
        found.append(Finding(code, severity, ENVIRON, 0, 0, key, message))

    for old, new in rules.renames.items():
        if old in environ:
            message = Msg("{old} is deprecated: rename it to {new}", old=old, new=new)
            add(rename_code(old), Severity.ERROR, old, message)
        if old in environ and new in environ:
            if environ[old] == environ[new]:
                message = Msg("{old} duplicates {new} with the same value", old=old, new=new)
                add("EM005", Severity.WARNING, old, message)
            else:
                add(
                    "EM004",
                    Severity.ERROR,
                    old,
                    Msg("{old} and {new} are both set, to different values", old=old, new=new),
                )
    for key in rules.obsolete:
        if key in environ:
            add("EM003", Severity.WARNING, key, _obsolete_message(key))
    severity = Severity.ERROR if verify else Severity.WARNING
    for key in sorted(R.CREDENTIAL_KEYS & environ.keys()):
        if R.is_placeholder(environ[key]):
            add("EM008", severity, key, Msg("{key} is empty or a placeholder", key=key))
    if verify:
        for new, old in ((R.CLIENT_ID, R.APP_KEY), (R.CLIENT_SECRET, R.APP_SECRET)):
            if new not in environ and old not in environ:
                add("EM008", Severity.ERROR, new, Msg("{key} is not set", key=new))
    return found


def _scan_plain(env: EnvFile, path: str, rules: RenameTable, verify: bool) -> list[Finding] | None:
    """``scan``'s findings in one pass over the entries, for a file where every value is
    its own text (no value holds ``${``) and no line is unparsable; None for any other
    file (``scan`` then takes the general path, which tests/test_check_plain.py holds as
    the oracle of this one).

    Such a file resolves to its literal values (the last binding of a key wins), refers
    to nothing (no EM006) and has no EM007: the pairs and the placeholders compare and
    test the values as written, and nothing is resolved.
    """
    renames, obsolete, watched = rules.renames, rules.obsolete, rules.watched
    found: list[Finding] = []
    last: dict[str, Entry] = {}  # the last binding of each watched or credential key
    for entry in env.entries:
        if entry.error:
            return None
        key = entry.key
        if key is None:
            continue
        value = entry.value
        if value is not None and "${" in value:
            return None
        if key in renames or key in obsolete:
            found.append(_key_finding(entry, key, path, rules))
        if key in watched or key in R.CREDENTIAL_KEYS:
            last[key] = entry
    for old, new in renames.items():
        if old in last and new in last:
            same = last[old].value == last[new].value
            found.append(_pair_finding(path, old, new, last, same))
    severity = Severity.ERROR if verify else Severity.WARNING
    for key, entry in last.items():
        if key in R.CREDENTIAL_KEYS and R.is_placeholder(entry.value):
            found.append(_placeholder_finding(path, key, entry, entry.value, severity))
    found.sort(key=Finding.sort_key)
    return found


def _finding(code: str, severity: Severity, path: str, entry: Entry, message: str) -> Finding:
    assert entry.key is not None
    return _new(Finding, (code, severity, path, entry.line, entry.column, entry.key, message))


_new = tuple.__new__  # a Finding made directly: its NamedTuple __new__ is a Python function


def _deprecated(env: EnvFile, path: str, rules: RenameTable) -> Iterator[Finding]:
    renames, obsolete = rules.renames, rules.obsolete
    for entry in env.bindings():
        key = entry.key
        assert key is not None
        if key in renames or key in obsolete:
            yield _key_finding(entry, key, path, rules)


def _key_finding(entry: Entry, key: str, path: str, rules: RenameTable) -> Finding:
    """EM001/EM002 for a binding of an old name, else EM003 (an obsolete one)."""
    if key in rules.renames:
        message = _renamed_message(key, rules.renames[key])
        return _finding(rename_code(key), Severity.ERROR, path, entry, message)
    return _finding("EM003", Severity.WARNING, path, entry, _obsolete_message(key))


@functools.cache
def _renamed_message(old: str, new: str) -> str:
    """One message per rename (``Msg`` is immutable: findings may share it)."""
    return Msg("{old} is deprecated: rename it to {new}", old=old, new=new)


@functools.cache
def _obsolete_message(key: str) -> str:
    if key == R.AGENT_ID:
        return Msg(
            "{key} is not needed in Stream mode "
            "(only the work-notification API still takes an agent id)",
            key=key,
        )
    # Every built-in obsolete name is the agent id (rules.OBSOLETE); the others come from
    # the user's configuration.
    return Msg("{key} is listed as obsolete in your configuration", key=key)


def _pairs(
    env: EnvFile, path: str, rules: RenameTable, resolved: Callable[[], Values]
) -> Iterator[Finding]:
    watched = rules.watched
    last: dict[str, Entry] = {e.key: e for e in env.bindings() if e.key in watched}
    if not any(old in last and new in last for old, new in rules.renames.items()):
        return
    values = resolved()
    for old, new in rules.renames.items():
        if old in last and new in last:
            yield _pair_finding(path, old, new, last, values[old] == values[new])


def _pair_finding(path: str, old: str, new: str, last: Mapping[str, Entry], same: bool) -> Finding:
    """EM005 (the old and the new name hold the same value) or EM004, on the old name's
    last binding; ``last``: the last binding of each name."""
    names = {"old": old, "new": new, "line": last[new].line}
    if same:
        message = Msg(
            "{old} duplicates {new} (line {line}) with the same value: migrate drops it",
            **names,
        )
        return _finding("EM005", Severity.WARNING, path, last[old], message)
    message = Msg(
        "{old} and {new} (line {line}) are both set, to different values: "
        "migrate refuses this file unless --prefer new|old",
        **names,
    )
    return _finding("EM004", Severity.ERROR, path, last[old], message)


def _references(env: EnvFile, path: str, rules: RenameTable) -> Iterator[Finding]:
    for entry in env.bindings():
        if entry.value is None or "${" not in entry.value:  # a bare key, or no reference
            continue
        for match in REFERENCE.finditer(env.text, entry.value_start, entry.value_end):
            old = match["name"]
            if old in rules.renames:
                column = match.start() - _line_start(env.text, match.start()) + 1
                line = entry.line + _newlines(env.text, entry.line_start, match.start())
                message = Msg(
                    "value refers to deprecated {old}: becomes ${{{new}}}",
                    old=old,
                    new=rules.renames[old],
                )
                assert entry.key is not None
                yield Finding("EM006", Severity.WARNING, path, line, column, entry.key, message)


def _line_start(text: str, pos: int) -> int:
    return max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1


def _newlines(text: str, start: int, end: int) -> int:
    chunk = text[start:end]
    return chunk.count("\n") + chunk.count("\r") - chunk.count("\r\n")


def _unparsable(env: EnvFile, path: str) -> Iterator[Finding]:
    for entry in env.entries:
        if entry.error:
            message = Msg("python-dotenv cannot parse this line (it is ignored and left untouched)")
            yield Finding("EM007", Severity.WARNING, path, entry.line, entry.column, "", message)


def _placeholders(
    env: EnvFile, path: str, verify: bool, resolved: Callable[[], Values]
) -> Iterator[Finding]:
    last: dict[str, Entry] = {e.key: e for e in env.bindings() if e.key in R.CREDENTIAL_KEYS}
    if not last:
        return
    values = resolved()
    severity = Severity.ERROR if verify else Severity.WARNING
    for key, entry in last.items():
        if R.is_placeholder(values[key]):
            yield _placeholder_finding(path, key, entry, values[key], severity)


def _placeholder_finding(
    path: str, key: str, entry: Entry, value: str | None, severity: Severity
) -> Finding:
    """EM008 for a credential whose (resolved) value is empty or a placeholder."""
    return _finding(
        "EM008", severity, path, entry, _placeholder_message(key, not (value or "").strip())
    )


@functools.cache
def _placeholder_message(key: str, empty: bool) -> str:
    return Msg("{key} is empty", key=key) if empty else Msg("{key} is a placeholder", key=key)
