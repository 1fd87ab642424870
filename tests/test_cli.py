"""The command line: exit codes, stdout vs stderr, masking, bad input, confirmation."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from envmigrate.commands import check as check_command
from envmigrate.commands import migrate as migrate_command
from envmigrate.entry import main
from envmigrate.ui import color_wanted
from tests.conftest import LEGACY, SENTINEL, legacy_with_sentinel

Result = tuple[int, str, str]


def run(*args: str, input: str | None = None) -> Result:
    """Run ``main`` with click's isolated streams; stdin is not a terminal."""
    with CliRunner().isolation(input=input) as (out, err, _):
        code = main(list(args))
    return code, out.getvalue().decode(), err.getvalue().decode()


@pytest.fixture
def legacy(in_tmp: Path) -> Path:
    path = in_tmp / ".env"
    path.write_bytes(legacy_with_sentinel())
    path.chmod(0o600)
    return path


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        assert SENTINEL not in text


# -- check ----------------------------------------------------------------------------


def test_check_legacy(legacy: Path) -> None:
    code, out, err = run("check", str(legacy))
    assert code == 1
    assert out.splitlines() == [
        f"{legacy}:8:1: EM001 DINGTALK_APP_KEY is deprecated: rename it to DINGTALK_CLIENT_ID",
        f"{legacy}:9:1: EM002 DINGTALK_APP_SECRET is deprecated: rename it to DINGTALK_CLIENT_SECRET",
        f"{legacy}:10:1: EM003 DINGTALK_AGENT_ID is not needed in Stream mode "
        "(only the work-notification API still takes an agent id)",
        f"{legacy}:14:19: EM006 value refers to deprecated DINGTALK_APP_SECRET: "
        "becomes ${DINGTALK_CLIENT_SECRET}",
    ]
    assert err == "Found 2 errors and 2 warnings; 1 file checked.\n"
    assert_no_secret(out, err)


def test_check_defaults_to_current_directory(legacy: Path) -> None:
    code, out, _ = run("check")
    assert code == 1
    assert out.startswith(".env:8:1: EM001")


@pytest.mark.parametrize(
    ("args", "expected"),
    [((), 0), (("--strict",), 1)],
)
def test_strict_turns_warnings_into_failures(
    in_tmp: Path, args: tuple[str, ...], expected: int
) -> None:
    (in_tmp / ".env").write_text(
        "DINGTALK_CLIENT_ID=id-1\nDINGTALK_CLIENT_SECRET=s-1\nDINGTALK_AGENT_ID=7\n"
    )
    code, out, _ = run("check", *args)
    assert code == expected
    assert "EM003" in out


def test_check_json(legacy: Path) -> None:
    code, out, err = run("check", "--format", "json", str(legacy))
    data = json.loads(out)
    assert code == data["exit_code"] == 1
    assert data["version"] == 1
    assert [f["code"] for f in data["findings"]] == ["EM001", "EM002", "EM003", "EM006"]
    assert err == ""
    assert_no_secret(out)


def test_check_github(legacy: Path) -> None:
    code, out, _ = run("check", "--format", "github", str(legacy))
    assert code == 1
    assert out.splitlines()[0] == (
        f"::error file={legacy},line=8,col=1,title=EM001::"
        "DINGTALK_APP_KEY is deprecated: rename it to DINGTALK_CLIENT_ID"
    )


def test_check_directory_recursive(in_tmp: Path) -> None:
    (in_tmp / "svc").mkdir()
    (in_tmp / "svc" / ".env.production").write_text("DINGTALK_APP_KEY=k1\n")
    (in_tmp / ".env").write_text("OTHER=1\n")
    code, out, err = run("check", ".")
    assert code == 1
    assert (
        out
        == "svc/.env.production:1:1: EM001 DINGTALK_APP_KEY is deprecated: rename it to DINGTALK_CLIENT_ID\n"
    )
    assert "2 files checked" in err


def test_check_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DINGTALK_APP_KEY", "dingkey1")
    monkeypatch.setenv("DINGTALK_APP_SECRET", SENTINEL)
    code, out, err = run("check", "--environ")
    assert code == 1
    assert out.splitlines() == [
        "<environ>: EM001 DINGTALK_APP_KEY is deprecated: rename it to DINGTALK_CLIENT_ID",
        "<environ>: EM002 DINGTALK_APP_SECRET is deprecated: rename it to DINGTALK_CLIENT_SECRET",
    ]
    assert_no_secret(out, err)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: None, "no such file or directory"),
        (lambda p: p.write_bytes(b"A=\xff\xfe\n"), "not valid UTF-8"),
        (lambda p: p.write_bytes(b"A=1\x00\n"), "binary file"),
        (lambda p: p.mkdir(), "no env files found"),
    ],
)
@pytest.mark.parametrize("command", ["check", "migrate"])
def test_bad_input(in_tmp: Path, setup: object, message: str, command: str) -> None:
    """One line on stderr, exit 2, no traceback, the file untouched."""
    path = in_tmp / "x.env"
    setup(path)  # type: ignore[operator]
    before = path.read_bytes() if path.is_file() else None
    code, _, err = (
        run(command, "--yes", str(path)) if command == "migrate" else run(command, str(path))
    )
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert err.count("envmigrate: error:") == 1
    if before is not None:
        assert path.read_bytes() == before


