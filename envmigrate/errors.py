"""One exception tree; ``cli`` turns it into a single stderr line and an exit code."""

from __future__ import annotations

import enum
from collections.abc import Iterable


class ExitCode(enum.IntEnum):
    """Exit codes shared by every command (see README, "Exit codes")."""

    OK = 0
    FINDINGS = 1
    USAGE = 2
    INCONCLUSIVE = 3
    INTERRUPTED = 130


_PRECEDENCE = (ExitCode.USAGE, ExitCode.FINDINGS, ExitCode.INCONCLUSIVE)


def worst(codes: Iterable[ExitCode]) -> ExitCode:
    """The most important of several exit codes (README, "Exit codes"): 2 > 1 > 3 > 0."""
    found = set(codes)
    for code in _PRECEDENCE:
        if code in found:
            return code
    return ExitCode.OK


class EnvmigrateError(Exception):
    """Base error: carries a one-line message that never contains a secret value."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(EnvmigrateError):
    """A file or argument that cannot be used (missing, not UTF-8, binary, too large)."""


class WriteError(EnvmigrateError):
    """Writing a file failed or was refused; the original is left untouched."""


class ConfigError(EnvmigrateError):
    """An invalid ``[tool.envmigrate]`` configuration."""
