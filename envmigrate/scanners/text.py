"""Shared helpers of the text scanners: the watched names and their regex alternation.

A name counts only as a whole token (``MY_DINGTALK_APP_KEY`` and ``DINGTALK_APP_KEY_2``
never match). JavaScript/TypeScript is scanned in ``js``; shell, Dockerfiles, Makefiles,
Procfiles and systemd units in ``shell``; JSON and Terraform in ``structured``.
"""

from __future__ import annotations

import re

from envmigrate.rules import RenameTable


def watched(rules: RenameTable) -> tuple[str, ...]:
    """Old and obsolete names, longest first (a hashable key for the pattern caches)."""
    return tuple(sorted({*rules.renames, *rules.obsolete}, key=lambda n: (-len(n), n)))


def alternation(names: tuple[str, ...]) -> str:
    return "|".join(map(re.escape, names))
