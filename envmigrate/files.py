"""Files to work on: PATH arguments and folder walks.

Env files (``.env``, ``.env.*``, ``*.env``) are found even when git-ignored (a ``.env``
usually is). Code and config files honour git's ignore rules, matched by ``pathspec``'s
``GitIgnoreSpec``: the ``.gitignore`` files of the searched folders and of the folders
above them up to the repository root (each relative to its own folder), and
``.git/info/exclude``; vendored and build folders are skipped. VCS, tool and
virtual-environment folders are never searched. A folder that cannot be listed is
reported (``unusable``) and the walk goes on. One file reached by several paths (a
symlink, a hard link, ``a.env`` and ``./a.env``) is worked on once: the first path wins
(paths named on the command line are told apart here, by ``stat``; a folder walk's files
when they are read, by the ``fstat`` the reader does anyway: ``fileio.Seen``).
"""

from __future__ import annotations

import gc
import os
import re
import stat
import warnings
from collections.abc import Callable, Container, Iterable, Sequence
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
    """One file to work on and its kind: ``env`` or the scanner for code and config.

    ``stdin``: the text comes from standard input (PATH ``-``); ``path`` is then the name
    messages use (``--stdin-filename``, default ``-``).
    """

    path: str
    kind: str
    stdin: bool = False
    #: Found by a folder listing as a regular file (the reader may skip its first stat).
    listed: bool = False
    #: The run's files read so far (shared by its Sources): a file is worked on once.
    seen: fileio.Seen | None = None


STDIN = "-"


def stdin_source(name: str | None, *, code: bool) -> Source:
    """PATH ``-``: its kind comes from ``--stdin-filename`` (default: an env file)."""
    name = name or STDIN
    base = name.replace("\\", "/").rpartition("/")[2]
    kind = kind_of(base) if code and not is_env_name(base) else None
    return Source(name, kind or ENV_KIND, stdin=True)


#: Called with (path, one-line message) for a folder that cannot be listed.
Unusable = Callable[[str, str], None]


def _refuse(path: str, message: str) -> None:
    raise InputError(message)


def discover(paths: Iterable[Path], *, unusable: Unusable = _refuse) -> list[str]:
    """Expand PATH arguments into env file paths (str: cheap for large trees), no duplicates.

    Files are taken as given, folders are searched. Raises InputError.
    """
    found, _named, _every = _collect(list(paths), code=False, unusable=unusable, say=None)
    return [path for path, _ in unique(found)]


