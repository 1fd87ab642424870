"""How output reaches the user: colour decision, data vs message channels, verbosity.

Data (findings, diffs, JSON) goes to stdout; messages (summaries, notes, errors) to stderr.
Colour is used only on a terminal, never with ``--no-color``, ``NO_COLOR`` or ``TERM=dumb``.
"""

import os
import sys
from typing import NamedTuple, TextIO

import click

_STYLES = {
    "error": {"fg": "red", "bold": True},
    "warning": {"fg": "yellow", "bold": True},
    "ok": {"fg": "green", "bold": True},
    "path": {"bold": True},
    "code": {"fg": "magenta"},
    "dim": {"dim": True},
}


def posix_path(path: str) -> str:
    """A path as machine formats print it (JSON, annotations, globs): ``/`` on every OS."""
    return path.replace(os.sep, "/") if os.sep != "/" else path


def tolerant_streams(*streams: object) -> None:
    """Never crash on a console that cannot encode a character (cp1252, cp936 …): replace it.

    Only streams still in the default ``strict`` mode are changed; an explicit
    ``PYTHONIOENCODING=…:errors`` choice is kept.
    """
    for stream in streams:
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", None) == "strict":
            reconfigure(errors="replace")


def color_wanted(stream: TextIO, *, no_color: bool) -> bool:
    """Colour only on a terminal, and not when the user or the environment said no."""
    if no_color or os.environ.get("NO_COLOR", "") != "":
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Ui(NamedTuple):
    """Output settings resolved once from the flags and the terminal."""

    color: bool = False
    err_color: bool = False
    show_secrets: bool = False
    quiet: bool = False
    verbose: bool = False
    #: ``--output-file``: data is collected here (never coloured) instead of going to stdout.
    sink: list[str] | None = None

    @classmethod
    def create(cls, *, no_color: bool, show_secrets: bool, quiet: bool, verbose: bool) -> "Ui":
        return cls(
            color=color_wanted(sys.stdout, no_color=no_color),
            err_color=color_wanted(sys.stderr, no_color=no_color),
            show_secrets=show_secrets,
            quiet=quiet,
            verbose=verbose and not quiet,
        )

    def style(self, text: str, kind: str, *, err: bool = False) -> str:
        if not (self.err_color if err else self.color):
            return text
        return click.style(text, **_STYLES[kind])  # type: ignore[arg-type]

    def data(self, text: str) -> None:
        """Write data to stdout, or to the ``--output-file`` sink (always, even with -q)."""
        if self.sink is not None:
            self.sink.append(text if text.endswith("\n") or text == "" else text + "\n")
            return
        click.echo(text, nl=not text.endswith("\n") and text != "", color=self.color)

    def message(self, text: str) -> None:
        """A status line on stderr (suppressed by -q)."""
        if not self.quiet:
            click.echo(text, err=True, color=self.err_color)

    def debug(self, text: str) -> None:
        """A -v line on stderr. Callers never pass values, only names and counts."""
        if self.verbose:
            click.echo(text, err=True, color=self.err_color)

    def error(self, text: str) -> None:
        """An error line on stderr (never suppressed)."""
        click.echo(text, err=True, color=self.err_color)
