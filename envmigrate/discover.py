"""Find env files: ``.env``, ``.env.*`` and ``*.env``, skipping VCS, tool and venv folders."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from envmigrate.errors import InputError

SKIP_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", ".bzr", "_darcs", ".jj",
        "node_modules", "bower_components", "__pycache__",
        ".venv", "venv", ".tox", ".nox", ".direnv",
        ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis",
        ".terraform", ".serverless", ".next", ".nuxt", ".gradle", ".idea",
    }
)  # fmt: skip
#: Copies that look like env files but are not read by anything (our own backups too).
SKIP_SUFFIXES = (".bak", ".orig", ".rej", ".swp", ".swo", ".tmp", "~")


#: Env templates without the dot: ``env.example``, ``env.template``, ``prod.env.sample``.
TEMPLATE_SUFFIXES = ("example", "sample", "template", "tmpl", "tpl", "dist", "default", "defaults")


def is_env_name(name: str) -> bool:
    """``.env``, ``.env.production``, ``.env.example``, ``prod.env``, ``env.example``,
    ``prod.env.example``, ``env.template``; not backups."""
    if name.endswith(SKIP_SUFFIXES):
        return False
    if name == ".env" or name.startswith(".env.") or (name.endswith(".env") and name != ".env"):
        return True
    stem, _, suffix = name.rpartition(".")
    return suffix in TEMPLATE_SUFFIXES and (stem == "env" or stem.endswith(".env"))


def walk(root: str) -> Iterator[str]:
    """Env files under ``root``, sorted per folder, without following folder symlinks."""
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                items = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        if folder != root and any(item.name == "pyvenv.cfg" for item in items):
            continue  # a virtual environment (whatever its name)
        here = folder in (".", "./")  # report "a/.env", not "./a/.env", like git and ruff
        subdirs: list[str] = []
        for item in items:
            if item.is_dir(follow_symlinks=False):
                if item.name not in SKIP_DIRS:
                    subdirs.append(item.name if here else item.path)
            elif is_env_name(item.name) and item.is_file():
                yield item.name if here else item.path
        stack.extend(reversed(subdirs))


def discover(paths: Iterable[Path], *, excludes: Iterable[str] = ()) -> list[str]:
    """Expand PATH arguments into file paths (str: cheap for large trees), without duplicates.

    Files are taken as given, folders are searched. Raises InputError.
    """
    patterns = tuple(excludes)
    found: list[str] = []
    for path in paths:
        if path.is_dir():
            inside = list(walk(str(path)))
            if patterns:
                inside = [p for p in inside if not _excluded(p, patterns)]
            if not inside:
                raise InputError(f"{path}: no env files found (.env, .env.*, *.env)")
            found.extend(inside)
        elif path.exists() or path.is_symlink():
            found.append(str(path))
        else:
            raise InputError(f"{path}: no such file or directory")
    return list(dict.fromkeys(found))


def _excluded(path: str, patterns: tuple[str, ...]) -> bool:
    return any(
        fnmatch.fnmatch(path, p) or fnmatch.fnmatch(os.path.basename(path), p) for p in patterns
    )