def _is_dir(path: Path) -> bool:
    """A folder to search; anything else (even unreadable or too long) is read as a file."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


def _named(path: Path) -> str:
    try:
        os.lstat(path)
    except FileNotFoundError:
        raise InputError(Msg("{path}: no such file or directory", path=path)) from None
    except OSError:
        pass  # permission denied on a parent, name too long: the read reports it
    return str(path)


def sources(
    paths: Sequence[Path],
    *,
    code: bool,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    say: Callable[[str], None],
    unusable: Unusable = _refuse,
    stdin_name: str | None = None,
) -> list[Source]:
    """Every file to work on (default: the current folder), env files first, then code.

    Only env files named on the command line (pre-commit's case) skip the code walk.
    ``say`` tells the user that the current folder holds nothing to check; ``unusable``
    records a folder that cannot be listed (default: raise InputError).
    """
    piped = [stdin_source(stdin_name, code=code)] if STDIN in map(str, paths) else []
    paths = [p for p in paths if str(p) != STDIN]
    if piped and not paths:
        return piped
    with_code = code and not (paths and all(is_env_name(p.name) and not _is_dir(p) for p in paths))
    found, named, every = _collect(list(paths), code=with_code, unusable=unusable, say=say)
    if include or exclude:  # [tool.envmigrate] include/exclude
        from envmigrate.config import selected

        given = {str(p) for p in paths}
        found = [f for f in found if selected(f[0], include, exclude, named=f[0] in given)]
    seen = fileio.Seen(every=every)
    new = tuple.__new__  # one Source per file: made directly (NamedTuple's __new__ is Python)
    if not named:  # a folder walk: every file was listed
        return piped + [new(Source, (p, k, False, True, seen)) for p, k in found]
    return piped + [new(Source, (p, k, False, p not in named, seen)) for p, k in found]


def _collect(
    paths: list[Path], *, code: bool, unusable: Unusable, say: Callable[[str], None] | None
) -> tuple[list[tuple[str, str]], set[str], bool]:
    """(path, kind) for every file, env files first; the paths that no folder listing found
    as regular files (named ones: each once, by device and inode); and whether a file may
    be met by two paths other than hard links (several PATHs, a link to a file in a walk,
    files named by compose or systemd)."""
    env: list[str] = []
    found_code: list[tuple[str, str]] = []
    named: set[str] = set()
    every = len(paths) > 1
    for path in paths or [Path(".")]:
        if not _is_dir(path):
            name = _named(path)
            named.add(name)
            kind = None if not code or is_env_name(path.name) else kind_of(path.name)
            env.append(name) if kind is None else found_code.append((name, kind))
            continue
        inside = walk(str(path), code=code)
        every = every or bool(inside.links)
        for folder, message in inside.unlisted:
            unusable(folder, message)
        if inside.env or inside.code or inside.unlisted:
            env.extend(inside.env)
            found_code.extend(inside.code)
            loaded = [f for f in named_env_files(inside.code) if f not in inside.env]
            named.update(loaded)
            if loaded:
                every = True
                env.extend(loaded)
                gone = set(loaded)
                found_code = [c for c in found_code if c[0] not in gone]
        elif paths or say is None:
            raise InputError(Msg("{path}: no env files found (.env, .env.*, *.env)", path=path))
        elif code:
            say(_("No env files or code found in the current directory."))
        else:
            say(_("No env files found in the current directory (.env, .env.*, *.env)."))
    return unique([(p, ENV_KIND) for p in env] + found_code, named), named, every


ENV_KIND = "env"


def unique(
    found: Iterable[tuple[str, str]], keyed: Container[str] | None = None
) -> list[tuple[str, str]]:
    """Each file once: the first path to a (device, inode) wins (links, ``./a`` and ``$PWD/a``).

    ``keyed``: the paths to tell apart here (default: all); the others are kept as they
    are (a walk's files: the reader tells them apart). A path that cannot be stat'ed is
    kept (by its text): reading it reports why.
    """
    if keyed is not None and not keyed:
        return found if isinstance(found, list) else list(found)
    seen: set[object] = set()
    out = []
    for path, kind in found:
        if keyed is not None and path not in keyed:
            out.append((path, kind))
            continue
        key: object
        try:
            info = os.stat(path)
            key = (info.st_dev, info.st_ino)
        except OSError:
            key = path
        if key not in seen:
            seen.add(key)
            out.append((path, kind))
    return out


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
    **dict.fromkeys(("groovy", "gvy", "gradle", "jenkinsfile"), "groovy"),
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


#: Kinds some of whose files are skipped by name (``.min.js``, ``.d.ts``, lock files).
_SKIPPABLE = frozenset({"js", "json"})
#: Suffixes outside ``_EXT`` that a whole-name rule of ``kind_of`` makes code.
_NAME_RULE_EXT = frozenset({"toml", "cfg", "txt", "properties", "conf"})
#: Names whose prefix decides their kind, whatever their suffix.
_NAMED_PREFIXES = ("Dockerfile.", "Procfile.", "Jenkinsfile.")
#: Suffix -> kind, for the suffixes that decide a file's kind alone (``kind_of`` then
#: needs no more than the suffix, unless a named prefix overrides it).
_PLAIN_KINDS = {ext: kind for ext, kind in _EXT.items() if kind not in _SKIPPABLE}


def kind_of(name: str) -> str | None:
    """The scanner for a file name: python, js, shell, docker, yaml, json, hcl, make,
    procfile, systemd, deps, go, java, kotlin, csharp, rust, php, ruby, elixir, erb,
    properties, groovy (``Jenkinsfile``, ``Jenkinsfile.*``, ``*.jenkinsfile``, ``*.groovy``,
    ``*.gvy``, ``*.gradle``); None: not code."""
    dot = name.rfind(".")
    if dot > 0 and not name.startswith(_NAMED_PREFIXES):
        ext = name[dot + 1 :]
        kind = _EXT.get(ext)
        if kind is None:  # README.md, logo.png: code only if a whole-name rule says so
            return _kind_by_name(name) if ext in _NAME_RULE_EXT else None
        if kind in _SKIPPABLE and (name.endswith((".min.js", ".d.ts")) or name in _SKIP_JSON):
            return None
        return kind
    return _kind_by_name(name)


def _kind_by_name(name: str) -> str | None:
    """``kind_of``, rule by rule (the whole-name rules first)."""
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
    if name == "Jenkinsfile" or name.startswith("Jenkinsfile."):
        return "groovy"
    if name in _SKIP_JSON:
        return None
    if name in _RUBY_NAMES:
        return "ruby"
    if name.startswith(("application", "bootstrap")) and name.endswith((".properties", ".conf")):
        return "properties"
    return _EXT.get(name.rpartition(".")[2]) if "." in name else None


class Rule(NamedTuple):
    """One ignore line as pathspec compiled it, and how it is applied."""

    regex: re.Pattern[str]
    ignores: bool  # False: a negation (``!``)
    dir_only: bool  # the line ends with "/"
    plain: bool  # the regex has no "a folder above" group: every match is the path itself


class Ignore(NamedTuple):
    """The lines of one ignore file; ``base`` is its folder relative to the repository
    root ("" or "a/b/"). ``rules`` are last line first; ``screen`` matches whatever any
    of them could match (a cheap first test: most paths match no line)."""

    base: str
    rules: tuple[Rule, ...]
    screen: re.Pattern[str]


_ESCAPED_SLASH = re.compile(r"(?<!\\)((?:\\\\)*)\\/")
_STARS_ESCAPED_SLASH = re.compile(r"(^!?|/)\*\*+\\/")


def parse_gitignore(text: str, base: str) -> list[Ignore]:
    """One ignore file's lines (git's full syntax, compiled by ``pathspec``) as a level."""
    # An escaped "/" is still a separator to git ("?\/?" matches "b/c"); pathspec reads it
    # as a name character, so it is unescaped first (an escaped backslash before it stays).
    lines = [_ESCAPED_SLASH.sub(r"\1/", line) for line in map(_matchable, text.splitlines())]
    if not any(line.strip() and not line.startswith("#") for line in lines):
        return []
    with warnings.catch_warnings():  # "[[]" compiles to a regex that re warns about
        warnings.simplefilter("ignore", FutureWarning)
        return _compile_ignore(lines, base)


def _matchable(line: str) -> str:
    """``line``, or "" when git can never match it.

    git takes a final "/" off a line (it means "folders only") before it reads escapes, so
    a line ending in an escaped "/" ("?\\/") is left ending in a lone backslash, which
    matches nothing; unescaped trailing spaces are trimmed first, as git does. Only a
    leading "/" (unescaped) anchors a line, so one starting with an escaped "/" ("\\/?")
    would have to match a path starting with "/", which none does.
    """
    if line.removeprefix("!").startswith("\\/"):
        return ""
    # "**" before an escaped "/" still spans folders, but at least one: git's shortcut for
    # "no folder at all" looks for a plain "/" after the stars.
    line = _STARS_ESCAPED_SLASH.sub(r"\1*/**/", line)
    end = len(line)
    while end and line[end - 1] == " " and _backslashes_before(line, end - 1) % 2 == 0:
        end -= 1
    if end and line[end - 1] == "/" and _backslashes_before(line, end - 1) % 2:
        return ""
    return line


def _backslashes_before(line: str, index: int) -> int:
    """How many backslashes run up to (not including) ``line[index]``."""
    start = index
    while start and line[start - 1] == "\\":
        start -= 1
    return index - start


def _compile_ignore(lines: list[str], base: str) -> list[Ignore]:
    import pathspec  # only folder walks that meet an ignore file pay for it

    try:
        spec = pathspec.GitIgnoreSpec.from_lines(lines)
    except (ValueError, re.error):  # a lone "\\" or "!", a range like "[z-a]": drop that line
        spec = pathspec.GitIgnoreSpec.from_lines(_valid_lines(lines))
    rules = tuple(
        Rule(
            p.regex,
            bool(p.include),
            p.regex.pattern.endswith(_DIR_ONLY),
            "ps_d" not in p.regex.groupindex,
        )
        for p in reversed(spec.patterns)
        if p.include is not None and p.regex is not None
    )
    if not rules:
        return []
    screen = "|".join(f"(?:{r.regex.pattern.replace('(?P<ps_d>', '(?:')})" for r in rules)
    return [Ignore(base, rules, re.compile(screen))]


def _valid_lines(lines: list[str]) -> list[str]:
    import pathspec

    valid = []
    for line in lines:
        try:
            pathspec.GitIgnoreSpec.from_lines([line])
        except (ValueError, re.error):
            continue
        valid.append(line)
    return valid


def ignored(rel: str, is_dir: bool, levels: Sequence[Ignore]) -> bool:
    """git's answer for ``rel`` (relative to the repository root, or the searched root).

    The deepest ignore file with a matching line decides (its last matching line wins);
    ``.git/info/exclude`` is the first level, so it decides last. A line matches the path
    itself, never "a folder above it": the walker never enters an ignored folder, which
    is how git keeps a negation from re-including a file inside one.
    """
    for level in reversed(levels):
        if level.base and not rel.startswith(level.base):
            continue
        path = rel[len(level.base) :]
        if level.screen.search(path if not is_dir else path + "/") is None:
            continue
        for rule in level.rules:
            if _matches(rule, path, is_dir):
                return rule.ignores
    return False


def _matches(rule: Rule, path: str, is_dir: bool) -> bool:
    """Does a compiled line match ``path`` itself (not merely a folder above it)?"""
    if rule.dir_only:
        if not is_dir:
            return False
        probe = path + "/"
        return any(m.end() == len(probe) for m in rule.regex.finditer(probe))
    if rule.plain:
        return rule.regex.search(path) is not None
    return any(m.group("ps_d") is None for m in rule.regex.finditer(path))


_DIR_ONLY = "(?P<ps_d>/)"  # how pathspec ends the regex of a line ending in "/"


class Found(NamedTuple):
    env: list[str]
    code: list[tuple[str, str]]  # (path, kind)
    unlisted: list[tuple[str, str]]  # (folder, message): could not be listed
    #: files reached through a symlink (the same file may be listed by its own name too)
    links: list[str]


def walk(root: str, *, code: bool = True) -> Found:
    """Env files (and code files) under ``root``, sorted per folder, folder links not followed.

    The one folder walker: VCS, tool and virtual-environment folders are never entered.
    A folder that cannot be listed lands in ``unlisted`` and the walk goes on.

    The cycle collector is paused meanwhile: a walk makes a tuple per file and no
    reference cycles, so its passes over the growing lists would only cost time.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _walk(root, code=code)
    finally:
        if collecting:
            gc.enable()


def _walk(root: str, *, code: bool) -> Found:
    found = Found([], [], [], [])
    add_env, add_code, add_link = found.env.append, found.code.append, found.links.append
    prefix, levels = _outer_ignores(root) if code else ("", [])
    hidden = not code or levels is None
    stack: list[tuple[str, str, bool, list[Ignore], bool]] = [
        (root, prefix, hidden, levels or [], False)
    ]
    # The loop runs once per file of a large tree: what every file asks is looked up once.
    plain_kinds, named_prefixes = _PLAIN_KINDS, _NAMED_PREFIXES
    skip_dirs, vendor_dirs, build_dirs = SKIP_DIRS, VENDOR_DIRS, BUILD_DIRS
    while stack:
        folder, rel, skip_code, rules, built = stack.pop()
        try:
            with os.scandir(folder) as it:
                items = {item.name: item for item in it}
        except OSError as exc:
            found.unlisted.append((folder, _unlisted(folder, exc)))
            continue
        if folder != root and "pyvenv.cfg" in items:
            continue  # a virtual environment (whatever its name)
        if not skip_code and ".gitignore" in items:
            rules = rules + _read_ignore(os.path.join(folder, ".gitignore"), rel)
        here = folder in (".", "./")
        subdirs = []
        # The screens of the ignore files over this folder, each with the folder's path
        # relative to it: a file no screen matches is not ignored (``ignored``'s first test).
        screens = [
            (rel[len(lv.base) :], lv.screen.search) for lv in rules if rel.startswith(lv.base)
        ]
        for name in sorted(items):
            item = items[name]
            if item.is_dir(follow_symlinks=False):
                if name not in skip_dirs:
                    sub = rel + name + "/"
                    hidden = (
                        skip_code
                        or name in vendor_dirs
                        or (bool(rules) and ignored(sub[:-1], True, rules))
                    )
                    inside_build = built or name in build_dirs
                    subdirs.append((name if here else item.path, sub, hidden, rules, inside_build))
            elif not built and "env" in name and is_env_name(name):  # every env name has "env"
                path = name if here else item.path
                if item.is_file():
                    add_env(path)
                    if item.is_symlink():
                        add_link(path)
                else:  # a FIFO, device, socket or dangling link: never opened, reported
                    found.unlisted.append((path, _not_a_file(item, path)))
            elif not skip_code:
                # kind_of's answer, straight from the suffix for most files
                dot = name.rfind(".")
                kind = plain_kinds.get(name[dot + 1 :]) if dot > 0 else None
                if kind is None or name.startswith(named_prefixes):
                    kind = kind_of(name)
                    if kind is None:
                        continue
                if not item.is_file():
                    continue
                if screens:
                    screened = False
                    for sub, search in screens:
                        if search(sub + name) is not None:
                            screened = True
                            break
                    if screened and ignored(rel + name, False, rules):
                        continue
                path = name if here else item.path
                add_code((path, kind))
                if item.is_symlink():
                    add_link(path)
        stack.extend(reversed(subdirs))
    return found


def _not_a_file(item: os.DirEntry[str], path: str) -> str:
    try:
        mode = item.stat().st_mode
    except OSError:
        return Msg("{path}: a link to nothing; skipped", path=path)
    return Msg(
        "{path}: not a regular file ({kind}); skipped", path=path, kind=fileio.special_kind(mode)
    )


def _unlisted(folder: str, exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return Msg("{path}: permission denied (cannot list folder); skipped", path=folder)
    why = exc.strerror or type(exc).__name__
    return Msg("{path}: cannot list folder ({why}); skipped", path=folder, why=why)


def _outer_ignores(root: str) -> tuple[str, list[Ignore] | None]:
    """Where ``root`` sits in its git repository ("a/b/", or "") and the ignore files above it.

    None instead of the ignore files: ``root`` or a folder above it is ignored itself.

    ``.git/info/exclude`` first (git gives it the lowest precedence), then the
    ``.gitignore`` of every folder from the repository root down to ``root``'s parent.
    """
    real = os.path.realpath(root)
    top = real
    while not os.path.lexists(os.path.join(top, ".git")):
        parent = os.path.dirname(top)
        if parent == top:
            return "", []
        top = parent
    levels = _read_ignore(os.path.join(_git_dir(top), "info", "exclude"), "")
    rel = os.path.relpath(real, top).replace(os.sep, "/")
    if rel == ".":
        return "", levels
    parts = rel.split("/")
    for depth in range(len(parts)):
        base = "".join(part + "/" for part in parts[:depth])
        levels += _read_ignore(os.path.join(top, *parts[:depth], ".gitignore"), base)
        if ignored(base + parts[depth], True, levels):
            return rel + "/", None  # git ignores the whole folder: no code in it
    return rel + "/", levels


def _git_dir(top: str) -> str:
    """The repository's common git folder (a worktree's ``.git`` file points to it)."""
    dot_git = os.path.join(top, ".git")
    if os.path.isdir(dot_git):
        return dot_git
    text = _read_text(dot_git)
    if not text.startswith("gitdir:"):
        return dot_git
    git_dir = os.path.join(top, text.removeprefix("gitdir:").strip())
    common = _read_text(os.path.join(git_dir, "commondir")).strip()
    return os.path.normpath(os.path.join(git_dir, common)) if common else git_dir


def _read_text(path: str) -> str:
    """A small git or ignore file through the one bounded reader; "" when unusable.

    A FIFO or ``/dev/zero`` named ``.gitignore`` is skipped, never waited on or read whole.
    """
    try:
        return fileio.read_bytes(path, limit=1024 * 1024).decode("utf-8", errors="replace")
    except InputError:
        return ""


def _read_ignore(path: str, base: str) -> list[Ignore]:
    if not os.path.lexists(path):
        return []
    return parse_gitignore(_read_text(path), base)


# -- env files named by other files ---------------------------------------------------------
# Whatever its name (``config/bot.conf``, ``secrets.txt``), a file that compose
# (``env_file:``) or systemd (``EnvironmentFile=``) loads as an env file is one. Compose
# paths are relative to the compose file; a systemd path is absolute on the host, so the
# file is looked for beside the unit by its base name (where repositories keep it).

# Compiled on first use (``re`` keeps them): a check of named files never needs them.
_ENV_FILE = r"(?m)^(?P<indent>[ \t]*)env_file[ \t]*:[ \t]*(?P<value>[^\r\n#]*)"
_ITEM = r"^[ \t]*-[ \t]+(?:path[ \t]*:[ \t]*)?(?P<value>[^\r\n#]+)"
_UNIT = r"(?m)^[ \t]*EnvironmentFile[ \t]*=[ \t]*-?(?P<value>[^\r\n]+)"


def _clean(value: str) -> str:
    return value.strip().strip("\"'").strip()


def compose_targets(text: str) -> list[str]:
    """The paths a compose file's ``env_file:`` entries name (as written)."""
    found: list[str] = []
    for match in re.finditer(_ENV_FILE, text):
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
                item = re.match(_ITEM, line)
                if item:
                    found.append(_clean(item.group("value")))
    return [f for f in found if f and "$" not in f]


def unit_targets(text: str) -> list[str]:
    return [
        _clean(m.group("value")) for m in re.finditer(_UNIT, text) if "%" not in m.group("value")
    ]


def named_env_files(code: Iterable[tuple[str, str]]) -> list[str]:
    """Existing files named as env files by the compose files and systemd units given."""
    found: list[str] = []
    for path, kind in code:
        if kind != "yaml" and kind != "systemd":
            continue
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
