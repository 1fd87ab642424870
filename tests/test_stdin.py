"""PATH ``-``: check and migrate read standard input; migrate writes the migrated text only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate import fileio
from envmigrate.entry import main
from tests.conftest import SENTINEL, legacy_with_sentinel

ROOT = Path(__file__).resolve().parents[1]


def run_bytes(*args: str, stdin: bytes) -> tuple[int, bytes, str]:
    with CliRunner().isolation(input=stdin) as (out, err, _):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue().decode()


def test_check_reads_stdin_as_an_env_file(in_tmp: Path) -> None:
    code, out, err = run_bytes("check", "-", stdin=legacy_with_sentinel())
    assert code == 1
    assert out.decode().splitlines()[0].startswith("-:8:1: EM001 DINGTALK_APP_KEY")
    assert err == "Found 2 errors and 2 warnings; 1 file checked.\n"
    assert SENTINEL.encode() not in out + err.encode()


@pytest.mark.parametrize(
    ("args", "first"),
    [
        (["-", "--stdin-filename", "deploy/.env.prod"], "deploy/.env.prod:8:1: EM001"),
        (["--stdin-filename", "deploy/.env.prod"], "deploy/.env.prod:8:1: EM001"),
        (["-", "--stdin-filename", "settings.txt"], "settings.txt:8:1: EM001"),
    ],
)
def test_stdin_filename_names_the_text(in_tmp: Path, args: list[str], first: str) -> None:
    _, out, _ = run_bytes("check", *args, stdin=legacy_with_sentinel())
    assert out.decode().startswith(first)


@pytest.mark.parametrize(
    ("name", "text", "code"),
    [
        ("app.py", 'import os\nk = os.environ["DINGTALK_APP_KEY"]\n', "EM101"),
        ("web.ts", "const k = process.env.DINGTALK_APP_KEY;\n", "EM101"),
        ("Dockerfile", "ENV DINGTALK_APP_KEY=x\n", "EM102"),
        ("requirements.txt", "dingtalk-stream==0.5.0\n", "EM104"),
    ],
)
def test_stdin_filename_chooses_the_scanner(in_tmp: Path, name: str, text: str, code: str) -> None:
    exit_code, out, _ = run_bytes(
        "check", "--format", "json", "-", "--stdin-filename", name, stdin=text.encode()
    )
    found = json.loads(out)["findings"]
    assert [(f["path"], f["code"]) for f in found] == [(name, code)]
    assert exit_code == 1


def test_migrate_writes_only_the_migrated_text(in_tmp: Path) -> None:
    data = legacy_with_sentinel()
    code, out, err = run_bytes("migrate", "-", stdin=data)
    (in_tmp / ".env").write_bytes(data)
    run_bytes("migrate", "--yes", "--no-verify", ".env", stdin=b"")
    assert code == 0
    assert out == (in_tmp / ".env").read_bytes()  # the real text: the user piped it in
    assert SENTINEL not in err
    assert err == "1 file migrated.\n"


@pytest.mark.parametrize(
    ("text", "code", "said"),
    [
        (b"OTHER=1\n", 0, "1 file already clean"),
        (b"DINGTALK_APP_KEY=a\nDINGTALK_CLIENT_ID=b\n", 1, "refused"),
        (b"DINGTALK_APP_KEY=\xff\xfe\n", 2, "not valid UTF-8"),
        (b"", 0, "already clean"),
    ],
)
def test_migrate_echoes_what_it_does_not_change(
    in_tmp: Path, text: bytes, code: int, said: str
) -> None:
    exit_code, out, err = run_bytes("migrate", "-", stdin=text)
    assert (exit_code, out) == (code, text), err
    assert said in err


def test_stdin_has_the_file_size_cap(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fileio, "MAX_BYTES", 64)
    text = b"DINGTALK_APP_KEY=" + b"x" * 100 + b"\n"
    for command in ("check", "migrate"):
        exit_code, out, err = run_bytes(command, "-", stdin=text)
        assert (exit_code, out) == (2, b"")
        assert "-: larger than" in err


@pytest.mark.parametrize(
    "args",
    [["migrate", "-", ".env"], ["migrate", "--format", "json", "-"]],
)
def test_migrate_stdin_refuses_what_would_mix_with_the_text(in_tmp: Path, args: list[str]) -> None:
    (in_tmp / ".env").write_text("DINGTALK_APP_KEY=x\n")
    exit_code, out, err = run_bytes(*args, stdin=b"DINGTALK_APP_KEY=y\n")
    assert exit_code == 2
    assert "-: " in err
    assert (in_tmp / ".env").read_text() == "DINGTALK_APP_KEY=x\n"
    if "json" in args:
        assert json.loads(out)["exit_code"] == 2


LINES = st.sampled_from(
    [
        "DINGTALK_APP_KEY=id",
        f"DINGTALK_APP_SECRET='{SENTINEL}'",
        "DINGTALK_AGENT_ID=7",
        "DINGTALK_CLIENT_ID=id",
        "X=${DINGTALK_APP_KEY}",
        "# comment",
        "",
        "export DINGTALK_APP_KEY = id # note",
        'MULTI="a\nb"',
    ]
)


@settings(max_examples=40, deadline=None)
@given(lines=st.lists(LINES, max_size=6), ending=st.sampled_from(["\n", "\r\n"]))
def test_stdin_migrates_like_a_file(lines: list[str], ending: str) -> None:
    """``migrate -`` prints exactly what ``migrate --yes`` writes (or the input, untouched)."""
    data = ending.join(lines).encode()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ".env"
        path.write_bytes(data)
        file_code, _, _ = run_bytes("migrate", "--yes", "--no-verify", str(path), stdin=b"")
        code, out, err = run_bytes("migrate", "-", stdin=data)
        assert out == path.read_bytes()
        assert code == file_code
        assert SENTINEL not in err


@pytest.mark.subprocess
def test_a_real_pipe(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "envmigrate", "migrate", "-"],
        input=legacy_with_sentinel(),
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert b"DINGTALK_CLIENT_SECRET" in done.stdout
    assert SENTINEL.encode() in done.stdout
    assert SENTINEL.encode() not in done.stderr
