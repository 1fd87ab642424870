"""Java: ``System.getenv("X")`` and Spring placeholders in string literals,
``@Value("${X}")``, ``@Value("${X:default}")`` and SpEL ``#{systemEnvironment['X']}``.

The rules are the same for every language (see ``envmigrate.scanners.reads``): a string whose
whole content is an old name is renamed unless it is a message; comments never change.
"""

from __future__ import annotations

from envmigrate.rules import RenameTable
from envmigrate.scanners import reads
from envmigrate.scanners.hits import Hit
from envmigrate.scanners.lexer import JAVA


def scan(source: str, rules: RenameTable) -> list[Hit]:
    return reads.scan(source, rules, JAVA, spring=True)
