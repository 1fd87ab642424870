"""One Report, one return code, with a documented precedence."""

from __future__ import annotations

import pytest

from envmigrate.errors import ExitCode, worst
from envmigrate.findings import Finding, Severity
from envmigrate.report import FileResult, FileStatus, Report


def make_report(
    command: str,
    *,
    strict: bool = False,
    environ: bool = False,
    findings: list[Finding] | None = None,
    files: list[FileResult] | None = None,
    errors: list[str] | None = None,
) -> Report:
    """A Report built through its methods, as the commands build it."""
    report = Report(command, strict=strict, environ=environ)
    report.add_findings(findings or [])
    for result in files or []:
        report.add_file(*result)
    for message in errors or []:
        report.add_error(None, message)
    return report


ERR = Finding("EM001", Severity.ERROR, "a,b:.env", 3, 1, "DINGTALK_APP_KEY", "msg 100%\nx")
WARN = Finding("EM003", Severity.WARNING, ".env", 4, 1, "DINGTALK_AGENT_ID", "w")


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ([], ExitCode.OK),
        ([ExitCode.OK, ExitCode.INCONCLUSIVE], ExitCode.INCONCLUSIVE),
        ([ExitCode.INCONCLUSIVE, ExitCode.FINDINGS], ExitCode.FINDINGS),
        ([ExitCode.FINDINGS, ExitCode.USAGE, ExitCode.INCONCLUSIVE], ExitCode.USAGE),
    ],
)
def test_precedence(codes: list[ExitCode], expected: ExitCode) -> None:
    assert worst(codes) is expected


@pytest.mark.parametrize(
    ("findings", "strict", "errors", "verification", "expected"),
    [
        ([], False, [], ExitCode.OK, ExitCode.OK),
        ([WARN], False, [], ExitCode.OK, ExitCode.OK),
        ([WARN], True, [], ExitCode.OK, ExitCode.FINDINGS),
        ([ERR], False, [], ExitCode.OK, ExitCode.FINDINGS),
        ([ERR], False, [], ExitCode.INCONCLUSIVE, ExitCode.FINDINGS),
        ([], False, [], ExitCode.INCONCLUSIVE, ExitCode.INCONCLUSIVE),
        ([ERR], False, ["bad file"], ExitCode.OK, ExitCode.USAGE),
    ],
)
def test_check_return_code(
    findings: list[Finding],
    strict: bool,
    errors: list[str],
    verification: ExitCode,
    expected: ExitCode,
) -> None:
    report = make_report("check", strict=strict, findings=findings, errors=errors)
    report.verification_code = verification
    assert report.return_code is expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (FileStatus.CHANGED, ExitCode.OK),
        (FileStatus.CLEAN, ExitCode.OK),
        (FileStatus.WOULD_CHANGE, ExitCode.FINDINGS),
        (FileStatus.REFUSED, ExitCode.FINDINGS),
        (FileStatus.ERROR, ExitCode.USAGE),
    ],
)
def test_migrate_return_code(status: FileStatus, expected: ExitCode) -> None:
    report = make_report("migrate", files=[FileResult("f", status)], findings=[WARN])
    assert report.return_code is expected
