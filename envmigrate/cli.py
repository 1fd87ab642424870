"""Command-line interface: the definition of every command, its flags and its help.

``entry.main`` runs a plain ``check`` or ``migrate`` command line without click, and every
other one through :func:`run` here, inside ``boundary.guard``. The verification is imported
inside the commands that need it, so ``check`` and ``migrate`` never load httpx,
websockets or asyncio.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from envmigrate import __version__, _imported_at, boundary, i18n
from envmigrate.errors import ExitCode
from envmigrate.i18n import N_, Msg, _
from envmigrate.ui import Ui

F = TypeVar("F", bound=Callable[..., Any])


# -- help in the user's language ------------------------------------------------------------
# click reads help= strings and docstrings when this module is imported, before --lang is
# known: they are kept in English (marked with N_) and translated when the help is formatted.


class Formatter(click.HelpFormatter):
    """click's formatter with translated headings ("Usage:", "Options", "Commands").

    Chinese characters take two columns: in Chinese, the option table is wrapped by
    display width (click counts characters).
    """

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = list(rows)
        if i18n.language() == "en":
            super().write_dl(rows, col_max, col_spacing)
            return
        first = min(max((len(name) for name, _help in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        room = max((self.width or 80) - self.current_indent - first, 20)
        for name, text in rows:
            lines = i18n.wrap(text, room)
            if len(name) + col_spacing > first:  # a long name gets a line of its own
                self.write(f"{indent}{name}\n")
            else:
                self.write(
                    f"{indent}{name:<{first}}{lines.pop(0) if lines else ''}".rstrip() + "\n"
                )
            self.write("".join(f"{indent}{' ' * first}{line}\n" for line in lines))

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_(heading))


class Context(click.Context):
    formatter_class = Formatter


class Command(click.Command):
    """A command whose help text and options' help are translated when printed."""

    context_class = Context

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated_help(self):
            super().format_help_text(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated_help(self):
            return super().get_short_help_str(limit)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_options(self, ctx, formatter)


class Group(click.Group):
    """The top-level group: picks the language before anything is parsed or printed."""

    context_class = Context
    command_class = Command

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        if parent is None:  # the whole command line: `--lang` may follow the sub-command
            i18n.set_language(i18n.resolve(args, os.environ))
        return super().make_context(info_name, args, parent, **extra)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated_help(self):
            super().format_help_text(ctx, formatter)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)


@contextlib.contextmanager
def _translated_help(command: click.Command) -> Iterator[None]:
    """Swap a command's help for its translation while click formats it."""
    english = command.help
    if english:
        command.help = _(inspect.cleandoc(english))
    try:
        yield
    finally:
        command.help = english