def test_usage_error() -> None:
    code, _, err = run("check", "--format", "xml")
    assert code == 2
    assert "Invalid value for '--format'" in err


def test_version_and_help() -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert out.startswith("envmigrate, version ")
    code, out, _ = run("migrate", "--help")
    assert code == 0
    assert "--agent-id POLICY" in out
    assert "comment (default)|remove|keep" in out


# -- migrate ----------------------------------------------------------------------------

EXPECTED_DIFF = """\
--- a/.env
+++ b/.env
@@ -5,12 +5,12 @@
 LOG_LEVEL=****
 
 # Credentials from the DingTalk developer console (App Credentials)
-DINGTALK_APP_KEY=****
-DINGTALK_APP_SECRET="****"
-DINGTALK_AGENT_ID=****
+DINGTALK_CLIENT_ID=****
+DINGTALK_CLIENT_SECRET="****"
+# DINGTALK_AGENT_ID=****
 
 # Where alerts are sent
 ALERT_CHAT_ID=****
-WEBHOOK_SIGNATURE=${DINGTALK_APP_SECRET}
+WEBHOOK_SIGNATURE=${DINGTALK_CLIENT_SECRET}
 
 export DATABASE_URL='****'  # local only
"""


def test_dry_run_prints_masked_diff_and_writes_nothing(legacy: Path) -> None:
    before = legacy.read_bytes()
    code, out, err = run("migrate", "--dry-run", ".env")
    assert code == 1
    assert out == EXPECTED_DIFF
    assert err == "1 file would be migrated.\n"
    assert legacy.read_bytes() == before


def test_no_terminal_needs_yes(legacy: Path) -> None:
    before = legacy.read_bytes()
    code, out, err = run("migrate", ".env")
    assert code == 2
    assert out == EXPECTED_DIFF
    assert "no terminal to confirm on: pass --yes" in err
    assert legacy.read_bytes() == before


def test_migrate_yes_writes_then_is_idempotent(legacy: Path) -> None:
    code, out, err = run("migrate", "--yes", "--no-verify", ".env")
    assert code == 0
    assert out == EXPECTED_DIFF
    assert "Migrated .env" in err
    assert "Not verified (--no-verify)" in err
    text = legacy.read_text()
    assert "DINGTALK_CLIENT_ID=dingdemoappkey00000001\n" in text
    assert f'DINGTALK_CLIENT_SECRET="{SENTINEL}"\n' in text
    assert "# DINGTALK_AGENT_ID=3000000001\n" in text
    assert stat.S_IMODE(legacy.stat().st_mode) == 0o600
    assert run("migrate", "--yes", "--no-verify", ".env")[0] == 0
    assert run("check", ".env")[0] == 0
    assert_no_secret(out, err)


@pytest.mark.parametrize(("answer", "code", "written"), [("y\n", 0, True), ("n\n", 1, False)])
def test_confirmation_on_a_terminal(
    legacy: Path, monkeypatch: pytest.MonkeyPatch, answer: str, code: int, written: bool
) -> None:
    monkeypatch.setattr(migrate_command, "interactive", lambda: True)
    result = run("migrate", "--no-verify", ".env", input=answer)
    assert result[0] == code
    assert "Rewrite 1 file? [y/N]" in result[2]
    assert ("DINGTALK_CLIENT_ID" in legacy.read_text()) is written


def test_show_secrets(legacy: Path) -> None:
    code, out, _ = run("migrate", "--dry-run", "--show-secrets", ".env")
    assert code == 1
    assert f'+DINGTALK_CLIENT_SECRET="{SENTINEL}"' in out


