"""The ``check`` and ``migrate`` commands: files -> core -> Report -> printed output.

Each command returns its exit code; ``cli.main`` is the only place that exits. Nothing
here imports the network code except inside ``_verify`` (``--verify`` / after a write).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import click

from envmigrate import credentials, fileio
from envmigrate.config import selected
from envmigrate.detect import detect, detect_environ
from envmigrate.discover import discover, is_env_name
from envmigrate.envfile import EnvFile, decode, parse, resolve
from envmigrate.errors import EnvmigrateError, ExitCode
from envmigrate.report import FileResult, FileStatus, Report
from envmigrate.rules import DEFAULT_RULES, Rules
from envmigrate.ui import Ui

if TYPE_CHECKING:  # migrate-only modules are imported where they are used
    from envmigrate.credentials import Credentials
    from envmigrate.refs.run import CodeFile, CodePlan
    from envmigrate.rewrite import Options, RewriteResult


class Loaded(NamedTuple):
    """A file read and parsed, or ``None`` for ``env`` when it holds no watched key."""

    snapshot: fileio.Snapshot
    env: EnvFile | None


def load(path: str, rules: Rules, needles: tuple[bytes, ...] | None = None) -> Loaded:
    """Read, validate and parse one file; skip parsing when no watched name occurs in it.

    The byte pre-filter keeps large trees cheap: only files that mention a DingTalk name
    (or a configured rename) are parsed. Every file is still checked for being UTF-8 text.
    """
    snapshot = fileio.read(path)
    decode(snapshot.data, name=path)
    if not any(needle in snapshot.data for needle in needles or _needles(rules)):
        return Loaded(snapshot, None)
    return Loaded(snapshot, parse(snapshot.data, name=path))


def _needles(rules: Rules) -> tuple[bytes, ...]:
    names = sorted(rules.watched)
    prefix = os.path.commonprefix(names)  # noqa: RUF071 - key names, not paths
    return (prefix.encode(),) if len(prefix) >= 4 else tuple(n.encode() for n in names)


def _targets(
    paths: Sequence[Path], ui: Ui, include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> list[str]:
    try:
        found = discover(paths or [Path(".")])
    except EnvmigrateError:
        if paths:
            raise
        ui.message("No env files found in the current directory (.env, .env.*, *.env).")
        return []
    if include or exclude:  # [tool.envmigrate] include/exclude
        named = {str(p) for p in paths}
        found = [f for f in found if selected(f, include, exclude, named=f in named)]
    return found


def _all_targets(
    paths: Sequence[Path], ui: Ui, *, code: bool, include: Sequence[str], exclude: Sequence[str]
) -> tuple[list[str], list[CodeFile]]:
    """Env files and, with ``code``, code and config files (one folder walk for both).

    Only env files named on the command line (pre-commit's case) skip the code machinery.
    """
    if not code or (paths and all(is_env_name(p.name) and not p.is_dir() for p in paths)):
        return _targets(paths, ui, include, exclude), []
    from envmigrate.refs.run import targets

    return targets(paths, ui, include, exclude)


# -- check --------------------------------------------------------------------------------


def check(
    paths: Sequence[Path],
    *,
    ui: Ui,
    environ: bool = False,
    verify: bool = False,
    strict: bool = False,
    fmt: str = "text",
    rules: Rules = DEFAULT_RULES,
    endpoint: str | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    code: bool = True,
) -> int:
    """Report findings for files and/or the environment (and code: EM1xx); read-only."""
    report = Report("check", strict=strict, environ=environ)
    targets, code_files = (
        _all_targets(paths, ui, code=code, include=include, exclude=exclude)
        if paths or not environ
        else ([], [])
    )
    creds: list[Credentials] = []
    needles = _needles(rules)
    for path in targets:
        creds.extend(_check_file(path, report, rules, verify, ui, needles))
    if code_files:
        from envmigrate.refs.run import check_files

        check_files(code_files, report, rules, ui)
    if environ:
        report.findings += detect_environ(os.environ, rules=rules, verify=verify)
        found = credentials.from_values(os.environ, source="<environ>")
        if found.present:
            creds.append(found)
    if verify:
        _verify(report, creds, ui=ui, fmt=fmt, endpoint=endpoint)
    _print_check(report, ui, fmt)
    return report.return_code


def _load_into(
    report: Report, path: str, rules: Rules, needles: tuple[bytes, ...] | None = None
) -> tuple[fileio.Snapshot, EnvFile] | None:
    """Load one file for a command; unusable or uninteresting files are recorded and skipped."""
    try:
        loaded = load(path, rules, needles)
    except EnvmigrateError as exc:
        report.errors.append(exc.message)
        report.files.append(FileResult(path, FileStatus.ERROR, message=exc.message))
        return None
    if loaded.env is None:
        report.files.append(FileResult(path, FileStatus.CLEAN))
        return None
    return loaded.snapshot, loaded.env


def _check_file(
    path: str, report: Report, rules: Rules, verify: bool, ui: Ui, needles: tuple[bytes, ...]
) -> list[Credentials]:
    loaded = _load_into(report, path, rules, needles)
    if loaded is None:
        return []
    env = loaded[1]
    found = detect(env, path=path, rules=rules, verify=verify)
    ui.debug(f"{path}: {len(env.entries)} entries, {len(found)} findings")
    report.findings += found
    report.files.append(FileResult(path, FileStatus.FINDINGS if found else FileStatus.CLEAN))
    found_creds = credentials.from_values(resolve(env), source=path)
    return [found_creds] if found_creds.present else []


def _print_check(report: Report, ui: Ui, fmt: str) -> None:
    if fmt == "json":
        ui.data(report.to_json())
        return
    for message in report.errors:
        ui.error(f"envmigrate: error: {message}")
    if fmt == "github":
        ui.data(report.github())
    else:
        for finding, line in zip(report.findings, report.finding_lines(), strict=True):
            ui.data(ui.style(line, finding.severity.value) if ui.color else line)
    for note in report.notes:
        ui.message(note)
    ui.message(report.summary())


# -- migrate ------------------------------------------------------------------------------


class Plan(NamedTuple):
    """A file that will change: what was read, the new text, and its (masked) diff."""

    path: str
    snapshot: fileio.Snapshot
    env: EnvFile
    result: RewriteResult
    diff: str

    @property
    def data(self) -> bytes:
        return self.env.render(self.result.text)


def migrate(
    paths: Sequence[Path],
    *,
    ui: Ui,
    dry_run: bool = False,
    yes: bool = False,
    backup: bool = False,
    agent_id: str | None = None,
    prefer: str | None = None,
    verify: bool = True,
    fmt: str = "text",
    rules: Rules = DEFAULT_RULES,
    endpoint: str | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    code: bool = False,
) -> int:
    """Show the masked diff of every file that would change, confirm, write, verify.

    With ``code``, references in code and config files are renamed as well (EM1xx).
    """
    from envmigrate.rewrite import AgentIdPolicy, Options, Prefer

    options = Options(
        agent_id=AgentIdPolicy(agent_id or AgentIdPolicy.COMMENT),
        prefer=Prefer(prefer) if prefer else None,
        rules=rules,
    )
    report = Report("migrate")
    targets, code_files = _all_targets(paths, ui, code=code, include=include, exclude=exclude)
    plans: list[Plan | CodePlan] = [p for t in targets if (p := _plan(t, options, report, ui))]
    if code_files:
        from envmigrate.refs.run import plan_files

        plans += plan_files(code_files, report, rules, ui)
    if fmt == "text":
        _print_plans(report, plans, ui)
    if plans and not dry_run and _confirmed(len(plans), yes=yes, ui=ui, report=report):
        _write(plans, report, ui, backup=backup)
    else:
        report.files += [FileResult(p.path, FileStatus.WOULD_CHANGE, p.diff) for p in plans]
    changed = {f.path for f in report.files if f.status is FileStatus.CHANGED}
    written = [p for p in plans if p.path in changed and isinstance(p, Plan)]
    if written and verify:
        _verify(report, [_creds_after(p) for p in written], ui=ui, fmt=fmt, endpoint=endpoint)
    elif written:
        report.notes.append(
            "Not verified (--no-verify): run `envmigrate verify FILE` "
            "to prove the credentials work."
        )
    _print_migrate(report, ui, fmt)
    return report.return_code


def _plan(path: str, options: Options, report: Report, ui: Ui) -> Plan | None:
    loaded = _load_into(report, path, options.rules)
    if loaded is None:
        return None
    snapshot, env = loaded
    from envmigrate.rewrite import rewrite

    result = rewrite(env, options=options, path=path)
    if result.refused:
        report.findings += result.conflicts
        message = "old and new key set to different values; untouched (use --prefer new|old)"
        report.files.append(FileResult(path, FileStatus.REFUSED, message=message))
        return None
    if not result.changed:
        report.files.append(FileResult(path, FileStatus.CLEAN))
        return None
    diff = _diff(env, result, path, show_secrets=ui.show_secrets)
    ui.debug(f"{path}: {len(env.entries)} entries, will change")
    return Plan(path, snapshot, env, result, diff)


def _diff(env: EnvFile, result: RewriteResult, path: str, *, show_secrets: bool) -> str:
    """The diff from the rewrite's edits, masked line by line where it is shown."""
    from envmigrate.diff import RawView, from_edits
    from envmigrate.redact import EnvView

    view = RawView(env.text, result.edits) if show_secrets else EnvView(env, result.edits)
    return from_edits(env.text, result.edits, path, view)


def _print_plans(report: Report, plans: Sequence[Plan | CodePlan], ui: Ui) -> None:
    from envmigrate.diff import color

    for plan in plans:
        ui.data(color(plan.diff) if ui.color else plan.diff)
    for line in report.finding_lines():
        ui.data(line)


def interactive() -> bool:
    """True when a person can answer a prompt (stdin is a terminal)."""
    return sys.stdin.isatty()


def _confirmed(count: int, *, yes: bool, ui: Ui, report: Report) -> bool:
    if yes:
        return True
    if not interactive():
        report.errors.append("no terminal to confirm on: pass --yes to write (or --dry-run)")
        return False
    noun = "file" if count == 1 else "files"
    return click.confirm(f"Rewrite {count} {noun}?", default=False, err=True)


def _write(plans: Sequence[Plan | CodePlan], report: Report, ui: Ui, *, backup: bool) -> None:
    for plan in plans:
        try:
            fileio.write_atomic(plan.snapshot, plan.data, backup=backup)
        except EnvmigrateError as exc:
            report.errors.append(exc.message)
            report.files.append(FileResult(plan.path, FileStatus.ERROR, plan.diff, exc.message))
            continue
        report.files.append(FileResult(plan.path, FileStatus.CHANGED, plan.diff))
        ui.message(f"Migrated {plan.path}")


def _creds_after(plan: Plan) -> Credentials:
    values = resolve(parse(plan.result.text))
    return credentials.from_values(values, source=plan.path)


def _print_migrate(report: Report, ui: Ui, fmt: str) -> None:
    if fmt == "json":
        ui.data(report.to_json())
        return
    for message in report.errors:
        ui.error(f"envmigrate: error: {message}")
    for note in report.notes:
        ui.message(note)
    ui.message(report.summary())


# -- verification (the only door to the network code) --------------------------------------


def _verify(
    report: Report, creds: list[Credentials], *, ui: Ui, fmt: str, endpoint: str | None
) -> None:
    if not creds:
        report.notes.append("Nothing to verify: no DingTalk credentials found.")
        return
    from envmigrate.verify.commands import verify_for_report

    outcome = verify_for_report(creds, ui=ui, render_text=fmt == "text", endpoint=endpoint)
    report.verification = outcome.results
    report.verification_code = ExitCode(outcome.exit_code)
