"""The GitHub Action: action.yml's own shell step runs here, with a fake GitHub environment
(temp files for $GITHUB_STEP_SUMMARY and $GITHUB_OUTPUT, inputs from the YAML), and the
summary, outputs, log and SARIF file are checked."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from envmigrate import action
from tests.conftest import SENTINEL, legacy_with_sentinel
from tests.test_sarif import assert_valid_sarif

ROOT = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = {step["id"]: step for step in ACTION["runs"]["steps"]}
EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


class Ran:
    def __init__(self, proc: subprocess.CompletedProcess[str], tmp: Path) -> None:
        self.code = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        summary = tmp / "summary.md"
        self.summary = summary.read_text(encoding="utf-8") if summary.exists() else ""
        output = tmp / "output.txt"
        self.outputs = parse_outputs(output.read_text(encoding="utf-8") if output.exists() else "")


def parse_outputs(text: str) -> dict[str, str]:
    """$GITHUB_OUTPUT as the runner reads it: name=value and name<<DELIM ... DELIM."""
    outputs: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            value = []
            for more in lines:
                if more == delimiter:
                    break
                value.append(more)
            outputs[name] = "\n".join(value)
        else:
            name, _, value = line.partition("=")
            outputs[name] = value
    return outputs


def expand(text: str, inputs: dict[str, str]) -> str:
    """The few expressions action.yml uses; anything else fails the test."""

    def one(match: re.Match[str]) -> str:
        expr = match.group(1)
        if expr.startswith("inputs."):
            name = expr.removeprefix("inputs.")
            assert name in ACTION["inputs"], name
            return inputs.get(name, str(ACTION["inputs"][name].get("default", "")))
        if expr == "steps.python.outputs.python-path":
            return sys.executable
        if expr == "github.action_path":
            return str(ROOT)
        raise AssertionError(f"unexpected expression in action.yml: {expr}")

    return EXPRESSION.sub(one, text)


def run_step(step_id: str, tmp: Path, cwd: Path, **inputs: str) -> Ran:
    step = STEPS[step_id]
    assert step["shell"] == "bash"
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("INPUT_", "GITHUB_", "DINGTALK_"))
    }
    env.update({name: expand(str(value), inputs) for name, value in step.get("env", {}).items()})
    env.update(
        GITHUB_STEP_SUMMARY=str(tmp / "summary.md"),
        GITHUB_OUTPUT=str(tmp / "output.txt"),
        GITHUB_ACTIONS="true",
        RUNNER_TEMP=str(tmp),
        PYTHONPATH=str(ROOT),
    )
    script = expand(step["run"], inputs)
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Ran(proc, tmp)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "fixtures" / "sample-repo", repo)
    (repo / ".env").write_bytes(legacy_with_sentinel())
    return repo


pytestmark = pytest.mark.subprocess


def test_check_writes_summary_outputs_and_annotations(tmp_path: Path, repo: Path) -> None:
    ran = run_step("run", tmp_path, repo)
    assert ran.code == 1, ran.stderr
    assert ran.outputs["exit-code"] == "1"
    assert int(ran.outputs["errors"]) > 0
    assert ran.outputs["files"] == "12"
    assert ran.summary.startswith("### envmigrate check\n\n❌ **Migration incomplete**")
    assert "| error | EM101 | `app/bot.py:6:17` |" in ran.summary
    assert ran.stdout.startswith("::error file=.env,line=8,col=1,title=EM001::")
    assert ran.stderr.startswith("envmigrate check -- .\n")
    assert f"envmigrate: {ran.outputs['errors']} errors, 5 warnings, 12 files" in ran.stderr
    for text in (ran.stdout, ran.stderr, ran.summary):
        assert SENTINEL not in text


def test_sarif_file_and_exit_zero(tmp_path: Path, repo: Path) -> None:
    ran = run_step(
        "run",
        tmp_path,
        repo,
        **{"sarif-file": "results.sarif", "exit-zero": "true", "format": "text"},
    )
    assert ran.code == 0, ran.stderr
    assert ran.outputs["exit-code"] == "1"  # the real verdict, even when the step passes
    assert ran.outputs["sarif-file"] == "results.sarif"
    assert set(ran.outputs) == set(ACTION["outputs"]) - {"report-file"}  # all declared, all set
    log = assert_valid_sarif((repo / "results.sarif").read_text(encoding="utf-8"))
    assert len(log["runs"][0]["results"]) == int(ran.outputs["errors"]) + int(
        ran.outputs["warnings"]
    )
    assert ran.stdout.startswith(".env:8:1: EM001 ")


@pytest.mark.parametrize(
    ("fmt", "name"), [("markdown", "envmigrate-report.md"), ("json", "envmigrate-report.json")]
)
def test_document_formats_go_to_the_report_file(
    tmp_path: Path, repo: Path, fmt: str, name: str
) -> None:
    ran = run_step("run", tmp_path, repo, format=fmt, paths=".env")
    assert ran.code == 1
    assert ran.outputs["report-file"] == name
    assert (repo / name).exists()
    assert ran.stdout == ""


def test_migrate_is_a_dry_run_unless_yes(tmp_path: Path, repo: Path) -> None:
    before = (repo / ".env").read_bytes()
    ran = run_step("run", tmp_path, repo, command="migrate", paths=".env")
    assert ran.code == 1
    assert ran.outputs["would-change"] == "1"
    assert (repo / ".env").read_bytes() == before
    assert "<details><summary>Masked diff: 1 file</summary>" in ran.summary
    assert SENTINEL not in ran.summary
    ran = run_step("run", tmp_path, repo, command="migrate", paths=".env", args="--yes")
    assert ran.code == 0, ran.stderr
    assert ran.outputs["changed"] == "1"
    assert b"DINGTALK_CLIENT_ID=" in (repo / ".env").read_bytes()


def test_paths_with_spaces_and_a_leading_dash(tmp_path: Path, repo: Path) -> None:
    (repo / "my env").mkdir()
    shutil.copy(repo / ".env", repo / "my env" / "-x.env")
    ran = run_step("run", tmp_path, repo, paths="'my env/-x.env'")
    assert ran.code == 1, ran.stderr
    assert ran.outputs["files"] == "1"


def test_an_unusable_run_still_writes_a_summary(tmp_path: Path, repo: Path) -> None:
    (repo / "pyproject.toml").write_text("[tool.envmigrate]\nagent-id = 'nope'\n")
    ran = run_step("run", tmp_path, repo)
    assert ran.code == 2
    # The run failed after its report file was accepted, so the report holds the error and
    # the outputs are read from it: nothing was checked, nothing changed.
    zero = ("errors", "warnings", "files", "would-change", "changed", "refused")
    assert ran.outputs == {"exit-code": "2"} | dict.fromkeys(zero, "0")
    assert "⛔ **Not finished**" in ran.summary
    assert "agent-id" in ran.stderr


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"command": "verify"}, "input command"),
        ({"format": "xml"}, "input format"),
        ({"environ": "maybe"}, "input environ"),
        ({"paths": "'unclosed"}, "input paths"),
    ],
)
def test_bad_inputs_are_one_line_exit_2(
    tmp_path: Path, repo: Path, inputs: dict[str, str], message: str
) -> None:
    ran = run_step("run", tmp_path, repo, **inputs)
    assert ran.code == 2
    assert ran.stderr.strip().startswith(f"envmigrate action: error: {message}")
    assert "Traceback" not in ran.stderr


def test_an_input_cannot_inject_shell(tmp_path: Path, repo: Path) -> None:
    marker = tmp_path / "pwned"
    ran = run_step("run", tmp_path, repo, paths=f"$(touch {marker}) `touch {marker}`")
    assert not marker.exists()
    assert ran.code == 2  # those are just (missing) file names


def test_multiline_output_values_use_a_delimiter(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    action._write_outputs({"GITHUB_OUTPUT": str(out)}, {"a": "1", "b": "two\nlines"})
    assert parse_outputs(out.read_text()) == {"a": "1", "b": "two\nlines"}


def test_action_yml_wires_every_input_and_pastes_none_into_a_script() -> None:
    run = STEPS["run"]
    wired = {k.removeprefix("INPUT_") for k in run["env"] if k.startswith("INPUT_")}
    script_inputs = {
        "command",
        "paths",
        "environ",
        "verify",
        "format",
        "output-file",
        "sarif-file",
        "args",
        "exit-zero",
    }
    assert wired == {n.upper().replace("-", "_") for n in script_inputs}
    assert set(ACTION["inputs"]) == script_inputs | {"version", "python-version"}
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step["id"]
    for name, output in ACTION["outputs"].items():
        assert output["value"] == f"${{{{ steps.run.outputs.{name} }}}}"
    assert STEPS["python"]["uses"].startswith("actions/setup-python@")


def test_install_step_pins_the_version(tmp_path: Path) -> None:
    """The install step's shell, with pip replaced by a recorder."""
    fake = tmp_path / "python"
    fake.write_text('#!/bin/sh\necho "$@" > "$RUNNER_TEMP/pip-args"\n')
    fake.chmod(0o755)
    step: dict[str, Any] = dict(STEPS["install"])
    step["env"] = {**step["env"], "PYTHON": str(fake)}
    STEPS["fake-install"] = step
    try:
        assert run_step("fake-install", tmp_path, tmp_path, version="0.1.0").code == 0
        assert (tmp_path / "pip-args").read_text().split()[-1] == "envmigrate==0.1.0"
        assert run_step("fake-install", tmp_path, tmp_path).code == 0
        assert (tmp_path / "pip-args").read_text().split()[-1] == str(ROOT)
    finally:
        del STEPS["fake-install"]
