"""The GitHub Action's script: ``python -m envmigrate.action`` (called by ``action.yml``).

It runs envmigrate once, with the JSON report written to a temporary file, and turns that
one report into everything the job needs, so a verification never runs twice:

- the log in the chosen ``format`` (``github`` annotations by default, or ``text``; the
  ``json``, ``sarif`` and ``markdown`` documents are written to ``output-file``);
- a SARIF log at ``sarif-file`` when asked, for ``github/codeql-action/upload-sarif``;
- a Markdown job summary appended to ``$GITHUB_STEP_SUMMARY``;
- step outputs in ``$GITHUB_OUTPUT``: ``exit-code``, ``errors``, ``warnings``, ``files``,
  ``changed``, ``would-change``, ``refused``, ``report-file``, ``sarif-file``.

Inputs arrive as ``INPUT_<NAME>`` variables (set in ``action.yml``'s ``env:``, never
pasted into the script, so an input cannot inject shell code). The step fails with
envmigrate's exit code (0 with ``exit-zero``, except for 2).
"""

from __future__ import annotations

import os
import secrets
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

COMMANDS = ("check", "migrate")
LOG_FORMATS = ("github", "text", "json", "sarif", "markdown")
DOCUMENT_EXTENSIONS = {"json": ".json", "sarif": ".sarif", "markdown": ".md"}
_PLUMBING = ("--no-color", "--format", "json", "--output-file")


class ActionError(Exception):
    """A bad input: one line on stderr, exit 2."""


class Inputs(NamedTuple):
    command: str
    paths: list[str]
    environ: bool
    verify: bool
    log_format: str
    output_file: str
    sarif_file: str
    args: list[str]
    exit_zero: bool

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Inputs:
        def get(name: str, default: str = "") -> str:
            return env.get(f"INPUT_{name.upper().replace('-', '_')}", default).strip() or default

        command = get("command", "check")
        if command not in COMMANDS:
            raise ActionError(f"input command: must be one of {', '.join(COMMANDS)}")
        log_format = get("format", "github")
        if log_format not in LOG_FORMATS:
            raise ActionError(f"input format: must be one of {', '.join(LOG_FORMATS)}")
        output_file = get("output-file")
        if log_format in DOCUMENT_EXTENSIONS and not output_file:
            output_file = "envmigrate-report" + DOCUMENT_EXTENSIONS[log_format]
        return cls(
            command=command,
            paths=_split("paths", get("paths")),
            environ=_flag("environ", get("environ", "false")),
            verify=_flag("verify", get("verify", "false")),
            log_format=log_format,
            output_file=output_file,
            sarif_file=get("sarif-file"),
            args=_split("args", get("args")),
            exit_zero=_flag("exit-zero", get("exit-zero", "false")),
        )

    def argv(self, report: Path) -> list[str]:
        """The envmigrate command line: always JSON into ``report``, nothing on stdout.

        ``migrate`` writes only with ``--yes`` in ``args``; otherwise it is a dry run.
        """
        argv = [self.command, *self.args]
        if self.environ:
            argv.append("--environ")
        if self.command == "check" and self.verify:
            argv.append("--verify")
        if self.command == "migrate":
            if not self.verify:
                argv.append("--no-verify")
            if not {"--yes", "-y", "--dry-run"} & set(self.args):
                argv.append("--dry-run")
        if self.exit_zero:
            argv.append("--exit-zero")
        argv += ["--no-color", "--format", "json", "--output-file", str(report)]
        return [*argv, "--", *self.paths] if self.paths else argv


def _flag(name: str, value: str) -> bool:
    lowered = value.lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no", ""):
        return False
    raise ActionError(f"input {name}: expected true or false, got {value!r}")


def _split(name: str, value: str) -> list[str]:
    try:
        return shlex.split(value)
    except ValueError as exc:
        raise ActionError(f"input {name}: {exc}") from None


