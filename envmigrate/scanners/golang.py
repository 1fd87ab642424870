"""Go: ``os.Getenv("X")``, ``os.LookupEnv("X")``, viper ``BindEnv("key", "X")`` and
``GetString("X")``, the struct tags ``env:"X"`` (caarlos0/env, kong: ``env:"A,B"``) and
``envconfig:"X"``, and ``$X`` / ``${X}`` in ``os.ExpandEnv("...")``.

The rules are the same for every language (see ``envmigrate.scanners.reads``): a string whose
whole content is an old name is renamed unless it is a message; comments never change.
"""

from __future__ import annotations

from envmigrate.rules import RenameTable
from envmigrate.scanners import reads
from envmigrate.scanners.hits import Hit
from envmigrate.scanners.lexer import GO


def scan(source: str, rules: RenameTable) -> list[Hit]:
    return reads.scan(source, rules, GO)
