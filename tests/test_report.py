"""One Report, one return code, with a documented precedence; renderings."""

from __future__ import annotations

import json

import pytest

from envmigrate.errors import ExitCode
from envmigrate.model import Finding, Severity
from envmigrate.report import FileResult, FileStatus, Report, worst

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
    report = Report("check", strict=strict, findings=findings, errors=errors)
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
    report = Report("migrate", files=[FileResult("f", status)], findings=[WARN])
    assert report.return_code is expected


def test_github_annotations_are_escaped() -> None:
    report = Report("check", findings=[ERR, WARN])
    assert report.github().splitlines() == [
        "::error file=a%2Cb%3A.env,line=3,col=1,title=EM001::msg 100%25%0Ax",
        "::warning file=.env,line=4,col=1,title=EM003::w",
    ]


def test_json_schema() -> None:
    report = Report("check", findings=[ERR], files=[FileResult(".env", FileStatus.FINDINGS)])
    data = json.loads(report.to_json())
    assert data["version"] == 1
    assert data["command"] == "check"
    assert data["exit_code"] == 1
    assert data["summary"]["errors"] == 1
    assert data["findings"][0] == {
        "code": "EM001",
        "severity": "error",
        "path": "a,b:.env",
        "line": 3,
        "column": 1,
        "key": "DINGTALK_APP_KEY",
        "message": "msg 100%\nx",
    }


@pytest.mark.parametrize(
    ("report", "summary"),
    [
        (Report("check", files=[FileResult("f", FileStatus.CLEAN)]), "All clean: 1 file checked."),
        (
            Report("check", findings=[ERR, WARN]),
            "Found 1 error and 1 warning; environment checked.",
        ),
        (
            Report("migrate", files=[FileResult("a", FileStatus.WOULD_CHANGE)] * 2),
            "2 files would be migrated.",
        ),
        (Report("migrate"), "Nothing to migrate."),
    ],
)
def test_summary(report: Report, summary: str) -> None:
    assert report.summary() == summary