def main(env: Mapping[str, str] | None = None) -> int:
    env = os.environ if env is None else env
    try:
        inputs = Inputs.from_env(env)
    except ActionError as exc:
        print(f"envmigrate action: error: {exc}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="envmigrate-action-") as folder:
        report = Path(folder) / "report.json"
        argv = inputs.argv(report)
        shown = [a for a in argv if a not in _PLUMBING and a != str(report)]
        print("envmigrate " + shlex.join(shown), file=sys.stderr, flush=True)
        code = subprocess.run([sys.executable, "-m", "envmigrate", *argv], check=False).returncode
        document = _load(report)
    if document is None:
        _write_summary(env, _failed_summary(inputs.command, code))
        _write_outputs(env, {"exit-code": str(code)})
        return code
    _log(inputs, document)
    outputs = _outputs(document)
    print(_counts_line(outputs), file=sys.stderr, flush=True)
    outputs.update(_documents(inputs, document))
    from envmigrate import markdown

    _write_summary(env, markdown.render(document))
    _write_outputs(env, outputs)
    return code


def _load(report: Path) -> dict[str, Any] | None:
    import json

    from envmigrate import fileio
    from envmigrate.errors import EnvmigrateError

    try:
        data = json.loads(fileio.read_bytes(report))
    except (EnvmigrateError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _failed_summary(command: str, code: int) -> str:
    return (
        f"### envmigrate {command}\n\n"
        f"⛔ **Not finished**: envmigrate stopped before it could report (exit {code}); "
        "the error is in the step's log.\n"
    )


def _log(inputs: Inputs, document: dict[str, Any]) -> None:
    """The run's findings in the job log: annotations or text lines (documents go to files)."""
    from envmigrate import render
    from envmigrate.findings import Finding, Severity
    from envmigrate.report import Report

    report = Report(str(document.get("command", "check")))
    report.add_findings(
        Finding(
            str(f["code"]),
            Severity(f["severity"]),
            str(f["path"]),
            int(f["line"]),
            int(f["column"]),
            str(f["key"]),
            str(f["message"]),
        )
        for f in document.get("findings") or []
    )
    report.verification = document.get("verification")
    if inputs.log_format == "github":
        sys.stdout.write(render.github(report))
    elif inputs.log_format == "text":
        sys.stdout.write("".join(line + "\n" for line in render.finding_lines(report)))
    sys.stdout.flush()


def _render(fmt: str, document: dict[str, Any]) -> str:
    if fmt == "sarif":
        from envmigrate import sarif

        return sarif.render(document)
    if fmt == "markdown":
        from envmigrate import markdown

        return markdown.render(document)
    import json

    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _documents(inputs: Inputs, document: dict[str, Any]) -> dict[str, str]:
    from envmigrate import fileio

    written = {}
    if inputs.output_file:
        fmt = inputs.log_format if inputs.log_format in DOCUMENT_EXTENSIONS else "json"
        fileio.write_report(inputs.output_file, _render(fmt, document).encode("utf-8"))
        written["report-file"] = inputs.output_file
    if inputs.sarif_file:
        fileio.write_report(inputs.sarif_file, _render("sarif", document).encode("utf-8"))
        written["sarif-file"] = inputs.sarif_file
    return written


def _outputs(document: Mapping[str, Any]) -> dict[str, str]:
    summary = document.get("summary") or {}
    outputs = {"exit-code": str(document.get("exit_code", ""))}
    for name in ("errors", "warnings", "files", "changed", "would-change", "refused"):
        outputs[name] = str(summary.get(name, 0))
    return outputs


def _counts_line(outputs: Mapping[str, str]) -> str:
    counts = ", ".join(
        f"{outputs[name]} {name}"
        for name in ("errors", "warnings", "files", "changed")
        if name in outputs
    )
    return f"envmigrate: {counts}; exit code {outputs['exit-code']}"


def _write_summary(env: Mapping[str, str], text: str) -> None:
    path = env.get("GITHUB_STEP_SUMMARY")
    if path:
        from envmigrate import fileio

        fileio.append(path, (text if text.endswith("\n") else text + "\n").encode("utf-8"))


def _write_outputs(env: Mapping[str, str], outputs: Mapping[str, str]) -> None:
    """``name=value`` lines, or a random heredoc delimiter for a value with a line break."""
    path = env.get("GITHUB_OUTPUT")
    if not path:
        return
    lines: Sequence[str] = []
    for name, value in outputs.items():
        if "\n" in value or "\r" in value:
            delimiter = f"ghadelimiter_{secrets.token_hex(8)}"
            lines = [*lines, f"{name}<<{delimiter}", value, delimiter]
        else:
            lines = [*lines, f"{name}={value}"]
    from envmigrate import fileio

    fileio.append(path, "".join(line + "\n" for line in lines).encode("utf-8"))


if __name__ == "__main__":
    sys.exit(main())
