"""``migrate --dry-run`` of an env file loads only what it uses (issue 8: it must cost no
more than ``check`` of the same file, and what it imports beyond check is most of what
it costs more)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

#: What a dry run of an env file never needs (each was measured on its start-up).
NOT_FOR_A_DRY_RUN = (
    "bisect",  # a C extension to load: the few searches a diff needs are written out
    "envmigrate.commands.check",  # only to verify what was written
    "envmigrate.credentials",  # only for what was written
    "difflib",  # the diff is built from the edits
    "tempfile",  # nothing is written
    "json",  # text output
)
#: ... and what it does need (the test can fail the other way too).
FOR_A_DRY_RUN = ("envmigrate.rewrite", "envmigrate.diff", "envmigrate.redact")

PROBE = (
    "import sys\n"
    "from envmigrate.entry import main\n"
    "code = main(sys.argv[1:])\n"
    "print(sorted(m for m in {names!r} if m in sys.modules), code, file=sys.stderr)\n"
)


def loaded(tmp_path: Path, names: tuple[str, ...], *args: str) -> str:
    (tmp_path / ".env").write_text(
        "# the app\nAPP=1\nDINGTALK_APP_KEY=dingabc\nDINGTALK_APP_SECRET=s3cr3t\n"
        "REF=${DINGTALK_APP_SECRET}\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(names=names), *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    return proc.stderr.strip().splitlines()[-1]


@pytest.mark.subprocess
def test_a_dry_run_loads_only_what_it_needs(tmp_path: Path) -> None:
    assert loaded(tmp_path, NOT_FOR_A_DRY_RUN, "migrate", "--dry-run", ".env") == "[] 1"
    needed = loaded(tmp_path, FOR_A_DRY_RUN, "migrate", "--dry-run", ".env")
    assert needed == f"{sorted(FOR_A_DRY_RUN)} 1"


@pytest.mark.subprocess
def test_a_write_loads_what_it_verifies_with(tmp_path: Path) -> None:
    """What a write needs and a dry run does not is imported where it is used: the
    credentials (is one lost?); the check command only to verify, not with --no-verify."""
    names = ("envmigrate.commands.check", "envmigrate.credentials")
    assert loaded(tmp_path, names, "migrate", "--yes", "--no-verify", ".env") == (
        "['envmigrate.credentials'] 0"
    )
