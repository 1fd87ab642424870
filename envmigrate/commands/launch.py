"""``check`` and ``migrate`` from their command's parameters.

``run_command`` takes the parameters click gives the command's function (``cli``), or the
same parameters read without click (``entry``): one way from flags to a run.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from envmigrate.errors import ExitCode


def run_command(command: str, params: Mapping[str, Any], sink: list[str] | None = None) -> int:
    """Run ``check`` or ``migrate`` and return its exit code; ``sink`` collects the report
    for ``--output-file`` (accepted by ``cli._sink`` before this), written at the end;
    ``--exit-zero`` turns 1 and 3 into 0."""
    from envmigrate import config

    if command == "check":
        from envmigrate.commands.check import run
    else:
        from envmigrate.commands.migrate import run
    code = run(config.run_options(params, sink))
    deliver(sink, params["output_file"])
    if params["exit_zero"] and code in (ExitCode.FINDINGS, ExitCode.INCONCLUSIVE):
        return ExitCode.OK
    return code


def deliver(sink: list[str] | None, output_file: Path | None) -> None:
    """Write the ``--output-file`` report (atomically) once the run is over."""
    if output_file is not None and sink is not None:
        from envmigrate import fileio

        fileio.write_report(output_file, "".join(sink).encode("utf-8"))
