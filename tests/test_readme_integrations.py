"""README's install, formats, Action, fleet and completion examples are real: URLs come
from pyproject, every envmigrate command line parses, outputs shown are what the commands
print, workflows use the Action's real inputs and outputs, and the fleet scripts run."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from envmigrate import __version__
from envmigrate.cli import cli
from envmigrate.entry import main
from tests.conftest import LEGACY, SENTINEL, legacy_with_sentinel
from tests.test_readme import README, blocks

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
URL = PYPROJECT["project"]["urls"]["Repository"]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
_OPERATORS = {"|", "||", "&&", ";", ">", "2>", ">>", "<", "&"}


def test_no_placeholders_and_one_repository_url() -> None:
    assert "OWNER" not in README
    urls = set(re.findall(r"https://github\.com/envmigrate/[\w.\-/@]*", README))
    assert urls
    assert all(u.startswith(URL) for u in urls), urls
    owner_repo = URL.removeprefix("https://github.com/")
    for uses in re.findall(r"uses: ([\w.\-]+/[\w.\-]+)@(\S+)", README):
        if uses[0].startswith("envmigrate/"):
            assert uses == (owner_repo, f"v{__version__}")
    for tag in re.findall(r"envmigrate@v([\d.]+)", README):
        assert tag == __version__
    assert "pipx install envmigrate\n" in README
    assert "`uvx envmigrate check .`" in README


def _command_lines() -> list[list[str]]:
    """Every envmigrate invocation in README's console, bash and yaml blocks."""
    text = "\n".join(blocks("console") + blocks("bash") + blocks("yaml"))
    text = text.replace("\\\n", " ")
    found = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:\$ |- |run: |for attempt.*?; do |code=0; )", "", line.strip())
        match = re.search(
            r"(?:^|[\s(])(envmigrate (?:check|migrate|verify|demo|fake-server)\b.*)", line
        )
        if not match or line.startswith("#"):
            continue
        words = shlex.split(match.group(1), comments=True)
        cut = next(
            (i for i, w in enumerate(words) if w in _OPERATORS or w.endswith(")")), len(words)
        )
        found.append(words[1:cut])
    return found


def test_every_command_line_in_readme_parses() -> None:
    lines = _command_lines()
    assert len(lines) >= 12
    for words in lines:
        command = cli.commands[words[0]]
        try:
            command.make_context(words[0], list(words[1:]), resilient_parsing=False)
        except click.exceptions.Exit:
            pass
        except click.UsageError as exc:  # pragma: no cover - the failure message
            pytest.fail(f"envmigrate {shlex.join(words)}: {exc}")


def run(*args: str) -> tuple[int, str]:
    from click.testing import CliRunner

    with CliRunner().isolation() as (out, _err, _):
        code = main(list(args))
    return code, out.getvalue().decode()


def test_sarif_excerpt_is_the_first_result(in_tmp: Path) -> None:
    shutil.copyfile(LEGACY, in_tmp / ".env")
    (excerpt,) = [b for b in blocks("json") if '"ruleId"' in b]
    _, out = run("check", "--format", "sarif", ".env")
    assert json.loads(excerpt) == json.loads(out)["runs"][0]["results"][0]


def test_markdown_example_is_what_migrate_prints(in_tmp: Path) -> None:
    shutil.copyfile(LEGACY, in_tmp / ".env")
    (example,) = re.findall(r"^````markdown\n(.*?)^````$", README, flags=re.MULTILINE | re.DOTALL)
    code, out = run("migrate", "--dry-run", "--format", "markdown", ".env")
    assert code == 1
    assert out == example


def _workflow_steps() -> list[dict[str, Any]]:
    steps = []
    for block in blocks("yaml"):
        data = yaml.safe_load(block)
        for job in (data or {}).get("jobs", {}).values() if isinstance(data, dict) else ():
            steps += job.get("steps", [])
    return steps


