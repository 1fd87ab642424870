"""Files to work on: PATH arguments and folder walks.

Env files (``.env``, ``.env.*``, ``*.env``) are found even when git-ignored (a ``.env``
usually is). Code and config files honour ``.gitignore`` (a subset: patterns, ``!``
negation, ``dir/`` only, anchored ``/x`` and ``a/b``, ``*``, ``?``, ``**``, ``[...]``; the
``.gitignore`` files of the searched folders) and skip vendored and build folders. VCS,
tool and virtual-environment folders are never searched.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from envmigrate import fileio
from envmigrate.errors import InputError
from envmigrate.i18n import Msg, _

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


class Source(NamedTuple):
    """One file to work on and its kind: ``env`` or the scanner for code and config."""

    path: str
    kind: str


def discover(paths: Iterable[Path]) -> list[str]:
    """Expand PATH arguments into env file paths (str: cheap for large trees), no duplicates.

    Files are taken as given, folders are searched. Raises InputError.
    """
    found: list[str] = []
    for path in paths:
        if path.is_dir():
            inside = walk(str(path), code=False).env
            if not inside:
                raise InputError(Msg("{path}: no env files found (.env, .env.*, *.env)", path=path))
            found.extend(inside)
        else:
            found.append(_named(path))
    return list(dict.fromkeys(found))


def _named(path: Path) -> str:
    if path.exists() or path.is_symlink():
        return str(path)
    raise InputError(Msg("{path}: no such file or directory", path=path))


def sources(
    paths: Sequence[Path],
    *,
    code: bool,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    say: Callable[[str], None],
) -> list[Source]:
    """Every file to work on (default: the current folder), env files first, then code.

    Only env files named on the command line (pre-commit's case) skip the code walk.
    ``say`` tells the user that the current folder holds nothing to check.
    """
    if not code or (paths and all(is_env_name(p.name) and not p.is_dir() for p in paths)):
        env, found_code = _env_only(paths, say), list[tuple[str, str]]()
    else:
        env, found_code = _with_code(paths, say)
    if include or exclude:  # [tool.envmigrate] include/exclude
        from envmigrate.config import selected

        named = {str(p) for p in paths}
        env = [f for f in env if selected(f, include, exclude, named=f in named)]
        found_code = [
            f for f in found_code if selected(f[0], include, exclude, named=f[0] in named)
        ]
    return [Source(p, "env") for p in env] + [Source(p, k) for p, k in found_code]


def _env_only(paths: Sequence[Path], say: Callable[[str], None]) -> list[str]:
    try:
        return discover(paths or [Path(".")])
    except InputError:
        if paths:
            raise
        say(_("No env files found in the current directory (.env, .env.*, *.env)."))
        return []


def _with_code(
    paths: Sequence[Path], say: Callable[[str], None]
) -> tuple[list[str], list[tuple[str, str]]]:
    found = Found([], [])
    for path in paths or [Path(".")]:
        if not path.is_dir():
            name = _named(path)
            kind = None if is_env_name(path.name) else kind_of(path.name)
            found.env.append(name) if kind is None else found.code.append((name, kind))
            continue
        inside = walk(str(path))
        if not (inside.env or inside.code):
            if paths:
                raise InputError(Msg("{path}: no env files found (.env, .env.*, *.env)", path=path))
            say(_("No env files or code found in the current directory."))
        found.env.extend(inside.env)
        found.code.extend(inside.code)
        loaded = [f for f in named_env_files(inside.code) if f not in inside.env]
        found.env.extend(loaded)
        found.code[:] = [c for c in found.code if c[0] not in loaded]
    return list(dict.fromkeys(found.env)), list(dict.fromkeys(found.code))


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
    "go": "go",
    "java": "java",
    **dict.fromkeys(("kt", "kts"), "kotlin"),
    "cs": "csharp",
    "rs": "rust",
    "php": "php",
    **dict.fromkeys(("rb", "rake", "gemspec", "ru"), "ruby"),
    **dict.fromkeys(("ex", "exs"), "elixir"),
    "erb": "erb",
    "json": "json",
    "mk": "make",
    "service": "systemd",
}
#: Generated or huge JSON that never reads a variable.
_SKIP_JSON = frozenset({"package-lock.json", "npm-shrinkwrap.json", "composer.lock"})
#: Committed build output: left alone, env files included.
BUILD_DIRS = frozenset({"dist", "build"})
#: Ruby files without a suffix.
_RUBY_NAMES = frozenset({"Gemfile", "Rakefile", "Guardfile", "Capfile", "Vagrantfile"})
_DEPS = frozenset({"pyproject.toml", "setup.cfg", "Pipfile"})


def kind_of(name: str) -> str | None:
    """The scanner for a file name: python, js, shell, docker, yaml, json, hcl, make,
    procfile, systemd, deps, go, java, kotlin, csharp, rust, php, ruby, elixir, erb,
    properties; None: not code."""
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
    if name in _RUBY_NAMES:
        return "ruby"
    if name.startswith(("application", "bootstrap")) and name.endswith((".properties", ".conf")):
        return "properties"
    return _EXT.get(name.rpartition(".")[2]) if "." in name else None


class IgnoreRule(NamedTuple):
    """One .gitignore line, compiled; ``base`` is the folder it came from ("" or "a/b/")."""

    base: str
    regex: re.Pattern[str]
    negate: bool
    dir_only: bool


def parse_gitignore(text: str, base: str) -> list[IgnoreRule]:
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
        rules.append(IgnoreRule(base, regex, negate, dir_only))
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


def ignored(rel: str, is_dir: bool, rules: list[IgnoreRule]) -> bool:
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


def walk(root: str, *, code: bool = True) -> Found:
    """Env files (and code files) under ``root``, sorted per folder, folder links not followed.

    The one folder walker: VCS, tool and virtual-environment folders are never entered.
    """
    found = Found([], [])
    stack: list[tuple[str, str, bool, list[IgnoreRule], bool]] = [(root, "", not code, [], False)]
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


def _code_kind(item: os.DirEntry[str], rel: str, rules: list[IgnoreRule]) -> str | None:
    kind = kind_of(item.name)
    if kind is None or not item.is_file() or (rules and ignored(rel + item.name, False, rules)):
        return None
    return kind


def _read_rules(path: str, base: str) -> list[IgnoreRule]:
    try:  # the bounded reader: a FIFO or /dev/zero named .gitignore is skipped
        data = fileio.read_bytes(path, limit=1024 * 1024)
    except InputError:
        return []
    return parse_gitignore(data.decode("utf-8", errors="replace"), base)


# -- env files named by other files ---------------------------------------------------------
# Whatever its name (``config/bot.conf``, ``secrets.txt``), a file that compose
# (``env_file:``) or systemd (``EnvironmentFile=``) loads as an env file is one. Compose
# paths are relative to the compose file; a systemd path is absolute on the host, so the
# file is looked for beside the unit by its base name (where repositories keep it).

_ENV_FILE = re.compile(r"^(?P<indent>[ \t]*)env_file[ \t]*:[ \t]*(?P<value>[^\r\n#]*)", re.M)
_ITEM = re.compile(r"^[ \t]*-[ \t]+(?:path[ \t]*:[ \t]*)?(?P<value>[^\r\n#]+)")
_UNIT = re.compile(r"^[ \t]*EnvironmentFile[ \t]*=[ \t]*-?(?P<value>[^\r\n]+)", re.M)


def _clean(value: str) -> str:
    return value.strip().strip("\"'").strip()


def compose_targets(text: str) -> list[str]:
    """The paths a compose file's ``env_file:`` entries name (as written)."""
    found: list[str] = []
    for match in _ENV_FILE.finditer(text):
        value = match.group("value").strip()
        if value.startswith("["):
            found += [_clean(v) for v in value.strip("[]").split(",")]
        elif value:
            found.append(_clean(value))
        else:
            indent = len(match.group("indent"))
            for line in text[match.end() :].splitlines()[1:]:
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                if len(line) - len(line.lstrip()) <= indent:
                    break
                item = _ITEM.match(line)
                if item:
                    found.append(_clean(item.group("value")))
    return [f for f in found if f and "$" not in f]


def unit_targets(text: str) -> list[str]:
    return [_clean(m.group("value")) for m in _UNIT.finditer(text) if "%" not in m.group("value")]


def named_env_files(code: Iterable[tuple[str, str]]) -> list[str]:
    """Existing files named as env files by the compose files and systemd units given."""
    found: list[str] = []
    for path, kind in code:
        name = os.path.basename(path)
        is_compose = kind == "yaml" and "compose" in name
        if not (is_compose or kind == "systemd"):
            continue
        try:  # the bounded reader: a FIFO or a device never hangs the walk
            text = fileio.read_bytes(path, limit=1024 * 1024).decode("utf-8", errors="replace")
        except InputError:
            continue
        folder = os.path.dirname(path)
        if is_compose:
            candidates = [os.path.normpath(os.path.join(folder, t)) for t in compose_targets(text)]
        else:
            candidates = [os.path.join(folder, os.path.basename(t)) for t in unit_targets(text)]
        found += [c for c in candidates if os.path.isfile(c) and not os.path.islink(c)]
    return list(dict.fromkeys(found))
