"""How a rewrite settles what the rename table leaves open: the library's typed records.

``rewrite`` reads ``agent_id``, ``prefer`` and ``rules`` off whatever it is given and
compares the two choices as strings. These are the library's records of them; the
command line passes :class:`envmigrate.rewrite.Chosen` instead and never defines these
classes (two enums and a NamedTuple are about a third of a millisecond of a dry run's
start-up: ``bench/run.py``, ``migrate --dry-run`` vs ``check``).
"""

import enum
from typing import NamedTuple

from envmigrate.rules import DEFAULT_RULES, RenameTable


class AgentIdPolicy(enum.StrEnum):
    COMMENT = "comment"
    REMOVE = "remove"
    KEEP = "keep"


class Prefer(enum.StrEnum):
    NEW = "new"
    OLD = "old"


class Options(NamedTuple):
    """How ``rewrite`` resolves the choices the rename table leaves open."""

    agent_id: AgentIdPolicy = AgentIdPolicy.COMMENT
    prefer: Prefer | None = None
    rules: RenameTable = DEFAULT_RULES


DEFAULT_OPTIONS = Options()