#: click's own words in the help screens (translated through the formatter and records).
CLICK_WORDS = (
    N_("Usage: "),
    N_("Options"),
    N_("Commands"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
)


def _format_options(
    command: click.Command, ctx: click.Context, formatter: click.HelpFormatter
) -> None:
    records = []
    for param in command.get_params(ctx):
        if isinstance(param, click.Option):  # as click: arguments have no row
            english = param.help
            param.help = _(english) if english else english  # before click adds "[x<=y]"
            try:
                if (record := param.get_help_record(ctx)) is not None:
                    records.append(record)
            finally:
                param.help = english
    if records:
        with formatter.section("Options"):
            formatter.write_dl(records)


def _choose_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        i18n.set_language(value)


def lang_option(*, hidden: bool) -> Callable[[F], F]:
    """``--lang zh|en``: shown in ``envmigrate --help``, accepted (unlisted, to keep each
    command's help on one screen) by every command."""
    return click.option(
        "--lang",
        type=click.Choice(i18n.LANGUAGES),
        metavar="zh|en",
        expose_value=False,
        is_eager=True,
        hidden=hidden,
        callback=_choose_language,
        help=N_("Language (default: from LANG, LC_ALL …)."),
    )


def common_options(func: F) -> F:
    """Options every command takes: colour, secrets, verbosity, language."""
    func = lang_option(hidden=True)(func)
    func = click.option("-v", "--verbose", is_flag=True, help=N_("Say more (never values)."))(func)
    func = click.option("-q", "--quiet", is_flag=True, help=N_("Only errors and data."))(func)
    func = click.option(
        "--show-secrets", is_flag=True, help=N_("Show values in diffs and reports.")
    )(func)
    return click.option("--no-color", is_flag=True, help=N_("No colour (also: NO_COLOR)."))(func)


OUTPUT_FILE = click.option(
    "--output-file",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help=N_("Write the report to FILE, not stdout."),
)


def report_options(func: F) -> F:
    """Where the report goes, and whether findings fail the run."""
    func = click.option(
        "--exit-zero", is_flag=True, help=N_("Exit 0 even on findings; errors exit 2.")
    )(func)
    return OUTPUT_FILE(func)


def _ui(no_color: bool, show_secrets: bool, quiet: bool, verbose: bool) -> Ui:
    return Ui.create(no_color=no_color, show_secrets=show_secrets, quiet=quiet, verbose=verbose)


def _sink(output_file: Path | None, paths: Sequence[Path]) -> list[str] | None:
    """A buffer for ``--output-file``; refuses a file the run would read as input."""
    if output_file is None:
        return None
    from envmigrate import fileio
    from envmigrate.files import is_env_name

    if is_env_name(output_file.name) or is_env_name(fileio.resolve_target(output_file).name):
        raise click.BadParameter(
            Msg("looks like an env file, which a later run would read: choose another name"),
            param_hint="--output-file",
        )
    for path in paths:
        if path.exists() and output_file.exists() and path.samefile(output_file):
            raise click.BadParameter(
                Msg("{path} is also an input; choose another file", path=output_file),
                param_hint="--output-file",
            )
    boundary.report_file = output_file
    return []


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="envmigrate")
@lang_option(hidden=False)
def cli() -> None:
    """Migrate DingTalk app credentials to the Stream-mode names, and prove they work.

    \b
    DINGTALK_APP_KEY    -> DINGTALK_CLIENT_ID
    DINGTALK_APP_SECRET -> DINGTALK_CLIENT_SECRET
    DINGTALK_AGENT_ID   -> not needed in Stream mode

    Exit codes: 0 clean, 1 problems found or credentials rejected, 2 usage error or
    unusable input, 3 verification inconclusive (network, timeout, rate limit, 5xx).
    """


PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
FORMAT_CHECK = click.Choice(["text", "json", "github", "sarif", "markdown"])
FORMAT_MIGRATE = click.Choice(["text", "json", "sarif", "markdown"])
FORMAT_TEXT_JSON = click.Choice(["text", "json"])
CONFIG = click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help=N_("[tool.envmigrate] keys from FILE."),
)


def verify_options(*, show_timeout: bool) -> Callable[[F], F]:
    """How check --verify and migrate verify: ``verify``'s knobs. Only ``--timeout`` (which
    the timeout hint names) is listed where --help has room; all three always work."""

    def add(func: F) -> F:
        func = click.option(
            "--retries",
            type=click.IntRange(min=0, max=10),
            default=2,
            metavar="N",
            hidden=True,
            help="Verification retries if transient (default: 2).",
        )(func)
        func = click.option(
            "--timeout",
            type=click.FloatRange(min=0.1),
            default=15.0,
            metavar="SECONDS",
            hidden=not show_timeout,
            help="Verification deadline (default: 15).",
        )(func)
        return click.option(
            "--endpoint", metavar="URL", hidden=True, help="DingTalk API base URL."
        )(func)

    return add


