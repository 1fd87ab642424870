"""Kotlin: ``System.getenv("X")`` and Spring placeholders, ``@Value("\\${X}")``.

The rules are the same for every language (see ``envmigrate.scanners.reads``): a string whose
whole content is an old name is renamed unless it is a message; comments never change.
"""

from __future__ import annotations

from envmigrate.scanners.lexer import KOTLIN
from envmigrate.scanners.reads import scanner

scan = scanner(KOTLIN, spring=True)
