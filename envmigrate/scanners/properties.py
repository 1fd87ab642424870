"""Spring ``application*.properties`` and HOCON ``application*.conf`` (Ktor, Play, Akka):
placeholders ``${X}``, ``${X:default}`` and HOCON's optional ``${?X}`` in values.

Line based; ``#``, ``!`` and ``//`` comment lines are left alone, and so is a name that is only
part of a longer one (``${MY_DINGTALK_APP_KEY}``). Keys are Spring properties, not
variables, and never change.
"""

from __future__ import annotations

import re

from envmigrate.rules import RenameTable
from envmigrate.scanners.hits import Hit, name_hit

_LINE = re.compile(r"[^\r\n]*")
_PLACEHOLDER = re.compile(r"\$\{\??([A-Za-z_]\w*)(?=[:}])")


def scan(text: str, rules: RenameTable) -> list[Hit]:
    names = {*rules.renames, *rules.obsolete}
    hits = []
    for line in _LINE.finditer(text):
        if line.group().lstrip().startswith(("#", "!", "//")):
            continue
        for match in _PLACEHOLDER.finditer(text, line.start(), line.end()):
            if match.group(1) in names:
                hits.append(name_hit(match.start(1), match.group(1), rules, config=True))
    return hits
