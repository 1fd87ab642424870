"""The glue between the reference scanners and the ``check``/``migrate`` commands.

``targets`` splits the PATH arguments into env files and code files in one folder walk;
``check_files`` adds EM1xx findings to a Report; ``plan_files`` computes the rewrites
``migrate --code`` shows (masked) and writes with ``fileio.write_atomic``. A file that
does not contain one of the watched names costs one read (the byte pre-filter).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from envmigrate import fileio
from envmigrate.config import selected
from envmigrate.discover import discover, is_env_name
from envmigrate.errors import EnvmigrateError, InputError
from envmigrate.model import Finding
from envmigrate.refs.model import Hit, findings
from envmigrate.report import FileResult, FileStatus, Report
from envmigrate.rules import Rules
from envmigrate.ui import Ui

#: Code files larger than this are skipped (generated bundles, data dumps).
MAX_BYTES = 4 * 1024 * 1024
CodeFile = tuple[str, str]  # (path, kind)
CLIENT = b"DingTalkStreamClient"


def scanner(kind: str) -> Callable[[str, Rules], list[Hit]]:
    """The scanner for a kind of file (imported on first use: start-up stays light)."""
    from envmigrate.refs import deps, python, text, yaml

    scanners: dict[str, Callable[[str, Rules], list[Hit]]] = {
        "python": python.scan,
        "js": text.scan_js,
        "shell": text.scan_shell,
        "docker": text.scan_docker,
        "yaml": yaml.scan,
        "deps": lambda source, _rules: deps.scan(source),
    }
    return scanners[kind]


class Targets(NamedTuple):
    env: list[str]
    code: list[CodeFile]


def targets(
    paths: Sequence[Path], ui: Ui, include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> Targets:
    """Env files and code files for PATH arguments (default: the current folder)."""
    from envmigrate.refs.walk import kind_of, walk

    found = Targets([], [])
    for path in paths or [Path(".")]:
        if not path.is_dir():
            name = str(discover([path])[0])
            kind = None if is_env_name(path.name) else kind_of(path.name)
            found.env.append(name) if kind is None else found.code.append((name, kind))
            continue
        inside = walk(str(path))
        if not (inside.env or inside.code):
            if paths:
                raise InputError(f"{path}: no env files found (.env, .env.*, *.env)")
            ui.message("No env files or code found in the current directory.")
        found.env.extend(inside.env)
        found.code.extend(inside.code)
    if include or exclude:
        named = {str(p) for p in paths}
        found.env[:] = [f for f in found.env if selected(f, include, exclude, named=f in named)]
        found.code[:] = [
            f for f in found.code if selected(f[0], include, exclude, named=f[0] in named)
        ]
    return Targets(list(dict.fromkeys(found.env)), list(dict.fromkeys(found.code)))


def needles(rules: Rules) -> tuple[bytes, ...]:
    """Byte strings one of which every interesting file contains."""
    names = sorted({*rules.renames, *rules.obsolete})
    prefix = os.path.commonprefix(names)  # noqa: RUF071 - key names, not paths
    base = [prefix] if len(prefix) >= 4 else names
    return tuple({*(n.encode() for n in base), *(n.lower().encode() for n in base), CLIENT})


def _read(path: str) -> bytes | None:
    """The file's bytes (one ``read`` for the usual small file), or None: unreadable, huge."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return None
    try:
        size = os.fstat(fd).st_size
        if size > MAX_BYTES:
            return None
        data = os.read(fd, size + 1)
        while len(data) > size and len(data) <= MAX_BYTES:  # grew since fstat
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            data += chunk
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) <= MAX_BYTES else None


_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


def scan_bytes(data: bytes, kind: str, path: str, rules: Rules) -> tuple[str, list[Hit]] | None:
    """Decoded text and hits, or None for a file that is not UTF-8 text."""
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    hits = {hit.start: hit for hit in scanner(kind)(source, rules)}
    return source, sorted(hits.values())


def check_files(files: Sequence[CodeFile], report: Report, rules: Rules, ui: Ui) -> None:
    """Add the EM1xx findings of every file to the report (read-only)."""
    keys = needles(rules)
    for path, kind in files:
        data = _read(path)
        found: list[Finding] = []
        if data is not None and (kind == "deps" or any(k in data for k in keys)):
            scanned = scan_bytes(data, kind, path, rules)
            if scanned is not None:
                found = findings(scanned[1], scanned[0], path)
                ui.debug(f"{path}: {kind}, {len(found)} findings")
        report.findings += found
        report.files.append(FileResult(path, FileStatus.FINDINGS if found else FileStatus.CLEAN))


# -- migrate --code -----------------------------------------------------------------------


class CodePlan(NamedTuple):
    """A code file that will change: what was read, the new bytes, and the (masked) diff."""

    path: str
    snapshot: fileio.Snapshot
    data: bytes
    diff: str


def plan_files(files: Sequence[CodeFile], report: Report, rules: Rules, ui: Ui) -> list[CodePlan]:
    """Rewrites for every code file with a fixable reference; what needs a person is reported."""
    keys = needles(rules)
    plans = []
    for path, kind in files:
        try:
            snapshot = fileio.read(path)
        except EnvmigrateError as exc:
            report.errors.append(exc.message)
            report.files.append(FileResult(path, FileStatus.ERROR, message=exc.message))
            continue
        plan = None
        if kind == "deps" or any(k in snapshot.data for k in keys):
            plan = _plan(path, kind, snapshot, report, rules, ui)
        if plan is None:
            report.files.append(FileResult(path, FileStatus.CLEAN))
        else:
            plans.append(plan)
    return plans


def _plan(
    path: str, kind: str, snapshot: fileio.Snapshot, report: Report, rules: Rules, ui: Ui
) -> CodePlan | None:
    from envmigrate.diff import Edit, splice
    from envmigrate.refs.mask import masked_diff

    scanned = scan_bytes(snapshot.data, kind, path, rules)
    if scanned is None:
        return None
    source, hits = scanned
    report.findings += findings([h for h in hits if h.replacement is None], source, path)
    edits = sorted(Edit(h.start, h.end, h.replacement) for h in hits if h.replacement is not None)
    if not edits:
        return None
    after = splice(source, edits)
    names = {*rules.renames, *rules.renames.values(), *rules.obsolete}
    diff = masked_diff(source, edits, path, kind, show_secrets=ui.show_secrets, names=names)
    ui.debug(f"{path}: {kind}, {len(edits)} references to rename")
    return CodePlan(path, snapshot, after.encode("utf-8"), diff)
