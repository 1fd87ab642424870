"""How output reaches the user: colour decision, data vs message channels, verbosity.

Data (findings, diffs, JSON) goes to stdout; messages (summaries, notes, errors) to stderr.
Colour is used only on a terminal, never with ``--no-color``, ``NO_COLOR`` or ``TERM=dumb``.

Output is written as ``click.echo`` writes it (ANSI codes stripped when colour is off, a
flush after each write), without importing click: click is most of a short run's start-up,
and ``check`` and ``migrate`` run from the command line without it (see ``entry.py``).
:func:`echo` does the common case itself (a text stream with a real, non-ASCII encoding,
not Windows) and hands every other stream to ``click.echo``; ``tests/test_entry.py`` holds
it to ``click.echo`` and ``click.style`` as oracles.
"""

import codecs
import io
import os
import re
import sys
from typing import NamedTuple, TextIO

#: ``click.style(text, **spec)`` for each kind, as the codes it puts before the text.
_STYLES = {
    "error": "\x1b[31m\x1b[1m",  # fg="red", bold=True
    "warning": "\x1b[33m\x1b[1m",  # fg="yellow", bold=True
    "ok": "\x1b[32m\x1b[1m",  # fg="green", bold=True
    "path": "\x1b[1m",  # bold=True
    "code": "\x1b[35m",  # fg="magenta"
    "dim": "\x1b[2m",  # dim=True
}
_RESET = "\x1b[0m"
#: What is stripped from a text written without colour: every CSI sequence (ECMA-48; the
#: pattern ``click.echo`` uses since click 8.4, older ones strip a subset of these).
_ANSI = r"\033\[[0-?]*[ -/]*[@-~]"
_WINDOWS = sys.platform.startswith("win")


def echo(text: str, *, err: bool = False, color: bool, nl: bool = True) -> None:
    """``click.echo(text, nl=nl, err=err, color=color)``; click is imported only for a
    stream this does not know to be plain (Windows consoles, ASCII or unknown encodings,
    replaced streams of other types)."""
    stream = sys.stderr if err else sys.stdout
    if _WINDOWS or not _plain(stream):
        import click

        click.echo(text, nl=nl, err=err, color=color)
        return
    out = text + "\n" if nl else text
    if not out:
        stream.flush()
        return
    if not color and "\x1b" in out:
        out = re.sub(_ANSI, "", out)
    stream.write(out)
    stream.flush()


def _plain(stream: object) -> bool:
    """A text stream that ``click.echo`` writes to as it is (it re-wraps an ASCII one)."""
    if not isinstance(stream, io.TextIOWrapper) or stream.errors is None:
        return False
    try:
        return codecs.lookup(stream.encoding).name != "ascii"
    except LookupError:
        return False


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

    def to_sink(self, sink: list[str] | None) -> "Ui":
        """Data to ``sink`` (``--output-file``), uncoloured, instead of stdout; None: as is."""
        return self if sink is None else self._replace(sink=sink, color=False)

    def style(self, text: str, kind: str, *, err: bool = False) -> str:
        if not (self.err_color if err else self.color):
            return text
        return f"{_STYLES[kind]}{text}{_RESET}"

    def data(self, text: str) -> None:
        """Write data to stdout, or to the ``--output-file`` sink (always, even with -q)."""
        if self.sink is not None:
            self.sink.append(text if text.endswith("\n") or text == "" else text + "\n")
            return
        echo(text, nl=not text.endswith("\n") and text != "", color=self.color)

    def message(self, text: str) -> None:
        """A status line on stderr (suppressed by -q)."""
        if not self.quiet:
            echo(text, err=True, color=self.err_color)

    def debug(self, text: str) -> None:
        """A -v line on stderr. Callers never pass values, only names and counts."""
        if self.verbose:
            echo(text, err=True, color=self.err_color)

    def error(self, text: str) -> None:
        """An error line on stderr (never suppressed)."""
        echo(text, err=True, color=self.err_color)
