"""Elixir: ``System.get_env("X")``, ``System.fetch_env!("X")``, ``System.fetch_env("X")``;
heredocs and sigils are lexed as such; names joined with ``<>`` are reported.

The rules are the same for every language (see ``envmigrate.scanners.reads``): a string whose
whole content is an old name is renamed unless it is a message; comments never change.
"""

from __future__ import annotations

from envmigrate.rules import RenameTable
from envmigrate.scanners import reads
from envmigrate.scanners.hits import Hit
from envmigrate.scanners.lexer import ELIXIR


def scan(source: str, rules: RenameTable) -> list[Hit]:
    return reads.scan(source, rules, ELIXIR, concat=frozenset({"<>"}))
