"""Regex scanners for JavaScript/TypeScript, shell and Dockerfiles: exact names, whole tokens.

A name counts only as a whole token (``MY_DINGTALK_APP_KEY`` and ``DINGTALK_APP_KEY_2``
never match). JavaScript: ``process.env.X``, ``import.meta.env.X``, a string literal that
is exactly the name (``process.env["X"]``, ``getEnv('X')``), and destructuring
``const { X } = process.env`` (rewritten to ``{ NEW: X }`` so the local name still works).
Shell and Dockerfile: every whole-token use (``$X``, ``${X:-d}``, ``export X=``,
``ENV X=``, ``ARG X``), except a BuildKit secret id (``id=X``), which names a secret, not
a variable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from envmigrate.rules import RenameTable
from envmigrate.scanners.hits import Hit, name_hit


def watched(rules: RenameTable) -> tuple[str, ...]:
    """Old and obsolete names, longest first (a hashable key for the pattern caches)."""
    return tuple(sorted({*rules.renames, *rules.obsolete}, key=lambda n: (-len(n), n)))


def alternation(names: tuple[str, ...]) -> str:
    return "|".join(map(re.escape, names))


@lru_cache(maxsize=8)
def _js_patterns(key: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    names = alternation(key)
    simple = re.compile(
        rf"(?<![\w$])(?:process|meta)\s*\.\s*env\s*\.\s*(?P<a>{names})(?![\w$])"
        rf"|(?P<q>['\"`])(?P<b>{names})(?P=q)"
    )
    destructure = re.compile(r"\{(?P<body>[^{}]*)\}\s*=\s*(?:process|import\.meta)\.env\b")
    return simple, destructure


def scan_js(text: str, rules: RenameTable) -> list[Hit]:
    simple, destructure = _js_patterns(watched(rules))
    hits = []
    for match in simple.finditer(text):
        group = "a" if match.group("a") else "b"
        hits.append(name_hit(match.start(group), match.group(group), rules, config=False))
    for match in destructure.finditer(text):
        hits += _destructured(text, match.start("body"), match.end("body"), rules)
    return hits


def _destructured(text: str, start: int, end: int, rules: RenameTable) -> Iterator[Hit]:
    """``{ OLD }`` -> ``{ NEW: OLD }``; ``{ OLD: local }`` -> ``{ NEW: local }``."""
    token = re.compile(rf"(?<![\w$])({alternation(watched(rules))})(?![\w$])(\s*:)?")
    for match in token.finditer(text, start, end):
        if text[start : match.start()].rstrip().endswith(":"):
            continue  # the local name in ``{ NEW: OLD }``: not the variable
        hit = name_hit(match.start(1), match.group(1), rules, config=False)
        if hit.replacement is not None and match.group(2) is None:
            hit = hit._replace(replacement=f"{hit.replacement}: {match.group(1)}")
        yield hit


@lru_cache(maxsize=8)
def _token(key: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?<!id=)({alternation(key)})(?!\w)")


def scan_shell(text: str, rules: RenameTable) -> list[Hit]:
    return [
        name_hit(m.start(1), m.group(1), rules, config=False)
        for m in _token(watched(rules)).finditer(text)
    ]


def scan_docker(text: str, rules: RenameTable) -> list[Hit]:
    return [
        name_hit(m.start(1), m.group(1), rules, config=True, where=" in the image")
        for m in _token(watched(rules)).finditer(text)
    ]