def _codes(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    from envmigrate.suppress import is_prefix

    codes = tuple(c.strip() for v in values for c in v.split(",") if c.strip())
    for code in codes:
        if not is_prefix(code):
            raise click.BadParameter(
                Msg("{code} is not a finding code or prefix (EM1, EM103)", code=repr(code))
            )
    return codes


def selection_options(func: F) -> F:
    """--select / --ignore: code prefixes, repeatable or comma-separated (like ruff);
    --stdin-filename for PATH ``-``."""
    func = click.option(
        "--stdin-filename",
        metavar="NAME",
        help=N_("Name (and so kind) of the text read from PATH -."),
    )(func)
    func = click.option(
        "--ignore",
        "ignore",
        multiple=True,
        metavar="CODES",
        callback=_codes,
        help=N_("Skip these codes or prefixes (EM103)."),
    )(func)
    return click.option(
        "--select",
        "select",
        multiple=True,
        metavar="CODES",
        callback=_codes,
        help=N_("Only these codes or prefixes (EM0,EM1)."),
    )(func)


#: The help of each --format choice list (literal: the catalogue has them).
FORMAT_HELP = {
    "text json github sarif markdown": N_("text (default)|json|github|sarif|markdown."),
    "text json sarif markdown": N_("text (default)|json|sarif|markdown."),
    "text json": N_("text (default)|json."),
}


def format_option(choice: click.Choice[str]) -> Callable[[F], F]:
    names = FORMAT_HELP[" ".join(str(c) for c in choice.choices)]
    return click.option(
        "--format", "fmt", type=choice, default="text", metavar="FORMAT", help=names
    )


@cli.command()
@PATHS
@click.option("--environ", is_flag=True, help=N_("Check the process environment (CI secrets)."))
@click.option("--verify", "do_verify", is_flag=True, help=N_("Also verify the credentials live."))
@click.option("--strict", is_flag=True, help=N_("Treat warnings as failures."))
@format_option(FORMAT_CHECK)
@click.option("--code/--no-code", default=True, help=N_("Code and config too (EM1xx; default)."))
@selection_options
@CONFIG
@verify_options(show_timeout=True)
@report_options
@common_options
def check(**params: Any) -> int:
    """Report old DingTalk names in env files, code and config (read-only).

    PATHS: files or folders (default: the current one, unless --environ).
    """
    from envmigrate.commands.launch import run_command

    return run_command("check", params, _sink(params["output_file"], params["paths"]))


@cli.command()
@PATHS
@click.option("--dry-run", is_flag=True, help=N_("Print the diff, write nothing."))
@click.option("--yes", "-y", is_flag=True, help=N_("Do not ask for confirmation."))
@click.option("--backup", is_flag=True, help=N_("Keep FILE.bak (never overwritten)."))
@click.option(
    "--agent-id",
    type=click.Choice(["comment", "remove", "keep"]),
    default=None,
    metavar="POLICY",
    help=N_("DINGTALK_AGENT_ID: comment (default)|remove|keep."),
)
@click.option(
    "--prefer",
    type=click.Choice(["new", "old"]),
    default=None,
    metavar="new|old",
    help=N_("Which value wins when both names differ."),
)
@click.option("--no-verify", is_flag=True, help=N_("Do not verify the credentials after writing."))
@click.option("--code", is_flag=True, help=N_("Also rename in code and deployment config."))
@format_option(FORMAT_MIGRATE)
@selection_options
@CONFIG
@verify_options(show_timeout=False)
@report_options
@common_options
def migrate(**params: Any) -> int:
    """Rename old DingTalk names in env files, showing a masked diff first."""
    from envmigrate.commands.launch import run_command

    if params["output_file"] is not None and not (params["yes"] or params["dry_run"]):
        raise click.UsageError(
            Msg("--output-file takes the diff away from you: add --yes or --dry-run")
        )
    return run_command("migrate", params, _sink(params["output_file"], params["paths"]))


@cli.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--environ", is_flag=True, help=N_("Read the credentials from the environment."))
@click.option("--endpoint", metavar="URL", help=N_("DingTalk API base URL."))
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=15.0,
    metavar="SECONDS",
    help=N_("Deadline for it all (default: 15)."),
)
@click.option(
    "--retries",
    type=click.IntRange(min=0, max=10),
    default=2,
    metavar="N",
    help=N_("Retries if transient (default: 2)."),
)
@click.option("--no-stream", is_flag=True, help=N_("Only request a token; skip the Stream probe."))
@format_option(FORMAT_TEXT_JSON)
@OUTPUT_FILE
@common_options
def verify(
    path: Path | None,
    environ: bool,
    endpoint: str | None,
    timeout: float,
    retries: int,
    no_stream: bool,
    fmt: str,
    output_file: Path | None,
    **common: bool,
) -> int:
    """Prove the credentials work: access token + Stream-mode connection probe."""
    from envmigrate.commands import verify as command
    from envmigrate.commands.launch import deliver

    sink = _sink(output_file, [path] if path else [])
    ui = _ui(**common).to_sink(sink)
    exit_code = command.verify(
        path,
        ui=ui,
        environ=environ,
        endpoint=endpoint,
        timeout=timeout,
        retries=retries,
        stream=not no_stream,
        fmt=fmt,
        started=started,
    )
    deliver(sink, output_file)
    return exit_code


