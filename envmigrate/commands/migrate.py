"""``envmigrate migrate``: plan every file, show the masked diffs, confirm, write, verify.

Returns the exit code; ``boundary.guard`` is the only place that exits.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from envmigrate import fileio, render
from envmigrate.errors import EnvmigrateError, ExitCode, InputError, worst
from envmigrate.files import sources
from envmigrate.i18n import Msg, _, plural
from envmigrate.pipeline import Plan, leftovers_only, plan_file
from envmigrate.report import FileStatus, Report
from envmigrate.scanners.registry import ENV

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from envmigrate.config import RunOptions
    from envmigrate.credentials import Credentials
    from envmigrate.files import Source
    from envmigrate.rewrite import Choices


def run(opts: RunOptions) -> int:
    """Show the masked diff of every file that would change, confirm, write, verify.

    With ``opts.code``, references in code and config files are renamed as well (EM1xx).
    """
    from envmigrate.rewrite import Chosen  # plain strings: the library's enums are not made

    options = Chosen(opts.agent_id or opts.config.agent_id or "comment", opts.prefer, opts.rules)
    report = Report("migrate")
    found = sources(
        opts.paths,
        code=True,  # without --code, code is still read: what keeps using an old name?
        include=opts.config.include,
        exclude=opts.config.exclude,
        say=opts.ui.message,
        unusable=report.add_error,
        stdin_name=opts.stdin_filename,
    )
    if any(source.stdin for source in found):
        return _stdin(found, report, opts, options)
    plans = []
    for source in found:
        if source.kind != ENV and not opts.code:
            leftovers_only(source, report, opts)
        elif plan := plan_file(source, report, opts, options):
            plans.append(plan)
    if opts.fmt == "text":
        render.print_plans(report, [plan.diff for plan in plans], opts.ui)
    if plans and not opts.dry_run and _confirmed(len(plans), opts, report):
        _write(plans, report, opts)
    else:
        for plan in plans:
            report.add_file(plan.path, FileStatus.WOULD_CHANGE, plan.diff)
    changed = {f.path for f in report.files if f.status is FileStatus.CHANGED}
    after = {p.path: p.credentials() for p in plans if p.path in changed}  # resolved once
    written = [c for c in after.values() if c is not None]
    if written and opts.verify:
        from envmigrate.commands.check import verify_into  # not for a dry run

        verify_into(report, written, opts)
    elif written:
        report.add_note(
            Msg(
                "Not verified (--no-verify): run `envmigrate verify FILE` "
                "to prove the credentials work."
            )
        )
    lost_credentials(report, [p for p in plans if p.path in changed], after)
    render.print_migrate(report, opts.ui, opts.fmt)
    return report.return_code


def _stdin(found: Sequence[Source], report: Report, opts: RunOptions, options: Choices) -> int:
    """``migrate -``: the migrated text (or, when nothing changes, the text as read) goes
    to stdout, and nothing else does: no diff, no confirmation, no verification. Findings,
    errors and the summary go to stderr, and never hold a value."""
    if len(found) > 1:
        raise InputError("-: standard input is migrated on its own; drop the other paths")
    if opts.fmt != "text":
        raise InputError("-: migrate - writes the migrated text to stdout; no --format json")
    source = found[0]
    try:
        snapshot = fileio.read_stdin(source.path)
    except EnvmigrateError as exc:
        report.add_error(source.path, exc.message)
    else:
        plan = plan_file(source, report, opts, options, snapshot)
        sys.stdout.buffer.write(snapshot.data if plan is None else plan.data)
        sys.stdout.buffer.flush()
        if plan is not None:
            report.add_file(plan.path, FileStatus.CHANGED)
    for line in render.finding_lines(report):
        opts.ui.message(line)
    render.print_migrate(report, opts.ui, opts.fmt)
    return report.return_code


def lost_credentials(
    report: Report,
    written: Sequence[Plan],
    computed: Mapping[str, Credentials | None] | None = None,
) -> None:
    """A credential an env file had before the rewrite and not after: never a success.

    ``computed``: the credentials after, by path, when the caller has them already.
    """
    from envmigrate.findings import Finding, Severity
    from envmigrate.rules import CLIENT_ID, CLIENT_SECRET

    for plan in written:
        after = computed[plan.path] if computed and plan.path in computed else plan.credentials()
        before = plan.credentials_before()
        if after is None or before is None:  # not an env file
            continue
        for name, was, now in (
            (CLIENT_ID, before.client_id, after.client_id),
            (CLIENT_SECRET, before.client_secret, after.client_secret),
        ):
            if was and not now:
                message = Msg(
                    "{key} has no value after the migration (it had one before)", key=name
                )
                report.add_findings(
                    [Finding("EM008", Severity.ERROR, plan.path, 0, 0, name, message)]
                )
                report.add_note(
                    Msg("{path}: {message}: check the file", path=plan.path, message=message)
                )
                report.verification_code = worst([report.verification_code, ExitCode.FINDINGS])


def interactive() -> bool:
    """True when a person can answer a prompt (stdin is a terminal)."""
    return sys.stdin.isatty()


def _confirmed(count: int, opts: RunOptions, report: Report) -> bool:
    if opts.yes:
        return True
    if not interactive():
        report.add_error(None, Msg("no terminal to confirm on: pass --yes to write (or --dry-run)"))
        return False
    import click  # the prompt only: a plain run never loads click (see entry.py)

    question = plural("Rewrite {count} file?", "Rewrite {count} files?", count)
    return click.confirm(question, default=False, err=True)


def _write(plans: Sequence[Plan], report: Report, opts: RunOptions) -> None:
    for plan in plans:
        try:
            fileio.write_atomic(plan.snapshot, plan.data, backup=opts.backup)
        except EnvmigrateError as exc:
            report.add_error(plan.path, exc.message, plan.diff)
            continue
        report.add_file(plan.path, FileStatus.CHANGED, plan.diff)
        opts.ui.message(_("Migrated {path}").format(path=plan.path))
