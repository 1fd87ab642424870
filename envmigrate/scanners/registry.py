"""Kind -> scanner: which pure scanner reads a kind of file, and which bytes make it worth it.

``env`` is one kind among the others: its scanner is ``detect`` (check) and ``rewrite``
(migrate), run on a parsed ``EnvFile``. Every other kind has a ``str -> [Hit]`` scanner
here. Scanners are imported on first use, so start-up stays light.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from envmigrate.rules import CREDENTIAL_KEYS, PER_TABLE, RenameTable, per_table

if TYPE_CHECKING:
    from envmigrate.scanners.hits import Hit

ENV = "env"
#: Code files larger than this are skipped (generated bundles, data dumps).
CODE_MAX_BYTES = 4 * 1024 * 1024
CLIENT = b"DingTalkStreamClient"
#: Kinds scanned whatever they contain (dependency pins do not name the variables).
ALWAYS = frozenset({"deps"})
#: Kind -> module of the token scanners (one per language), imported on first use.
_LANGUAGES = {
    "go": "golang",
    "java": "java",
    "kotlin": "kotlin",
    "csharp": "csharp",
    "rust": "rust",
    "php": "php",
    "ruby": "ruby",
    "elixir": "elixir",
    "properties": "properties",
    "erb": "erb",
    "groovy": "groovy",
}


def scanner(kind: str) -> Callable[[str, RenameTable], list[Hit]]:
    """The scanner for a kind of code or config file."""
    if kind in _LANGUAGES:
        import importlib

        module = importlib.import_module(f"envmigrate.scanners.{_LANGUAGES[kind]}")
        found: Callable[[str, RenameTable], list[Hit]] = module.scan
        return found
    from envmigrate.scanners import deps, js, python, shell, structured

    scanners: dict[str, Callable[[str, RenameTable], list[Hit]]] = {
        "python": python.scan,
        "js": js.scan,
        "shell": shell.scan_shell,
        "docker": shell.scan_docker,
        "yaml": _yaml,
        "json": structured.scan_json,
        "hcl": structured.scan_hcl,
        "make": shell.scan_make,
        "procfile": shell.scan_procfile,
        "systemd": shell.scan_systemd,
        "deps": lambda source, _rules: deps.scan(source),
    }
    return scanners[kind]


def _yaml(source: str, rules: RenameTable) -> list[Hit]:
    """YAML, and the Ruby in its ERB tags (Rails renders ``config/*.yml`` through ERB)."""
    from envmigrate.scanners import erb, yaml

    return [*yaml.scan(source, rules), *erb.scan(source, rules)]


#: Kinds whose diffs are masked like another kind's (``NAME=value`` config lines).
MASKED_AS = {
    "make": "shell",
    "procfile": "shell",
    "systemd": "shell",
    "hcl": "shell",
    "json": "shell",
}


def mask_kind(kind: str) -> str:
    """The kind ``scanners.mask`` masks this kind's diff as."""
    return MASKED_AS.get(kind, kind)


#: Under ``--strict`` a suppression comment that silences nothing is a finding (EM900):
#: a file holding one is read even when it names nothing (any more: after a migration).
SUPPRESSION = b"envmigrate:"


def needles(kind: str, rules: RenameTable, *, strict: bool = False) -> tuple[bytes, ...]:
    """Byte strings one of which every file of this kind worth scanning contains.

    Empty: scan every file of the kind. Env files are parsed only when they mention a
    watched name (old, new or obsolete); code only when it names an old or obsolete one
    (in either case), a piece a name can be built from (``APP_KEY``), what its kind reads
    names through (viper's ``AutomaticEnv``, pydantic's ``env_prefix``) or the Stream
    client: no hit a scanner makes is in a file without one of them
    (tests/scanners/test_prefilter.py); ``strict``: a suppression comment too. Worked out
    once per kind and rename table.
    """
    known = PER_TABLE.get((kind, id(rules)))  # asked once per file: the cache, looked up here
    if known is not None:
        found: tuple[bytes, ...] = known[1]
    else:
        found = per_table(kind, rules, _needles)
    return (*found, SUPPRESSION) if strict and found else found


def env_names(rules: RenameTable) -> frozenset[str]:
    """The keys an env file is read for by ``check``: the watched names and the
    credentials (``envfile.parse_for_check``), worked out once per rename table."""
    return per_table("env names", rules, lambda _, table: table.watched | CREDENTIAL_KEYS)


#: What a scanner reads a name through without the name in the file: viper's
#: ``AutomaticEnv`` (``GetString("dingtalk.app_key")``), pydantic's ``env_prefix``.
_READ_THROUGH = {"go": (b"AutomaticEnv",), "python": (b"env_prefix",)}


def _needles(kind: str, rules: RenameTable) -> tuple[bytes, ...]:
    if kind in ALWAYS:
        return ()
    if kind == ENV:
        return _common(sorted(rules.watched))
    base = _common(sorted({*rules.renames, *rules.obsolete}))
    found = [*base, *(n.lower() for n in base)]
    from envmigrate.scanners.reads import fragments  # code kinds only

    # a name built at run time ("DINGTALK" + "_APP_KEY") holds a piece, not the name
    found += (piece.encode() for piece in fragments(rules))  # the pieces it looks for
    # a needle that holds another one finds nothing more: only the shortest are searched
    found = [n for n in dict.fromkeys(found) if not any(m in n for m in found if m != n)]
    return (*found, *_READ_THROUGH.get(kind, ()), CLIENT)


def _common(names: list[str]) -> tuple[bytes, ...]:
    prefix = os.path.commonprefix(names)  # noqa: RUF071 - key names, not paths
    return (prefix.encode(),) if len(prefix) >= 4 else tuple(n.encode() for n in names)


def wanted(data: bytes, keys: tuple[bytes, ...]) -> bool:
    """The one pre-filter: does ``data`` contain one of the needles (or are there none)?

    ``find``, not ``in``: ``bytes.__contains__`` first tries its argument as an integer
    (``65 in b"A"``), and raising and clearing that TypeError costs more than the search
    of a small file.
    """
    for key in keys:
        if data.find(key) >= 0:
            return True
    return not keys


def scan(source: str, kind: str, rules: RenameTable) -> list[Hit]:
    """The hits of one decoded code file, sorted, one per position."""
    hits = {hit.start: hit for hit in scanner(kind)(source, rules)}
    return sorted(hits.values())
