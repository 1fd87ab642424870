"""Go: ``os.Getenv("X")``, ``os.LookupEnv("X")``, viper ``BindEnv("key", "X")`` and
``GetString("X")``, and the struct tags ``env:"X"`` (caarlos0/env) and ``envconfig:"X"``.

The rules are the same for every language (see ``envmigrate.scanners.reads``): a string whose
whole content is an old name is renamed unless it is a message; comments never change.
"""

from __future__ import annotations

from envmigrate.scanners.lexer import GO
from envmigrate.scanners.reads import scanner

scan = scanner(GO)
