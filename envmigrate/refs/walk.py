"""One pass over a folder: env files (as ``discover`` finds them) and code/config files.

Env files are found exactly as ``envmigrate.discover`` finds them (a ``.env`` is usually
git-ignored, and is still checked). Code and config files honour ``.gitignore`` (a
subset: patterns, ``!`` negation, ``dir/`` only, anchored ``/x`` and ``a/b``, ``*``, ``?``,
``**``, ``[...]``; the ``.gitignore`` files of the searched folders) and skip vendored and
build folders.
"""

from __future__ import annotations

import os
import re
from typing import NamedTuple

from envmigrate.discover import SKIP_DIRS, SKIP_SUFFIXES, is_env_name

#: Never searched for code: vendored, generated and build output.
VENDOR_DIRS = frozenset(
    {"vendor", "vendors", "third_party", "third-party", "dist", "build", "site-packages",
     ".eggs", "target", "coverage", "htmlcov", ".cache"}
)  # fmt: skip
_EXT = {
    **dict.fromkeys(("py", "pyi"), "python"),
    **dict.fromkeys(("js", "mjs", "cjs", "jsx", "ts", "tsx", "mts", "cts", "vue"), "js"),
    **dict.fromkeys(("sh", "bash", "zsh", "ksh"), "shell"),
    **dict.fromkeys(("yml", "yaml"), "yaml"),
    **dict.fromkeys(("tf", "tfvars", "hcl"), "hcl"),
    "dockerfile": "docker",
    "json": "json",
    "mk": "make",
    "service": "systemd",
}
#: Generated or huge JSON that never reads a variable.
_SKIP_JSON = frozenset({"package-lock.json", "npm-shrinkwrap.json", "composer.lock"})
#: Committed build output: left alone, env files included.
BUILD_DIRS = frozenset({"dist", "build"})
_DEPS = frozenset({"pyproject.toml", "setup.cfg", "Pipfile"})


def kind_of(name: str) -> str | None:
    """The scanner for a file name: python, js, shell, docker, yaml, json, hcl, make,
    procfile, systemd, deps; None: not code."""
    if name.endswith((*SKIP_SUFFIXES, ".min.js", ".d.ts")):
        return None
    if name in _DEPS or (
        name.startswith(("requirements", "constraints")) and name.endswith(".txt")
    ):
        return "deps"
    if name in ("Dockerfile", "Containerfile") or name.startswith("Dockerfile."):
        return "docker"
    if name == ".envrc":
        return "shell"
    if name in ("Makefile", "makefile", "GNUmakefile"):
        return "make"
    if name == "Procfile" or name.startswith("Procfile."):
        return "procfile"
    if name in _SKIP_JSON:
        return None
    return _EXT.get(name.rpartition(".")[2]) if "." in name else None


class Rule(NamedTuple):
    """One .gitignore line, compiled; ``base`` is the folder it came from ("" or "a/b/")."""

    base: str
    regex: re.Pattern[str]
    negate: bool
    dir_only: bool


def parse_gitignore(text: str, base: str) -> list[Rule]:
    rules = []
    for raw in text.splitlines():
        line = raw.rstrip(" ")
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        line = line[1:] if negate else line.removeprefix("\\")
        dir_only = line.endswith("/")
        line = line.rstrip("/")
        if not line:
            continue
        anchored = "/" in line
        body = _glob(line.lstrip("/"))
        regex = re.compile(body if anchored else f"(?:.*/)?{body}", re.DOTALL)
        rules.append(Rule(base, regex, negate, dir_only))
    return rules


def _glob(pattern: str) -> str:
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and (end := pattern.find("]", i + 1)) > 0:
            out.append("[" + pattern[i + 1 : end].replace("!", "^", 1) + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out) + r"\Z"


def ignored(rel: str, is_dir: bool, rules: list[Rule]) -> bool:
    """git's answer for ``rel`` (relative to the searched root); the last match wins."""
    result = False
    for rule in rules:
        applies = (is_dir or not rule.dir_only) and rel.startswith(rule.base)
        if applies and rule.regex.match(rel, len(rule.base)):
            result = not rule.negate
    return result


class Found(NamedTuple):
    env: list[str]
    code: list[tuple[str, str]]  # (path, kind)


def walk(root: str) -> Found:
    """Env files and code files under ``root``, sorted per folder, links to folders not followed."""
    found = Found([], [])
    stack: list[tuple[str, str, bool, list[Rule], bool]] = [(root, "", False, [], False)]
    while stack:
        folder, rel, skip_code, rules, built = stack.pop()
        try:
            with os.scandir(folder) as it:
                items = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        if rel and any(item.name == "pyvenv.cfg" for item in items):
            continue  # a virtual environment (whatever its name)
        if not skip_code and any(item.name == ".gitignore" for item in items):
            rules = rules + _read_rules(os.path.join(folder, ".gitignore"), rel)
        here = folder in (".", "./")
        subdirs = []
        for item in items:
            path = item.name if here else item.path
            if item.is_dir(follow_symlinks=False):
                if item.name not in SKIP_DIRS:
                    sub = rel + item.name + "/"
                    hidden = skip_code or item.name in VENDOR_DIRS or ignored(sub[:-1], True, rules)
                    inside_build = built or item.name in BUILD_DIRS
                    subdirs.append((path, sub, hidden, rules, inside_build))
            elif is_env_name(item.name):
                if item.is_file() and not built:
                    found.env.append(path)
            elif not skip_code and (kind := _code_kind(item, rel, rules)):
                found.code.append((path, kind))
        stack.extend(reversed(subdirs))
    return found


def _code_kind(item: os.DirEntry[str], rel: str, rules: list[Rule]) -> str | None:
    kind = kind_of(item.name)
    if kind is None or not item.is_file() or (rules and ignored(rel + item.name, False, rules)):
        return None
    return kind


def _read_rules(path: str, base: str) -> list[Rule]:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return parse_gitignore(handle.read(), base)
    except OSError:
        return []
