"""The pre-commit hooks, run by the real pre-commit in a temporary git repository.

pre-commit clones the hook repository at a commit and pip-installs it into its own
virtualenv (only the package index is needed). The test snapshots this checkout's working
tree into a throw-away repository, so uncommitted work is what gets tested.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SENTINEL, legacy_with_sentinel

pytestmark = [
    pytest.mark.subprocess,
    pytest.mark.skipif(
        importlib.util.find_spec("pre_commit") is None,
        reason="pre-commit is not installed (it comes with the 'test' extra)",
    ),
]
CHECKOUT = Path(__file__).resolve().parent.parent
HOOKS = CHECKOUT / ".pre-commit-hooks.yaml"


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    proc = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid",
         "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return proc.stdout


def snapshot(dest: Path) -> str:
    """Copy the checkout's files (tracked and new, not ignored) into a fresh repo; its sha."""
    listing = git(CHECKOUT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listing.split("\0")):
        source = CHECKOUT / name
        if source.is_file() and not name.startswith(("tests/", "bench/")):
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "snapshot")
    return git(dest, "rev-parse", "HEAD").strip()


def commit(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "NO_COLOR": "1",
    }
    env.pop("PRE_COMMIT_COLOR", None)
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid",
         "-c", "commit.gpgsign=false", "commit", "-q", "-m", "add env"],
        cwd=repo, env=env, capture_output=True, text=True, check=False,
        stdin=subprocess.DEVNULL, timeout=300,
    )  # fmt: skip


def test_hook_file_matches_env_names_only() -> None:
    """The files: pattern takes .env, .env.*, *.env and leaves backups and look-alikes."""
    text = HOOKS.read_text()
    files = re.findall(r"^  files: (.+)$", text, re.MULTILINE)
    excludes = re.findall(r"^  exclude: (.+)$", text, re.MULTILINE)
    assert len(files) == len(excludes) == 2
    for pattern, exclude in zip(files, excludes, strict=True):

        def hooked(name: str, pattern: str = pattern, exclude: str = exclude) -> bool:
            return bool(re.search(pattern, name)) and not re.search(exclude, name)

        for name in (".env", "a/.env", ".env.production", "svc/.env.example", "prod.env"):
            assert hooked(name), name
        for name in (".env.bak", "a/.env~", "environment.py", ".envrc", "x.env.orig", "env"):
            assert not hooked(name), name


def test_real_precommit_check_then_fix(tmp_path: Path) -> None:
    """check fails the commit (EM001, no secret) and fix rewrites; the next commit passes."""
    hooks_repo = tmp_path / "hooks"
    hooks_repo.mkdir()
    sha = snapshot(hooks_repo)
    repo = tmp_path / "project"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hooks_repo.as_posix()}\n  rev: {sha}\n"
        "  hooks:\n  - id: envmigrate-check\n  - id: envmigrate-fix\n"
    )
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=repo, check=True,
        capture_output=True, env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull},
    )  # fmt: skip
    (repo / ".env").write_bytes(legacy_with_sentinel())
    git(repo, "add", ".env", ".pre-commit-config.yaml")
    home = tmp_path / "cache"

    refused = commit(repo, home)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert re.search(r"\.env:8:1: EM001 DINGTALK_APP_KEY is deprecated", output), output
    assert "files were modified by this hook" in output
    assert SENTINEL not in output
    migrated = (repo / ".env").read_text()
    assert "DINGTALK_CLIENT_ID=" in migrated
    assert "DINGTALK_APP_KEY" not in migrated
    assert SENTINEL in migrated  # the value itself is kept, only the key renamed

    git(repo, "add", ".env")
    passed = commit(repo, home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert SENTINEL not in passed.stdout + passed.stderr
