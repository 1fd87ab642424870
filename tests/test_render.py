"""Renderings of a Report: github annotations, JSON, the summary line and its verdict."""

from __future__ import annotations

import json
from typing import Any

import pytest

from envmigrate import render
from envmigrate.errors import ExitCode
from envmigrate.report import FileResult, FileStatus, Report
from tests.test_report import ERR, WARN, make_report


def test_github_annotations_are_escaped() -> None:
    report = make_report("check", findings=[ERR, WARN])
    assert render.github(report).splitlines() == [
        "::error file=a%2Cb%3A.env,line=3,col=1,title=EM001::msg 100%25%0Ax",
        "::warning file=.env,line=4,col=1,title=EM003::w",
    ]


def test_json_schema() -> None:
    report = make_report("check", findings=[ERR], files=[FileResult(".env", FileStatus.FINDINGS)])
    data = json.loads(render.report_json(report))
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
        (
            make_report("check", files=[FileResult("f", FileStatus.CLEAN)]),
            "All clean: 1 file checked.",
        ),
        (
            make_report("check", findings=[ERR, WARN], environ=True),
            "Found 1 error and 1 warning; the environment checked.",
        ),
        (make_report("check"), "All clean: 0 files checked."),
        (
            make_report("check", files=[FileResult("f", FileStatus.ERROR, message="not UTF-8")]),
            "No findings: 1 file checked (1 unusable).",
        ),
        (
            make_report(
                "check",
                findings=[ERR],
                files=[FileResult("a", FileStatus.FINDINGS), FileResult("b", FileStatus.ERROR)],
            ),
            "Found 1 error and 0 warnings; 2 files checked (1 unusable).",
        ),
        (make_report("check", errors=["nope.env: no such file"]), "No findings: 0 files checked."),
        (
            make_report("check", files=[FileResult("f", FileStatus.CLEAN)] * 2, environ=True),
            "All clean: 2 files and the environment checked.",
        ),
        (
            make_report("migrate", files=[FileResult("a", FileStatus.WOULD_CHANGE)] * 2),
            "2 files would be migrated.",
        ),
        (make_report("migrate"), "Nothing to migrate."),
    ],
)
def test_summary(report: Report, summary: str) -> None:
    assert render.summary(report) == summary


def _verified(status: str, code: ExitCode, source: str = "<environ>", **kw: Any) -> Report:
    report = make_report(kw.pop("command", "check"), environ=True, **kw)
    failed = {
        "step": "token",
        "status": "failed",
        "detail": "HTTP 400" if code is ExitCode.FINDINGS else "no answer within 1 s",
        "classification": "credentials_rejected" if code is ExitCode.FINDINGS else "timeout",
        "hint": "copy both again",
        "code": "invalidClientIdOrSecret" if code is ExitCode.FINDINGS else None,
        "requestid": "REQ1" if code is ExitCode.FINDINGS else None,
    }
    ok = {"step": "stream", "status": "ok", "detail": "upgrade accepted"}
    steps = [ok] if status in ("verified", "skipped") else [failed, ok]
    report.verification = [{"source": source, "status": status, "steps": steps}]
    report.verification_code = code
    return report


@pytest.mark.parametrize(
    ("report", "summary"),
    [
        (_verified("verified", ExitCode.OK), "All clean: the environment checked; credentials verified."),
        (
            _verified("rejected", ExitCode.FINDINGS),
            "No findings: the environment checked; DingTalk rejected the credentials.",
        ),
        (
            _verified("inconclusive", ExitCode.INCONCLUSIVE, findings=[ERR]),
            "Found 1 error and 0 warnings; the environment checked; verification inconclusive.",
        ),
        (
            _verified("skipped", ExitCode.OK, command="migrate",
                      files=[FileResult("a", FileStatus.CHANGED)]),
            "1 file migrated; credentials not verified (skipped).",
        ),
    ],
)  # fmt: skip
def test_summary_tells_the_verification_verdict(report: Report, summary: str) -> None:
    assert render.summary(report) == summary


@pytest.mark.parametrize(
    ("report", "github"),
    [
        (_verified("verified", ExitCode.OK), ""),
        (_verified("skipped", ExitCode.OK), ""),
        (
            _verified("rejected", ExitCode.FINDINGS, source="deploy/.env"),
            "::error file=deploy/.env,title=verify credentials_rejected::verification rejected "
            "for deploy/.env (token: credentials_rejected: HTTP 400 (code "
            "invalidClientIdOrSecret, requestid REQ1)). Hint: copy both again\n",
        ),
        (
            _verified("inconclusive", ExitCode.INCONCLUSIVE),
            "::warning title=verify timeout::verification inconclusive for <environ> "
            "(token: timeout: no answer within 1 s). Hint: copy both again\n",
        ),
    ],
)
def test_github_annotates_a_failed_verification(report: Report, github: str) -> None:
    assert render.github(report) == github
