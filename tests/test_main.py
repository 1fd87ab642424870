"""The command's process (``python -m envmigrate``, the ``envmigrate`` script): collector
settings of its own, nothing lost at its quick exit, library imports left alone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

LEGACY = "DINGTALK_APP_KEY=dingabc\nDINGTALK_APP_SECRET=s3cr3t-value\nOTHER=1\n"


def envmigrate(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "envmigrate", *args],
        cwd=cwd, capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip


@pytest.mark.subprocess
def test_everything_a_run_writes_is_there_after_its_quick_exit(tmp_path: Path) -> None:
    """The rewritten file, the --output-file document and stdout are complete."""
    (tmp_path / ".env").write_text(LEGACY)
    done = envmigrate(
        "migrate", "--yes", "--no-verify", "--format", "json", "-o", "report.json", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / ".env").read_text().startswith("DINGTALK_CLIENT_ID=dingabc\n")
    assert json.loads((tmp_path / "report.json").read_text())["summary"]["changed"] == 1
    big = "".join(f"DINGTALK_APP_KEY_{i}=x\n" for i in range(3000)) + "DINGTALK_APP_KEY=k\n"
    (tmp_path / ".env").write_text(big)
    done = envmigrate("check", "--format", "json", ".env", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["summary"]["errors"] == 1


@pytest.mark.subprocess
def test_the_command_collects_less_often_and_a_library_import_does_not() -> None:
    code = (
        "import gc, sys\n"
        "before = gc.get_threshold()\n"
        "import envmigrate, envmigrate.cli\n"
        "library = gc.get_threshold()\n"
        "sys.argv = ['envmigrate', '--version']\n"
        "import runpy\n"
        "try:\n"
        "    runpy.run_module('envmigrate', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(before == library, gc.get_threshold()[0] > before[0])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split()[-2:] == ["True", "True"]
