"""``--format json`` prints exactly one JSON document on stdout for every run, any exit code."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from envmigrate.commands import check as check_command
from envmigrate.commands import migrate as migrate_command
from tests.conftest import SENTINEL, legacy_with_sentinel
from tests.test_cli import run

ROOT = Path(__file__).resolve().parents[1]


def _boom(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError(SENTINEL)


def _interrupt(*_args: object, **_kwargs: object) -> None:
    raise KeyboardInterrupt


Patch = Callable[[pytest.MonkeyPatch], None] | None

CASES: list[tuple[list[str], int, Patch]] = [
    (["check", "nope.env"], 2, None),
    (["check", "empty"], 2, None),
    (["check", "--no-code", "empty"], 2, None),
    (["check", "--config", "bad.toml"], 2, None),
    (["check", "--config", "missing.toml"], 2, None),
    (["check", "--config", "unknown-key.toml"], 2, None),
    (["check", "--bogus"], 2, None),
    (["check", "--strict=3"], 2, None),
    (["check", "unreadable.env"], 2, None),
    (["check", "legacy.env"], 1, None),
    (["check", "clean.env"], 0, None),
    (["check", "legacy.env"], 2, lambda m: m.setattr(check_command, "check_file", _boom)),
    (["check", "legacy.env"], 130, lambda m: m.setattr(check_command, "check_file", _interrupt)),
    (["migrate", "nope.env"], 2, None),
    (["migrate", "empty"], 2, None),
    (["migrate", "--agent-id", "bogus"], 2, None),
    (["migrate", "--config", "bad.toml", "legacy.env"], 2, None),
    (["migrate", "legacy.env"], 2, None),  # no terminal to confirm on, no --yes
    (["migrate", "--dry-run", "legacy.env"], 1, None),
    (["migrate", "--yes", "--no-verify", "legacy.env"], 2, lambda m: m.setattr(
        migrate_command, "plan_file", _boom)),
    (["migrate", "--dry-run", "legacy.env"], 130, lambda m: m.setattr(
        migrate_command, "plan_file", _interrupt)),
    (["verify", "nope.env"], 2, None),
    (["verify", "empty"], 2, None),
    (["verify", "clean.env"], 2, None),  # no credentials in it
    (["verify", "--timeout", "0"], 2, None),
]  # fmt: skip


@pytest.fixture
def workdir(in_tmp: Path) -> Path:
    (in_tmp / "empty").mkdir()
    (in_tmp / "bad.toml").write_text("rename = [\n")
    (in_tmp / "unknown-key.toml").write_text("colour = 1\n")
    (in_tmp / "legacy.env").write_bytes(legacy_with_sentinel())
    (in_tmp / "clean.env").write_text("OTHER=1\n")
    (in_tmp / "unreadable.env").mkdir()
    return in_tmp


@pytest.mark.parametrize("spelling", ["--format json", "--format=json"])
@pytest.mark.parametrize(("args", "code", "patch"), CASES)
def test_one_document_whatever_the_exit_code(
    workdir: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    code: int,
    patch: Patch,
    spelling: str,
) -> None:
    if patch is not None:
        patch(monkeypatch)
    command, *rest = args
    exit_code, out, err = run(command, *spelling.split(), *rest)
    assert exit_code == code, err
    document = json.loads(out)  # the whole of stdout: one document, nothing else
    assert isinstance(document, dict)
    assert document["command"] == command
    assert document["exit_code"] == code
    assert document["tool"]["name"] == "envmigrate"
    if code not in (0, 1):
        assert document["errors"], document
        assert err.strip(), "the error is also said on stderr"
    assert SENTINEL not in out + err


def test_other_formats_print_no_document(workdir: Path) -> None:
    exit_code, out, _ = run("check", "nope.env")
    assert (exit_code, out) == (2, "")


@pytest.mark.subprocess
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_real_ctrl_c_still_prints_one_document(workdir: Path) -> None:
    probe = (
        "import sys, time\n"
        "from envmigrate.commands import check\n"
        "from envmigrate.entry import main\n"
        "def slow(*a, **k):\n"
        "    print('ready', file=sys.stderr, flush=True)\n"
        "    time.sleep(60)\n"
        "check.check_file = slow\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", probe, "check", "--format", "json", "legacy.env"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        # a run started in the background inherits SIGINT ignored; the probe must not
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        assert proc.stderr.readline() == "ready\n"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 130, err
    document = json.loads(out)
    assert (document["exit_code"], document["errors"]) == (130, ["interrupted"])


@pytest.mark.parametrize(
    "args",
    [
        ["check", "nope.env"],
        ["check", "--config", "bad.toml"],
        ["migrate", "--bogus"],
        ["migrate", "legacy.env"],  # no terminal, no --yes
    ],
)
def test_sarif_and_markdown_runs_also_print_one_document(workdir: Path, args: list[str]) -> None:
    command, *rest = args
    exit_code, out, err = run(command, "--format", "sarif", *rest)
    assert exit_code == 2, err
    assert json.loads(out)["runs"], "one SARIF log, even for a run that failed early"
    exit_code, out, err = run(command, "--format", "markdown", *rest)
    assert exit_code == 2, err
    assert out.strip()
    assert SENTINEL not in out + err
