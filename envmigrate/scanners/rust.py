"""Rust: ``std::env::var("X")``, ``env::var_os("X")``, ``env!("X")``, ``option_env!("X")``,
``dotenvy::var("X")``.

The rules are the same for every language (see ``envmigrate.scanners.reads``): a string whose
whole content is an old name is renamed unless it is a message; comments never change.
"""

from __future__ import annotations

from envmigrate.scanners.lexer import RUST
from envmigrate.scanners.reads import scanner

scan = scanner(RUST)