def test_workflows_use_the_actions_real_inputs_and_outputs() -> None:
    ours = [s for s in _workflow_steps() if str(s.get("uses", "")).startswith("envmigrate/")]
    assert len(ours) >= 3
    for step in ours:
        assert set(step.get("with", {})) <= set(ACTION["inputs"]), step
    listed = re.search(r"^Outputs: (.*?)\. ", README, flags=re.MULTILINE | re.DOTALL)
    assert listed
    assert set(re.findall(r"`([\w-]+)`", listed.group(1))) == set(ACTION["outputs"])
    referenced = re.findall(r"steps\.\w+\.outputs\.([\w-]+)", README)
    assert referenced
    assert set(referenced) <= set(ACTION["outputs"])
    upload = [s for s in _workflow_steps() if "upload-sarif" in str(s.get("uses", ""))]
    (sarif_step,) = [s for s in ours if s.get("with", {}).get("format") == "sarif"]
    assert upload[0]["with"]["sarif_file"] == sarif_step["with"]["output-file"]


def test_action_input_table_matches_action_yml() -> None:
    rows = re.findall(r"^\| `([\w-]+)` \| `?([^|`]*?)`? ?\|", README, flags=re.MULTILINE)
    table = {name: default for name, default in rows if name in ACTION["inputs"]}
    assert set(table) == set(ACTION["inputs"])
    for name, default in table.items():
        real = str(ACTION["inputs"][name].get("default", ""))
        assert default.strip() == real or (name == "output-file" and real == ""), name


def _script(name: str) -> str:
    (script,) = [b for b in blocks("bash") if f"# {name}:" in b]
    return script


@pytest.fixture
def shim(tmp_path: Path) -> dict[str, str]:
    """An ``envmigrate`` on PATH that runs this checkout."""
    folder = tmp_path / "bin"
    folder.mkdir()
    exe = folder / "envmigrate"
    exe.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m envmigrate "$@"\n')
    exe.chmod(0o755)
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("DINGTALK_")},
        "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(ROOT),
        "REPOSITORY": "my-org/bot",
    }


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    repo = tmp_path / "clone"
    shutil.copytree(ROOT / "fixtures" / "sample-repo", repo)
    (repo / ".env").write_bytes(legacy_with_sentinel())
    return repo


@pytest.mark.subprocess
def test_fleet_scripts_run(tmp_path: Path, shim: dict[str, str], clone: Path) -> None:
    audit = subprocess.run(
        ["bash", "-c", _script("envmigrate-audit.sh")],
        cwd=clone,
        env=shim,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert audit.returncode == 0, audit.stderr
    assert audit.stdout.startswith(
        "## my-org/bot\n### envmigrate check\n\n❌ **Migration incomplete**"
    )
    summaries = tmp_path / "summaries"
    env = {**shim, "ENVMIGRATE_SUMMARIES": str(summaries)}
    migrate = subprocess.run(
        ["bash", "-c", _script("envmigrate-migrate.sh")],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert migrate.returncode == 0, migrate.stderr
    summary = (summaries / "my-org__bot.md").read_text(encoding="utf-8")
    # the sample keeps secrets in stores: written, not complete, and the PR text says so
    assert (
        "❌ **Migration incomplete**: 11 files migrated, 4 places still use" in summary
    )  # the BuildKit secret is the 4th
    assert "<details><summary>Masked diff:" in summary
    assert "`gh secret set DINGTALK_CLIENT_ID`" in summary
    for text in (summary, audit.stdout, migrate.stdout, migrate.stderr):
        assert SENTINEL not in text
    assert b"DINGTALK_CLIENT_ID" in (clone / ".env").read_bytes()
    again = subprocess.run(
        ["bash", "-c", _script("envmigrate-migrate.sh")],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0  # no change, so no new commit
    second = (summaries / "my-org__bot.md").read_text(encoding="utf-8")
    assert "<details>" not in second
    assert "4 places still use" in second  # the BuildKit secret is one of them


def test_completion_lines_are_the_tested_ones() -> None:
    shells = re.findall(r"_ENVMIGRATE_COMPLETE=(\w+)_source envmigrate", README)
    assert shells == ["bash", "zsh", "fish"]  # tests/test_help.py runs each of them
