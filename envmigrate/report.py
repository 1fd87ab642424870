"""One Report per run: what was found and done, and its exit code (data, no rendering).

Commands add to it (``add_file``, ``add_error``, ``add_findings``, ``add_note``,
``set_verification``); ``envmigrate.render`` turns it into text, JSON or annotations.
Exit-code precedence (documented in README): unusable input (2) > problems found, a
migration left incomplete or credentials rejected (1) > verification inconclusive (3) >
clean (0).
"""

import enum
from collections.abc import Iterable
from typing import Any, NamedTuple

from envmigrate.errors import ExitCode, worst
from envmigrate.findings import Finding, Severity


class FileStatus(enum.StrEnum):
    CLEAN = "clean"  # nothing to report or change
    FINDINGS = "findings"  # check: problems reported
    WOULD_CHANGE = "would-change"  # migrate --dry-run, or not confirmed
    CHANGED = "changed"  # migrate: written
    REFUSED = "refused"  # migrate: conflict, file untouched
    ERROR = "error"  # unusable or failed write, file untouched


class FileResult(NamedTuple):
    path: str
    status: FileStatus
    diff: str = ""
    message: str = ""


_new = tuple.__new__


class Leftover(NamedTuple):
    """A place that still reads or sets an old name after the run, and why it is left.

    ``reason``: ``code`` (a code file and no ``--code``), ``manual`` (a read the scanner
    can only report), ``refused`` (its file was refused), ``store`` (the name also lives
    in a secret store, ``store`` says which: see ``envmigrate.stores``).
    """

    finding: Finding
    reason: str
    new: str
    store: str = ""


class Report:
    """What one command found and did; ``return_code`` applies the documented precedence."""

    __slots__ = (
        "command",
        "endpoint",
        "environ",
        "errors",
        "files",
        "findings",
        "leftovers",
        "notes",
        "strict",
        "verification",
        "verification_code",
    )

    def __init__(self, command: str, *, strict: bool = False, environ: bool = False) -> None:
        self.command = command
        self.environ = environ
        self.strict = strict
        self.findings: list[Finding] = []
        self.leftovers: list[Leftover] = []
        self.files: list[FileResult] = []
        self.errors: list[str] = []
        self.notes: list[str] = []
        self.verification: list[dict[str, Any]] | None = None
        self.verification_code = ExitCode.OK
        self.endpoint = ""

    def add_file(self, path: str, status: FileStatus, diff: str = "", message: str = "") -> None:
        # once per file of a tree: the tuple is made directly (a NamedTuple's __new__ is
        # a Python function)
        self.files.append(_new(FileResult, (path, status, diff, message)))

    def add_error(self, path: str | None, message: str, diff: str = "") -> None:
        """An unusable file (or, with no path, a run-level error): exit code 2."""
        self.errors.append(message)
        if path is not None:
            self.add_file(path, FileStatus.ERROR, diff, message)

    def add_findings(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    def add_leftovers(self, leftovers: Iterable[Leftover]) -> None:
        """Places that still use an old name once the run is over (migrate's verdict)."""
        self.leftovers.extend(leftovers)

    def add_note(self, note: str) -> None:
        self.notes.append(note)

    def set_verification(
        self, results: list[dict[str, Any]], code: ExitCode, *, endpoint: str
    ) -> None:
        """What ``--verify`` (or migrate's verification after a write) found, and where."""
        self.verification = results
        self.verification_code = code
        self.endpoint = endpoint

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def status_count(self, status: FileStatus) -> int:
        return sum(1 for f in self.files if f.status is status)

    @property
    def failing_findings(self) -> bool:
        if self.command != "check":
            return False
        return self.count(Severity.ERROR) > 0 or (self.strict and self.count(Severity.WARNING) > 0)

    @property
    def return_code(self) -> ExitCode:
        codes = [self.verification_code]
        if self.errors or self.status_count(FileStatus.ERROR):
            codes.append(ExitCode.USAGE)
        pending = self.status_count(FileStatus.WOULD_CHANGE) + self.status_count(FileStatus.REFUSED)
        incomplete = self.command == "migrate" and bool(self.leftovers)
        if self.failing_findings or pending or incomplete:
            codes.append(ExitCode.FINDINGS)
        return worst(codes)
