"""One Report per run: what was found and done, its exit code, and its renderings.

Renderers return strings; the command prints them. Exit-code precedence (documented in
README): unusable input (2) > problems found or credentials rejected (1) > verification
inconclusive (3) > clean (0).
"""

from __future__ import annotations

import enum
from typing import Any, NamedTuple

from envmigrate import __version__
from envmigrate.errors import ExitCode
from envmigrate.model import Finding, Severity

JSON_VERSION = 1
_PRECEDENCE = (ExitCode.USAGE, ExitCode.FINDINGS, ExitCode.INCONCLUSIVE, ExitCode.OK)


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


def worst(codes: list[ExitCode]) -> ExitCode:
    """The most important exit code of several, by the documented precedence."""
    for code in _PRECEDENCE:
        if code in codes:
            return code
    return ExitCode.OK


class Report:
    """What one command found and did; ``return_code`` applies the documented precedence."""

    __slots__ = (
        "command",
        "environ",
        "errors",
        "files",
        "findings",
        "notes",
        "strict",
        "verification",
        "verification_code",
    )

    def __init__(
        self,
        command: str,
        *,
        strict: bool = False,
        findings: list[Finding] | None = None,
        files: list[FileResult] | None = None,
        errors: list[str] | None = None,
        environ: bool = False,
    ) -> None:
        self.command = command
        self.environ = environ
        self.strict = strict
        self.findings: list[Finding] = list(findings or [])
        self.files: list[FileResult] = list(files or [])
        self.errors: list[str] = list(errors or [])
        self.notes: list[str] = []
        self.verification: list[dict[str, Any]] | None = None
        self.verification_code = ExitCode.OK

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
        if self.failing_findings or pending:
            codes.append(ExitCode.FINDINGS)
        return worst(codes)

    # -- renderings -------------------------------------------------------------------

    def finding_lines(self) -> list[str]:
        return [f"{_where(f)}: {f.code} {f.message}" for f in self.findings]

    def github(self) -> str:
        lines = [_github_line(f) for f in self.findings]
        lines += [_github_verification(r) for r in self.verification or () if _failed(r)]
        return "".join(line + "\n" for line in lines)

    def summary(self) -> str:
        """One line for stderr: counts, in black's "would"/"done" wording, then the verdict."""
        counts = self._check_summary() if self.command == "check" else self._migrate_summary()
        if self.verification is None:
            return counts
        verdict = _VERDICTS[self.verification_code]
        if all(r.get("status") == "skipped" for r in self.verification):
            verdict = "credentials not verified (skipped)"
        return f"{counts[:-1]}; {verdict}."

    def _check_summary(self) -> str:
        errors, warnings = self.count(Severity.ERROR), self.count(Severity.WARNING)
        scope = " and ".join(
            [_plural(len(self.files), "file")] * bool(self.files or not self.environ)
            + ["the environment"] * self.environ
        )
        unusable = self.status_count(FileStatus.ERROR)
        checked = f"{scope} checked" + (f" ({unusable} unusable)" if unusable else "")
        if not errors and not warnings:
            clean = self.verification_code is ExitCode.OK and not unusable and not self.errors
            return f"{'All clean' if clean else 'No findings'}: {checked}."
        found = f"{_plural(errors, 'error')} and {_plural(warnings, 'warning')}"
        return f"Found {found}; {checked}."

    def _migrate_summary(self) -> str:
        parts = []
        for status, label in (
            (FileStatus.CHANGED, "migrated"),
            (FileStatus.WOULD_CHANGE, "would be migrated"),
            (FileStatus.REFUSED, "refused (conflict)"),
            (FileStatus.ERROR, "failed"),
            (FileStatus.CLEAN, "already clean"),
        ):
            count = self.status_count(status)
            if count:
                parts.append(f"{_plural(count, 'file')} {label}")
        return (", ".join(parts) or "Nothing to migrate") + "."

    def to_json(self) -> str:
        import json

        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_dict(self) -> dict[str, Any]:
        """The JSON document as data (the input of the SARIF and Markdown renderers)."""
        return {
            "version": JSON_VERSION,
            "tool": {"name": "envmigrate", "version": __version__},
            "command": self.command,
            "exit_code": int(self.return_code),
            "summary": {
                "files": len(self.files),
                "errors": self.count(Severity.ERROR),
                "warnings": self.count(Severity.WARNING),
                **{s.value: self.status_count(s) for s in FileStatus},
            },
            "files": [
                {"path": f.path, "status": f.status.value, "diff": f.diff, "message": f.message}
                for f in self.files
            ],
            "findings": [_finding_json(f) for f in self.findings],
            "errors": self.errors,
            "notes": self.notes,
            "verification": self.verification,
        }


_VERDICTS = {
    ExitCode.OK: "credentials verified",
    ExitCode.FINDINGS: "DingTalk rejected the credentials",
    ExitCode.INCONCLUSIVE: "verification inconclusive",
}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _where(f: Finding) -> str:
    return f"{f.path}:{f.line}:{f.column}" if f.line else f.path


def _finding_json(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity.value,
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "key": f.key,
        "message": f.message,
    }


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github_line(f: Finding) -> str:
    kind = "error" if f.severity is Severity.ERROR else "warning"
    props = []
    if f.line:
        props += [f"file={_escape_property(f.path)}", f"line={f.line}", f"col={f.column}"]
    props.append(f"title={_escape_property(f.code)}")
    return f"::{kind} {','.join(props)}::{_escape_data(f.message)}"


def _ids(step: dict[str, Any]) -> str:
    facts = [f"{name} {step[name]}" for name in ("code", "requestid") if step.get(name)]
    return f" ({', '.join(facts)})" if facts else ""


def _failed(result: dict[str, Any]) -> bool:
    return result.get("status") in ("rejected", "inconclusive")


def _github_verification(result: dict[str, Any]) -> str:
    """One annotation per failed credential set: an error if rejected, else a warning."""
    kind = "error" if result["status"] == "rejected" else "warning"
    source = str(result["source"])
    props = [] if source.startswith("<") else [f"file={_escape_property(source)}"]
    failed = [s for s in result["steps"] if s["status"] != "ok"]
    title = str(failed[0]["classification"]) if failed else str(result["status"])
    props.append(f"title={_escape_property('verify ' + title)}")
    parts = [f"{s['step']}: {s['classification']}: {s['detail']}{_ids(s)}" for s in failed]
    hint = f" Hint: {failed[0]['hint']}" if failed and failed[0].get("hint") else ""
    message = f"verification {result['status']} for {source} ({'; '.join(parts)}).{hint}"
    return f"::{kind} {','.join(props)}::{_escape_data(message)}"
