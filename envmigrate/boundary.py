"""The one error boundary of a command-line run.

Only the command line exits, and only through here: an ``EnvmigrateError`` becomes one
stderr line and its exit code, Ctrl-C gives 130, and nothing ever prints a traceback (a
traceback can carry secret values). With ``--format json`` (or sarif, markdown) a run that
fails before its report exists still prints one document, holding the error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from envmigrate import i18n
from envmigrate.errors import EnvmigrateError, ExitCode
from envmigrate.i18n import Msg, _
from envmigrate.ui import echo, tolerant_streams

#: The ``--output-file`` of the running command once it has been accepted: a run that fails
#: after that point writes its failure document there, where the caller will look for it.
report_file: Path | None = None


def guard(args: Sequence[str], body: Callable[[], int]) -> int:
    """``body()``'s exit code; every exception it lets out becomes one line and a code."""
    global report_file
    report_file = None
    tolerant_streams(sys.stdout, sys.stderr)
    try:
        return body()
    except EnvmigrateError as exc:
        _say(i18n.error_line(exc.message))
        return failed(args, exc.exit_code, exc.message)
    except KeyboardInterrupt:
        return _interrupted(args)
    except OSError as exc:
        line = _os_error_line(exc)
        _say(i18n.error_line(line))
        return failed(args, ExitCode.USAGE, line)
    except Exception as exc:
        if _is_click_abort(exc):  # a confirmation prompt answered with Ctrl-C or EOF
            return _interrupted(args)
        line = Msg(
            "internal error ({name}); please report it "
            "(no details are printed because they could contain secrets)",
            name=type(exc).__name__,
        )
        _say(_("envmigrate: {message}").format(message=i18n.tr(line)))
        return failed(args, ExitCode.USAGE, line)


def _say(line: str) -> None:
    echo(line, err=True, color=False)


def _interrupted(args: Sequence[str]) -> int:
    _say(_("envmigrate: interrupted"))
    return failed(args, ExitCode.INTERRUPTED, "interrupted")


def _is_click_abort(exc: Exception) -> bool:
    click = sys.modules.get("click")
    return click is not None and isinstance(exc, click.Abort)


def failed(args: Sequence[str], code: ExitCode, message: str) -> int:
    """The exit code of a run that failed early; its document when one was asked for."""
    asked = _document_asked(args)
    if asked is not None:
        from envmigrate import fileio, render

        document = render.failure_document(*asked, code, message)
        if report_file is not None:
            try:
                fileio.write_report(report_file, document.encode("utf-8"))
            except (OSError, EnvmigrateError):  # unwritable: stdout gets it
                pass
            else:
                return code
        echo(document, nl=False, color=False)
    return code


def _document_asked(args: Sequence[str]) -> tuple[str, str] | None:
    """(command, format) of a run that prints one document (json; sarif, markdown for
    check and migrate); None for another format, or no command."""
    command, fmt, expect = None, None, False
    for arg in args:
        if arg == "--":
            break
        if expect:
            fmt, expect = arg, False
        elif arg == "--format":
            expect = True
        elif arg.startswith("--format="):
            fmt = arg.partition("=")[2]
        elif command is None and not arg.startswith("-"):
            command = arg
    if command == "verify" and fmt == "json":
        return command, fmt
    if command in ("check", "migrate") and fmt in ("json", "sarif", "markdown"):
        return command, fmt
    return None


def _os_error_line(exc: OSError) -> str:
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{exc.strerror or type(exc).__name__}"
