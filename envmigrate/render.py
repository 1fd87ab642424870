"""All output: findings, summaries, diffs, the verification block, JSON and annotations.

Functions named ``*_text``/``*_json``/``github`` return strings; ``check``, ``migrate`` and
``verify`` print a whole Report in the documented order (data on stdout, messages on
stderr): findings, then the verification block, then notes and the summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from envmigrate import __version__
from envmigrate.errors import ExitCode
from envmigrate.findings import Finding, Severity
from envmigrate.i18n import N_, Msg, _, error_line, plural, tr
from envmigrate.report import FileStatus, Report
from envmigrate.ui import posix_path

if TYPE_CHECKING:
    from envmigrate.ui import Ui

#: Version of every JSON document (check, migrate and verify).
JSON_VERSION = 1

VERDICTS = {
    "verified": ("ok", N_("verified: DingTalk accepted these credentials")),
    "rejected": ("error", N_("rejected: DingTalk refused these credentials")),
    "inconclusive": ("warning", N_("inconclusive: could not tell (nothing says they are wrong)")),
    "skipped": ("dim", N_("skipped")),
}


def verification_text(results: Sequence[dict[str, object]], *, endpoint: str, ui: Ui) -> str:
    """One block per credential set: a header, a line per step (hint below a failure), verdict."""
    blocks = [_block(result, endpoint, ui) for result in results]
    return "\n".join(blocks)


def _block(result: dict[str, object], endpoint: str, ui: Ui) -> str:
    status = str(result["status"])
    source = ui.style(str(result["source"]), "path")
    lines = [_("verify {source} against {endpoint}").format(source=source, endpoint=endpoint)]
    steps = result["steps"]
    for step in steps if isinstance(steps, list) else []:
        lines += _step_lines(step, ui)
    notes = result["notes"]
    for note in notes if isinstance(notes, list) else []:
        lines.append("  " + _("note: {note}").format(note=tr(note)))
    kind, verdict = VERDICTS[status]
    lines.append("  " + ui.style(_(verdict), kind))
    return "\n".join(lines)


def _step_lines(step: dict[str, object], ui: Ui) -> list[str]:
    ok = step["status"] == "ok"
    mark = ui.style("ok    ", "ok") if ok else ui.style("FAILED", "error")
    head = f"  {step['step']:<7}{mark} {step['latency_ms']:>6} ms  "
    if ok:
        return [head + _detail(step["detail"]) + _attempts(step)]
    facts = [f"HTTP {step['http_status']}"] if step["http_status"] else []
    facts += [f"{name} {step[name]}" for name in ("code", "requestid") if step[name]]
    detail = _detail(step["detail"]) + (f" ({', '.join(facts[1:])})" if len(facts) > 1 else "")
    lines = [
        head + ui.style(str(step["classification"]), "code") + ": " + detail + _attempts(step),
    ]
    if step.get("message"):
        said = server_text(str(step["message"]))
        lines.append(" " * 24 + _("DingTalk says: {message}").format(message=said))
    return [*lines, " " * 24 + _("hint: {hint}").format(hint=tr(step["hint"]))]


def _detail(text: object) -> str:
    """A step's detail; a plain one joined from phrases (``a; b``) is translated per phrase."""
    if not isinstance(text, str) or isinstance(text, Msg):
        return tr(text)
    return _("; ").join(tr(part) for part in text.split("; "))


#: The longest piece of server text shown.
SERVER_TEXT_LIMIT = 200


def server_text(text: str, limit: int = SERVER_TEXT_LIMIT) -> str:
    """Text a server sent, safe for a terminal: control characters become ``\\x..`` escapes
    (no escape sequence, no forged line), cut to ``limit`` characters. The verification
    results already hold it escaped (``redact.untrusted``): then this changes nothing."""
    shown = "".join(
        c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"
        for c in text
    )
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _attempts(step: dict[str, object]) -> str:
    count = step["attempts"]
    if not isinstance(count, int) or count < 2:
        return ""
    return " " + plural("[{count} attempt]", "[{count} attempts]", count)


