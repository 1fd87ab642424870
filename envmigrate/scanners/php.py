"""PHP: ``env('X')`` (Laravel ``config/*.php`` too), ``getenv('X')``, ``$_ENV['X']``,
``$_SERVER['X']``, Symfony ``'%env(X)%'``; names joined with ``.`` are reported.

The rules are the same for every language (see ``envmigrate.scanners.reads``): a string whose
whole content is an old name is renamed unless it is a message; comments never change.
"""

from __future__ import annotations

from envmigrate.rules import RenameTable
from envmigrate.scanners import reads
from envmigrate.scanners.hits import Hit
from envmigrate.scanners.lexer import PHP


def scan(source: str, rules: RenameTable) -> list[Hit]:
    return reads.scan(source, rules, PHP, concat=frozenset({".", ".="}))
