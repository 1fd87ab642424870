"""Immutable records shared by the core, the report and the verification."""

import enum
from typing import NamedTuple


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Finding(NamedTuple):
    """One problem found in a file (or in the environment: ``path`` is ``"<environ>"``).

    ``line`` and ``column`` are 1-based; 0 means "not tied to a position". ``message``
    never contains a value from the file.
    """

    code: str
    severity: Severity
    path: str
    line: int
    column: int
    key: str
    message: str

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)
