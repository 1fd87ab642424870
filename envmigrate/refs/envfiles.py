"""Env files named by other files: compose ``env_file:`` targets, systemd ``EnvironmentFile=``.

Whatever its name (``config/bot.conf``, ``secrets.txt``), a file that compose or systemd
loads as an env file is one, and is migrated like ``.env``. Compose paths are relative to
the compose file; a systemd path is absolute on the host, so the file is looked for beside
the unit by its base name (where repositories keep it).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

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
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read(1 << 20)
        except OSError:
            continue
        folder = os.path.dirname(path)
        if is_compose:
            candidates = [os.path.normpath(os.path.join(folder, t)) for t in compose_targets(text)]
        else:
            candidates = [os.path.join(folder, os.path.basename(t)) for t in unit_targets(text)]
        found += [c for c in candidates if os.path.isfile(c) and not os.path.islink(c)]
    return list(dict.fromkeys(found))
