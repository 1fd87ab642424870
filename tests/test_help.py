"""Every --help fits one screen (24 lines of 80 columns); shell completion is click's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from envmigrate.cli import cli

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = [[], *([name] for name in sorted(cli.commands))]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "envmigrate")
def test_help_fits_one_screen(command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"], terminal_width=80)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) <= 24, result.output
    assert max(map(len, lines)) <= 80, result.output


def test_help_fits_on_a_wide_terminal_too() -> None:
    """click caps help at 80 columns whatever the terminal says."""
    for command in COMMANDS:
        result = CliRunner().invoke(cli, [*command, "--help"], env={"COLUMNS": "200"})
        assert max(map(len, result.output.splitlines())) <= 80


def test_every_option_has_help() -> None:
    for name, command in cli.commands.items():
        for param in command.params:
            if param.param_type_name == "option":
                assert getattr(param, "help", None), f"{name} {param.name}"


@pytest.mark.subprocess
@pytest.mark.parametrize(
    ("shell", "marker"),
    [("bash", "complete -o nosort -F"), ("zsh", "#compdef envmigrate"), ("fish", "complete")],
)
def test_shell_completion_script(shell: str, marker: str) -> None:
    """What README's `eval "$(_ENVMIGRATE_COMPLETE=bash_source envmigrate)"` line gets.

    ``python -m envmigrate`` goes through ``entry.main``, the console script's entry point.
    """
    env = {**os.environ, "_ENVMIGRATE_COMPLETE": f"{shell}_source", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "envmigrate"], env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert marker in proc.stdout
    assert "_ENVMIGRATE_COMPLETE" in proc.stdout


@pytest.mark.subprocess
def test_completion_offers_commands_and_formats() -> None:
    env = {
        **os.environ,
        "_ENVMIGRATE_COMPLETE": "bash_complete",
        "COMP_WORDS": "envmigrate check --format ",
        "COMP_CWORD": "3",
        "PYTHONPATH": str(ROOT),
    }
    proc = subprocess.run(  # a shell may pass words too: they must not make it a plain run
        [sys.executable, "-m", "envmigrate", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    values = {line.split(",", 1)[1] for line in proc.stdout.splitlines() if "," in line}
    assert {"text", "json", "github", "sarif", "markdown"} <= values
