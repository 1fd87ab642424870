"""Shared helpers of the text scanners, and their entry points.

A name counts only as a whole token (``MY_DINGTALK_APP_KEY`` and ``DINGTALK_APP_KEY_2``
never match). JavaScript/TypeScript is in ``js``; shell, Dockerfiles, Makefiles,
Procfiles and systemd units in ``shell``.
"""

from __future__ import annotations

import re

from envmigrate.refs.model import Hit
from envmigrate.rules import Rules


def watched(rules: Rules) -> tuple[str, ...]:
    """Old and obsolete names, longest first (a hashable key for the pattern caches)."""
    return tuple(sorted({*rules.renames, *rules.obsolete}, key=lambda n: (-len(n), n)))


def alternation(names: tuple[str, ...]) -> str:
    return "|".join(map(re.escape, names))


def scan_js(text: str, rules: Rules) -> list[Hit]:
    from envmigrate.refs import js

    return js.scan(text, rules)


def scan_shell(text: str, rules: Rules) -> list[Hit]:
    from envmigrate.refs import shell

    return shell.scan_shell(text, rules)


def scan_docker(text: str, rules: Rules) -> list[Hit]:
    from envmigrate.refs import shell

    return shell.scan_docker(text, rules)