def verification_json(
    results: Sequence[dict[str, object]], *, endpoint: str, exit_code: ExitCode
) -> str:
    """The ``verify --format json`` document."""
    import json  # only JSON output pays for it

    statuses = {str(r["status"]) for r in results}
    overall = {0: "verified", 1: "rejected"}.get(int(exit_code), "inconclusive")
    if statuses == {"skipped"}:
        overall = "skipped"
    document = {
        "version": JSON_VERSION,
        "tool": {"name": "envmigrate", "version": __version__},
        "command": "verify",
        "endpoint": endpoint,
        "status": overall,
        "exit_code": int(exit_code),
        "results": list(results),
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


# -- check and migrate reports ------------------------------------------------------------


#: Formats that print the whole report as one document (on stdout or into --output-file).
DOCUMENT_FORMATS = ("json", "sarif", "markdown")


def document(report: Report, fmt: str) -> str:
    """The whole report as a JSON, SARIF or Markdown document."""
    if fmt == "json":
        return report_json(report)
    if fmt == "sarif":
        from envmigrate import sarif

        return sarif.render(report_dict(report))
    from envmigrate import markdown

    return markdown.render(report_dict(report))


def _print_document(report: Report, ui: Ui, fmt: str) -> None:
    """The document, its errors also on stderr; SARIF and Markdown add the summary there."""
    ui.data(document(report, fmt))
    for message in report.errors:
        ui.error(error_line(message))
    if fmt != "json":
        ui.message(summary(report))


def print_check(report: Report, ui: Ui, fmt: str) -> None:
    """Findings, then the verification block (``--verify``), then notes and the summary."""
    if fmt in DOCUMENT_FORMATS:
        _print_document(report, ui, fmt)
        return
    for message in report.errors:
        ui.error(error_line(message))
    if fmt == "github":
        ui.data(github(report))
    elif ui.color:
        for finding, line in zip(report.findings, finding_lines(report), strict=True):
            ui.data(ui.style(line, finding.severity.value))
    elif report.findings:  # one write for them all, each line ended as ui.data ends it
        ui.data(
            "".join(line if line.endswith("\n") else line + "\n" for line in finding_lines(report))
        )
    if fmt == "text":
        _print_verification(report, ui)
    _print_end(report, ui)


def print_plans(report: Report, diffs: Sequence[str], ui: Ui) -> None:
    """migrate: every diff, then the findings that need a person."""
    from envmigrate.diff import color

    for diff in diffs:
        ui.data(color(diff) if ui.color else diff)
    for line in finding_lines(report):
        ui.data(line)


def print_migrate(report: Report, ui: Ui, fmt: str) -> None:
    """After the writes: the verification block, errors, notes and the summary."""
    if fmt in DOCUMENT_FORMATS:
        _print_document(report, ui, fmt)
        return
    _print_verification(report, ui)
    for message in report.errors:
        ui.error(error_line(message))
    _print_end(report, ui)


def _print_verification(report: Report, ui: Ui) -> None:
    if report.verification:
        ui.data(verification_text(report.verification, endpoint=report.endpoint, ui=ui))


def _print_end(report: Report, ui: Ui) -> None:
    for note in report.notes:
        ui.message(tr(note))
    for line in verdict_lines(report):
        ui.message(line)
    ui.message(summary(report))


#: Why a place still uses an old name, and what finishes the job.
REASONS = {
    "code": N_("code: run `envmigrate migrate --code`"),
    "manual": N_("rename it by hand"),
    "refused": N_("its file was refused: settle the conflict (--prefer new|old)"),
    "store": N_("a secret kept in a store: see the next steps"),
}


def verdict_lines(report: Report) -> list[str]:
    """migrate's completeness verdict (check: the store commands only); [] when complete."""
    lines = []
    if report.command == "migrate" and report.leftovers:
        count = len(report.leftovers)
        if _nothing_written(report):
            head = plural(
                "Migration incomplete: {count} place would still use the old names:",
                "Migration incomplete: {count} places would still use the old names:",
                count,
            )
        else:
            head = plural(
                "Migration incomplete: {count} place still uses the old names:",
                "Migration incomplete: {count} places still use the old names:",
                count,
            )
        lines.append(head)
        lines += _leftover_lines(report)
    steps = next_steps(report)
    if steps:
        lines.append(_("Next steps for secrets kept in stores (no values are printed):"))
        lines += [f"  {step}" for step in steps]
        from envmigrate.stores import ORDER

        lines.append(_(ORDER))
    return lines


def _leftover_lines(report: Report) -> list[str]:
    """One line per place; code left for ``--code`` is one line per file."""
    lines, per_file = [], dict[str, int]()
    for lo in report.leftovers:
        if lo.reason == "code":
            per_file[lo.finding.path] = per_file.get(lo.finding.path, 0) + 1
            continue
        where = f"{_where(lo.finding)}: {lo.finding.code} {lo.finding.key} -> {lo.new}"
        lines.append(f"  {where} ({_(REASONS[lo.reason])})")
    lines += [
        f"  {path}: "
        + plural(
            "{count} place ({reason})",
            "{count} places ({reason})",
            count,
            reason=_(REASONS["code"]),
        )
        for path, count in per_file.items()
    ]
    return lines


def next_steps(report: Report) -> list[str]:
    """The exact commands (never values) that rename the secrets kept in stores."""
    pending = [(lo.store, lo.finding.key, lo.new) for lo in report.leftovers if lo.store]
    if not pending:
        return []
    from envmigrate import stores  # only a run that met a secret store pays for it

    return stores.next_steps(pending)


def _nothing_written(report: Report) -> bool:
    return not report.status_count(FileStatus.CHANGED) and bool(
        report.status_count(FileStatus.WOULD_CHANGE)
    )


def finding_lines(report: Report) -> list[str]:
    return [f"{_where(f)}: {f.code} {tr(f.message)}" for f in report.findings]


def github(report: Report) -> str:
    lines = [_github_line(f) for f in report.findings]
    lines += [_github_verification(r) for r in report.verification or () if _failed(r)]
    return "".join(line + "\n" for line in lines)


def summary(report: Report) -> str:
    """One line for stderr: counts, in black's "would"/"done" wording, then the verdict."""
    counts = _check_summary(report) if report.command == "check" else _migrate_summary(report)
    if report.verification is None:
        return counts
    verdict = _VERDICTS[report.verification_code]
    if all(r.get("status") == "skipped" for r in report.verification):
        verdict = N_("credentials not verified (skipped)")
    return _("{counts}; {verdict}.").format(counts=counts[:-1], verdict=_(verdict))


def _check_summary(report: Report) -> str:
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    files = plural("{count} file", "{count} files", len(report.files))
    if report.environ and (report.files or not report.environ):
        scope = _("{files} and the environment").format(files=files)
    else:
        scope = _("the environment") if report.environ else files
    unusable = report.status_count(FileStatus.ERROR)
    checked = _("{scope} checked").format(scope=scope)
    if unusable:
        checked = _("{scope} checked ({count} unusable)").format(scope=scope, count=unusable)
    if not errors and not warnings:
        clean = report.verification_code is ExitCode.OK and not unusable and not report.errors
        head = _("All clean: {checked}.") if clean else _("No findings: {checked}.")
        return head.format(checked=checked)
    found = _("{errors} and {warnings}").format(
        errors=plural("{count} error", "{count} errors", errors),
        warnings=plural("{count} warning", "{count} warnings", warnings),
    )
    return _("Found {found}; {checked}.").format(found=found, checked=checked)


def _migrate_summary(report: Report) -> str:
    changed, would, refused, failed = (
        report.status_count(status)
        for status in (
            FileStatus.CHANGED,
            FileStatus.WOULD_CHANGE,
            FileStatus.REFUSED,
            FileStatus.ERROR,
        )
    )
    # A file that keeps an old name (a store, code without --code) is not "clean".
    unchanged = {f.path for f in report.files if f.status is FileStatus.CLEAN}
    left = {lo.finding.path for lo in report.leftovers if lo.reason != "refused"}
    using, clean = len(left), len(unchanged - left)
    counted = [
        (changed, plural("{count} file migrated", "{count} files migrated", changed)),
        (would, plural("{count} file would be migrated", "{count} files would be migrated", would)),
        (
            refused,
            plural("{count} file refused (conflict)", "{count} files refused (conflict)", refused),
        ),
        (failed, plural("{count} file failed", "{count} files failed", failed)),
        (
            using,
            plural(
                "{count} file still using old names", "{count} files still using old names", using
            ),
        ),
        (clean, plural("{count} file already clean", "{count} files already clean", clean)),
    ]
    parts = [text for count, text in counted if count]
    return _("{parts}.").format(parts=_(", ").join(parts)) if parts else _("Nothing to migrate.")


def report_json(report: Report, *, exit_code: ExitCode | None = None) -> str:
    import json  # only JSON output pays for it

    data = report_dict(report)
    if exit_code is not None:  # a run that failed before its report was complete
        data["exit_code"] = int(exit_code)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def report_dict(report: Report) -> dict[str, Any]:
    """The JSON document as data: the input of the SARIF and Markdown renderers."""
    return {
        "version": JSON_VERSION,
        "tool": {"name": "envmigrate", "version": __version__},
        "command": report.command,
        "exit_code": int(report.return_code),
        "summary": {
            "files": len(report.files),
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            **{s.value: report.status_count(s) for s in FileStatus},
        },
        "files": [
            {
                "path": posix_path(f.path),
                "status": f.status.value,
                "diff": f.diff,
                "message": f.message,
            }
            for f in report.files
        ],
        "findings": [_finding_json(f) for f in report.findings],
        "errors": report.errors,
        "notes": report.notes,
        "verification": report.verification,
        "complete": not report.leftovers,
        "leftovers": [
            {**_finding_json(lo.finding), "reason": lo.reason, "new": lo.new, "store": lo.store}
            for lo in report.leftovers
        ],
        "next_steps": next_steps(report),
    }


def failure_document(command: str, fmt: str, code: ExitCode, message: str) -> str:
    """The document of a run that failed before its report existed (the error is in it)."""
    if command == "verify":
        import json

        data = json.loads(verification_json([], endpoint="", exit_code=code))
        data.update(status="error", exit_code=int(code), errors=[message])
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    report = Report(command)
    report.add_error(None, message)
    if fmt == "json":
        return report_json(report, exit_code=code)
    return document(report, fmt)


_VERDICTS = {
    ExitCode.OK: N_("credentials verified"),
    ExitCode.FINDINGS: N_("DingTalk rejected the credentials"),
    ExitCode.INCONCLUSIVE: N_("verification inconclusive"),
}


def _where(f: Finding) -> str:
    return f"{f.path}:{f.line}:{f.column}" if f.line else f.path


def _finding_json(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity.value,
        "path": posix_path(f.path),
        "line": f.line,
        "column": f.column,
        "key": f.key,
        "message": f.message,
    }


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github_line(f: Finding) -> str:
    kind = "error" if f.severity is Severity.ERROR else "warning"
    props = []
    if f.line:
        path = _escape_property(posix_path(f.path))
        props += [f"file={path}", f"line={f.line}", f"col={f.column}"]
    props.append(f"title={_escape_property(f.code)}")
    return f"::{kind} {','.join(props)}::{_escape_data(tr(f.message))}"


def _ids(step: dict[str, Any]) -> str:
    facts = [f"{name} {step[name]}" for name in ("code", "requestid") if step.get(name)]
    return f" ({', '.join(facts)})" if facts else ""


def _failed(result: dict[str, Any]) -> bool:
    return result.get("status") in ("rejected", "inconclusive")


def _github_verification(result: dict[str, Any]) -> str:
    """One annotation per failed credential set: an error if rejected, else a warning."""
    kind = "error" if result["status"] == "rejected" else "warning"
    source = str(result["source"])
    props = [] if source.startswith("<") else [f"file={_escape_property(posix_path(source))}"]
    failed = [s for s in result["steps"] if s["status"] != "ok"]
    title = str(failed[0]["classification"]) if failed else str(result["status"])
    props.append(f"title={_escape_property('verify ' + title)}")
    parts = [f"{s['step']}: {s['classification']}: {s['detail']}{_ids(s)}" for s in failed]
    hint = f" Hint: {failed[0]['hint']}" if failed and failed[0].get("hint") else ""
    message = f"verification {result['status']} for {source} ({'; '.join(parts)}).{hint}"
    return f"::{kind} {','.join(props)}::{_escape_data(message)}"
