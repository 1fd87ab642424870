"""Elixir: ``System.get_env("X")``, ``System.fetch_env!("X")``, ``System.fetch_env("X")``;
heredocs and sigils are lexed as such; names joined with ``<>`` are reported.

The rules are the same for every language (see ``envmigrate.scanners.reads``): a string whose
whole content is an old name is renamed unless it is a message; comments never change.
"""

from __future__ import annotations

from envmigrate.scanners.lexer import ELIXIR
from envmigrate.scanners.reads import scanner

scan = scanner(ELIXIR, concat=frozenset({"<>"}))
