"""Platform differences simulated here: Windows path separators and narrow console encodings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path, PureWindowsPath

import pytest

from envmigrate import render
from envmigrate.config import selected
from envmigrate.findings import Finding, Severity
from envmigrate.report import FileStatus, Report
from envmigrate.ui import posix_path, tolerant_streams

WINDOWS_PATH = str(PureWindowsPath("deploy", "k8s", ".env.prod"))


@pytest.fixture
def windows_sep(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sep", "\\")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (WINDOWS_PATH, "deploy/k8s/.env.prod"),
        (".\\.env", "./.env"),
        ("a/b\\c.env", "a/b/c.env"),
        (".env", ".env"),
    ],
)
def test_posix_path_on_windows(windows_sep: None, path: str, expected: str) -> None:
    assert posix_path(path) == expected


def test_posix_path_keeps_backslashes_in_posix_names() -> None:
    assert posix_path("odd\\name.env") == "odd\\name.env"  # a legal file name on POSIX


def _report() -> Report:
    report = Report("check")
    report.add_findings(
        [Finding("EM001", Severity.ERROR, WINDOWS_PATH, 2, 1, "DINGTALK_APP_KEY", "m")]
    )
    report.add_file(WINDOWS_PATH, FileStatus.FINDINGS)
    return report


def test_machine_formats_print_slashes(windows_sep: None) -> None:
    data = json.loads(render.report_json(_report()))
    assert data["findings"][0]["path"] == "deploy/k8s/.env.prod"
    assert data["files"][0]["path"] == "deploy/k8s/.env.prod"
    assert render.github(_report()).startswith("::error file=deploy/k8s/.env.prod,line=2,")


def test_config_globs_match_windows_paths(windows_sep: None) -> None:
    assert not selected(WINDOWS_PATH, (), ("deploy/*",))  # excluded
    assert selected(WINDOWS_PATH, ("deploy/k8s/*",), ())
    assert not selected(WINDOWS_PATH, ("web/*",), ())


def test_tolerant_streams_only_touch_strict_ones(tmp_path: Path) -> None:
    with (
        (tmp_path / "a").open("w", encoding="cp1252") as strict,
        (tmp_path / "b").open("w", encoding="cp1252", errors="ignore") as chosen,
    ):
        tolerant_streams(strict, chosen, object())
        assert (strict.errors, chosen.errors) == ("replace", "ignore")
        strict.write("钉钉 é\n")  # would raise UnicodeEncodeError before


@pytest.mark.subprocess
@pytest.mark.parametrize("encoding", ["cp1252", "cp936", "ascii"])
def test_narrow_console_never_crashes(tmp_path: Path, encoding: str) -> None:
    """A diff with a Chinese comment on a cp1252 console: replaced characters, no crash."""
    env_file = tmp_path / ".env"
    env_file.write_text("# 钉钉应用凭证 (Stream 模式)\nDINGTALK_APP_KEY=dingabc123\n", "utf-8")
    environ = {**os.environ, "PYTHONIOENCODING": encoding, "PYTHONPATH": os.getcwd()}
    for args in (["migrate", "--dry-run"], ["check"], ["check", "--format", "json"]):
        done = subprocess.run(
            [sys.executable, "-m", "envmigrate", *args, str(env_file)],
            capture_output=True,
            env=environ,
            timeout=60,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        assert b"internal error" not in done.stderr
        assert b"Traceback" not in done.stderr
    assert env_file.read_text("utf-8").startswith("# 钉钉")
