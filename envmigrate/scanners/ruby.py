"""Ruby: ``ENV['X']``, ``ENV["X"]``, ``ENV.fetch('X', ...)``, ``ENV.key?('X')``; heredocs,
``%q()`` literals and ``=begin`` comments are lexed as such.

The rules are the same for every language (see ``envmigrate.scanners.reads``): a string whose
whole content is an old name is renamed unless it is a message; comments never change.
"""

from __future__ import annotations

from envmigrate.rules import RenameTable
from envmigrate.scanners import reads
from envmigrate.scanners.hits import Hit
from envmigrate.scanners.lexer import RUBY


def scan(source: str, rules: RenameTable) -> list[Hit]:
    return reads.scan(source, rules, RUBY, concat=frozenset({"+", "+=", "<<"}))
