"""README's examples are real: its diff is what migrate prints, its Python blocks run."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from envmigrate.entry import main
from tests.conftest import LEGACY

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", README, flags=re.MULTILINE | re.DOTALL)


def test_the_migration_diff_is_what_migrate_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copyfile(LEGACY, tmp_path / ".env")
    monkeypatch.chdir(tmp_path)
    assert main(["migrate", "--dry-run", "--no-color", ".env"]) == 1
    assert capsys.readouterr().out == blocks("diff")[0]


def test_the_library_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (library,) = [b for b in blocks("python") if "from envmigrate import" in b]
    shutil.copyfile(LEGACY, tmp_path / ".env")
    monkeypatch.chdir(tmp_path)
    names: dict[str, object] = {}
    exec(compile(library, "README.md", "exec"), names)  # noqa: S102 - our own README
    new_bytes = names["new_bytes"]
    assert isinstance(new_bytes, bytes)
    assert b"DINGTALK_CLIENT_ID=" in new_bytes
    assert b"DINGTALK_APP_KEY" not in new_bytes
    assert b"DINGTALK_AGENT_ID" not in new_bytes


@pytest.mark.subprocess
def test_the_stand_in_example_passes(tmp_path: Path) -> None:
    (example,) = [b for b in blocks("python") if "FakeDingTalk" in b]
    names: dict[str, object] = {}
    exec(compile(example, "README.md", "exec"), names)  # noqa: S102 - our own README
    test = names["test_credentials_check"]
    assert callable(test)
    test(tmp_path)  # asserts exit codes 0, 1 and 3 against the stand-in
