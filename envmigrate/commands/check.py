"""``envmigrate check``: every file once through the pipeline, findings into a Report.

Read-only. Returns the exit code; ``boundary.guard`` is the only place that exits.
"""

from __future__ import annotations

import os
from contextlib import closing
from typing import TYPE_CHECKING

from envmigrate import credentials, render
from envmigrate.files import sources
from envmigrate.i18n import Msg
from envmigrate.pipeline import check_file
from envmigrate.prescan import Clean, reads
from envmigrate.report import FileStatus, Report

if TYPE_CHECKING:
    from envmigrate.config import RunOptions
    from envmigrate.credentials import Credentials


def run(opts: RunOptions) -> int:
    """Report findings for files and/or the environment (and code: EM1xx)."""
    report = Report("check", strict=opts.strict, environ=opts.environ)
    creds: list[Credentials] = []
    if opts.paths or not opts.environ:
        found = sources(
            opts.paths,
            code=opts.code,
            include=opts.config.include,
            exclude=opts.config.exclude,
            say=opts.ui.message,
            unusable=report.add_error,
            stdin_name=opts.stdin_filename,
        )
        with closing(reads(found, opts.rules, strict=opts.strict)) as known:
            for source, read in known:
                if isinstance(read, Clean):  # read by the forked reader: nothing to scan
                    report.add_file(source.path, FileStatus.CLEAN)
                elif (held := check_file(source, report, opts, read)) is not None:
                    creds.append(held)
    if opts.environ:
        from envmigrate.detect import detect_environ

        from_environ = detect_environ(os.environ, rules=opts.rules, verify=opts.verify)
        report.add_findings(f for f in from_environ if opts.selection.wants(f.code))
        held = credentials.from_values(os.environ, source="<environ>")
        if held.present:
            creds.append(held)
    if opts.verify:
        verify_into(report, creds, opts)
    render.print_check(report, opts.ui, opts.fmt)
    return report.return_code


def verify_into(report: Report, creds: list[Credentials], opts: RunOptions) -> None:
    """Verify the credentials found (the only door to the network code) into the report."""
    if not creds:
        report.add_note(Msg("Nothing to verify: no DingTalk credentials found."))
        return
    from envmigrate.commands.verify import verify_for_report

    outcome = verify_for_report(
        creds, ui=opts.ui, endpoint=opts.endpoint, timeout=opts.timeout, retries=opts.retries
    )
    report.set_verification(outcome.results, outcome.exit_code, endpoint=outcome.endpoint)