@cli.command()
@common_options
def demo(**common: bool) -> int:
    """Run the whole flow offline on a copy of the bundled sample."""
    from envmigrate.commands import demo as command

    return command.demo(ui=_ui(**common))


@cli.command("fake-server")
@click.option("--host", default="127.0.0.1", help=N_("Address to listen on (default: 127.0.0.1)."))
@click.option("--port", type=click.IntRange(0, 65535), default=0, help=N_("0: a free port."))
@click.option(
    "--fault",
    default=None,
    metavar="NAME",
    help=N_(
        "Misbehave on purpose: reject_credentials, hang, server_error, rate_limited, "
        "malformed_json, html_error, refuse_upgrade, close_websocket, disconnect, flaky "
        "(503 once per endpoint), app_traffic (EVENT/CALLBACK frames before the ping)."
    ),
)
@common_options
def fake_server(host: str, port: int, fault: str | None, **common: bool) -> int:
    """Serve a loopback DingTalk stand-in until interrupted."""
    from envmigrate.commands import demo as command

    return command.fake_server(host=host, port=port, fault=fault, ui=_ui(**common))


#: When the running command started (``time.monotonic``; run from the shell: when the
#: process imported envmigrate): ``verify --timeout`` bounds its wall time from there.
started: float | None = None


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command line through click, inside the error boundary (``sys.argv[1:]`` by
    default). The ``envmigrate`` command runs ``entry.main``, which reads a plain command
    line without click and gives every other one to :func:`run`; this stays for callers of
    the earlier entry point (an ``envmigrate`` script installed before it moved), and gives
    the same results."""
    args = list(sys.argv[1:] if argv is None else argv)
    return boundary.guard(args, lambda: run(args, from_shell=argv is None))


def run(args: list[str], *, from_shell: bool = False) -> int:
    """Run one command line through click and return its exit code (``entry.main`` runs
    this inside ``boundary.guard``); ``from_shell``: the process is this one command."""
    global started
    started = _imported_at if from_shell else time.monotonic()
    try:
        result = cli.main(args=args, prog_name="envmigrate", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:  # bare `envmigrate`: help, exit 2
        click.echo(exc.ctx.get_help() if exc.ctx else str(exc), err=True)
        return ExitCode.USAGE
    except click.ClickException as exc:  # usage errors included
        english = exc.format_message()  # documents stay English; the person reads tr()
        vars(exc)["message"] = i18n.tr(exc.message)  # click's attribute is Final
        exc.show()
        return boundary.failed(args, ExitCode.USAGE, english)
    if isinstance(result, int):
        return result
    return ExitCode.OK  # --help / --version
