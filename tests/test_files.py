"""Recursive discovery of env files."""

from __future__ import annotations

from pathlib import Path

import pytest

from envmigrate.errors import InputError
from envmigrate.files import discover, is_env_name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (".env", True),
        (".env.production", True),
        (".env.example", True),
        ("prod.env", True),
        (".envrc", False),
        ("env", False),
        (".env.bak", False),
        (".env~", False),
        ("settings.py", False),
        ("env.example", True),
        ("env.template", True),
        ("env.sample", True),
        ("env.dist", True),
        ("example.env", True),
        ("prod.env.example", True),
        ("bot.env.sample", True),
        ("environment.example", False),
        ("myenv.example", False),
        ("env.example.bak", False),
        ("env.py", False),
    ],
)
def test_is_env_name(name: str, expected: bool) -> None:
    assert is_env_name(name) is expected


def test_discover_tree(tmp_path: Path) -> None:
    files = [
        ".env",
        "app/.env.local",
        "app/deploy/prod.env",
        ".git/.env",
        "node_modules/pkg/.env",
        "venv/.env",
        "myvenv/.env",
        "app/.env.bak",
    ]
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("A=1\n")
    (tmp_path / "myvenv" / "pyvenv.cfg").write_text("home = /usr\n")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == [".env", "app/.env.local", "app/deploy/prod.env"]


def test_named_file_is_taken_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "settings.txt"
    path.write_text("A=1\n")
    assert discover([path, path]) == [str(path)]


def test_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no env files found"):
        discover([tmp_path])
    with pytest.raises(InputError, match="no such file or directory"):
        discover([tmp_path / "nope"])