def test_conflict_refused_then_prefer(in_tmp: Path) -> None:
    path = in_tmp / ".env"
    path.write_text(f"DINGTALK_APP_SECRET={SENTINEL}\nDINGTALK_CLIENT_SECRET=other\n")
    before = path.read_bytes()
    code, out, err = run("migrate", "--yes", "--no-verify", ".env")
    assert code == 1
    assert ".env:1:1: EM004" in out
    assert "refused (conflict)" in err
    assert path.read_bytes() == before
    assert_no_secret(out, err)
    code, _, _ = run("migrate", "--yes", "--no-verify", "--prefer", "old", ".env")
    assert code == 0
    assert path.read_text() == f"DINGTALK_CLIENT_SECRET={SENTINEL}\n"


def test_backup(legacy: Path) -> None:
    before = legacy.read_bytes()
    assert run("migrate", "--yes", "--no-verify", "--backup", ".env")[0] == 0
    assert (legacy.parent / ".env.bak").read_bytes() == before


def test_migrate_json(legacy: Path) -> None:
    code, out, err = run("migrate", "--dry-run", "--format", "json", ".env")
    data = json.loads(out)
    assert code == data["exit_code"] == 1
    assert data["files"] == [
        {"path": ".env", "status": "would-change", "diff": EXPECTED_DIFF, "message": ""}
    ]
    assert_no_secret(out, err)


def test_migrate_preserves_bytes_bom_crlf(in_tmp: Path) -> None:
    path = in_tmp / "prod.env"
    path.write_bytes(b"\xef\xbb\xbf# c\r\nexport DINGTALK_APP_KEY = 'k'  # id\r\nX=1")
    assert run("migrate", "--yes", "--no-verify", str(path))[0] == 0
    assert path.read_bytes() == b"\xef\xbb\xbf# c\r\nexport DINGTALK_CLIENT_ID = 'k'  # id\r\nX=1"


def test_write_failure_is_one_line_and_leaves_file(
    legacy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    before = legacy.read_bytes()
    code, _, err = run("migrate", "--yes", "--no-verify", ".env")
    assert code == 2
    assert "write failed (No space left on device); file untouched" in err
    assert legacy.read_bytes() == before
    assert sorted(p.name for p in legacy.parent.iterdir()) == [".env"]


def test_quiet(legacy: Path) -> None:
    code, out, err = run("migrate", "-q", "--yes", "--no-verify", ".env")
    assert (code, err) == (0, "")
    assert out == EXPECTED_DIFF


# -- the error boundary ------------------------------------------------------------------


def test_interrupt(legacy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(check_command, "run", interrupted)
    code, _, err = run("check")
    assert code == 130
    assert err.strip() == "envmigrate: interrupted"  # click adds a newline after ^C


def test_internal_error_prints_no_details(legacy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: object, **kwargs: object) -> int:
        raise ValueError(f"boom {SENTINEL}")

    monkeypatch.setattr(migrate_command, "run", crash)
    code, out, err = run("migrate", "--yes")
    assert code == 2
    assert "internal error (ValueError)" in err
    assert_no_secret(out, err)
    assert "Traceback" not in err


# -- colour --------------------------------------------------------------------------------


class _Tty:
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("env", "no_color", "expected"),
    [
        ({}, False, True),
        ({"NO_COLOR": "1"}, False, False),
        ({}, True, False),
        ({"TERM": "dumb"}, False, False),
    ],
)
def test_color_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], no_color: bool, expected: bool
) -> None:
    monkeypatch.delenv("TERM", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert color_wanted(_Tty(), no_color=no_color) is expected  # type: ignore[arg-type]
    assert color_wanted(sys.stdout, no_color=False) is False  # captured: not a terminal


# -- a real process ------------------------------------------------------------------------


@pytest.mark.subprocess
def test_real_process(tmp_path: Path) -> None:
    """`python -m envmigrate` in a child process: exit codes and streams as documented."""
    path = tmp_path / ".env"
    path.write_bytes(LEGACY.read_bytes())
    env = {k: v for k, v in os.environ.items() if not k.startswith("DINGTALK_")}
    check = subprocess.run(
        [sys.executable, "-m", "envmigrate", "check", str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert check.returncode == 1
    assert "EM001" in check.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "envmigrate", "migrate", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0


@pytest.mark.parametrize(
    "args",
    [
        ("check", "-v", ".env"),
        ("check", "-v", "--format", "json", ".env"),
        ("check", "-v", "--format", "github", ".env"),
        ("migrate", "-v", "--dry-run", ".env"),
        ("migrate", "-v", "--dry-run", "--format", "json", ".env"),
        ("migrate", "-v", "--yes", "--no-verify", ".env"),
    ],
)
def test_sentinel_absent_in_verbose_output(legacy: Path, args: tuple[str, ...]) -> None:
    """Verbose mode says more, but never a value."""
    _, out, err = run(*args)
    assert out or err
    assert_no_secret(out, err)
