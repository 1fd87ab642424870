"""The command line's way in: ``check``/``migrate`` without click.

``main`` is what the ``envmigrate`` command runs; ``boundary.guard`` turns whatever a run
lets out into one line and an exit code.

Importing click is most of a short run's start-up (about 40 ms of 70 on a small machine;
``bench/run.py``'s first row), and a pre-commit hook or a CI step runs ``check`` on every
commit. A plain ``check`` or ``migrate`` command line — the command, then only the
options in the tables below, then PATHs — is therefore read here, into exactly the
parameters click would give the command's function (``tests/test_entry.py`` holds it to
click as the oracle, over generated command lines), and run without importing click.
Anything else (help, ``--version``, ``--lang``, ``--select``, ``--output-file``, stdin,
``--``, a value click would refuse, an option this does not know) goes to click in
``cli.py``, which stays the definition of the command line.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from envmigrate import i18n
from envmigrate.boundary import guard

#: Set when a shell asks click's completion for words (README: shell completion).
_COMPLETE = "_ENVMIGRATE_COMPLETE"


class Grammar(NamedTuple):
    """The plain form of one command: its flags, its options with a value, its defaults."""

    #: a flag -> (parameter, value it sets)
    flags: Mapping[str, tuple[str, bool]]
    #: an option taking one value -> (parameter, the values click accepts)
    choices: Mapping[str, tuple[str, tuple[str, ...]]]
    #: every parameter click passes to the command, with click's default
    defaults: Mapping[str, Any]


#: Options every command takes (``cli.common_options`` and ``--exit-zero``).
_COMMON_FLAGS = {
    "--no-color": ("no_color", True),
    "--show-secrets": ("show_secrets", True),
    "-q": ("quiet", True),
    "--quiet": ("quiet", True),
    "-v": ("verbose", True),
    "--verbose": ("verbose", True),
    "--exit-zero": ("exit_zero", True),
}
_COMMON_DEFAULTS = {
    "paths": (),
    "select": (),
    "ignore": (),
    "stdin_filename": None,
    "config_file": None,
    "endpoint": None,
    "timeout": 15.0,
    "retries": 2,
    "output_file": None,
    "exit_zero": False,
    "no_color": False,
    "show_secrets": False,
    "quiet": False,
    "verbose": False,
    "fmt": "text",
}

GRAMMARS = {
    "check": Grammar(
        flags={
            **_COMMON_FLAGS,
            "--environ": ("environ", True),
            "--strict": ("strict", True),
            "--code": ("code", True),
            "--no-code": ("code", False),
        },
        choices={"--format": ("fmt", ("text", "json", "github", "sarif", "markdown"))},
        defaults={
            **_COMMON_DEFAULTS,
            "environ": False,
            "do_verify": False,
            "strict": False,
            "code": True,
        },
    ),
    "migrate": Grammar(
        flags={
            **_COMMON_FLAGS,
            "--dry-run": ("dry_run", True),
            "--yes": ("yes", True),
            "-y": ("yes", True),
            "--backup": ("backup", True),
            "--no-verify": ("no_verify", True),
            "--code": ("code", True),
        },
        choices={
            "--format": ("fmt", ("text", "json", "sarif", "markdown")),
            "--agent-id": ("agent_id", ("comment", "remove", "keep")),
            "--prefer": ("prefer", ("new", "old")),
        },
        defaults={
            **_COMMON_DEFAULTS,
            "dry_run": False,
            "yes": False,
            "backup": False,
            "agent_id": None,
            "prefer": None,
            "no_verify": False,
            "code": False,
        },
    ),
}


def parse(args: Sequence[str]) -> tuple[str, dict[str, Any]] | None:
    """(command, click's parameters for it) of a plain command line; None for any other."""
    if not args or args[0] not in GRAMMARS:
        return None
    grammar = GRAMMARS[args[0]]
    params = dict(grammar.defaults)
    paths: list[Path] = []
    rest = iter(args[1:])
    for arg in rest:
        if not arg.startswith("-"):
            if not arg or "\x00" in arg or _unreadable(arg):
                return None
            paths.append(Path(arg))
            continue
        option, equals, value = arg.partition("=")
        if option in grammar.flags and not equals:
            name, flag = grammar.flags[option]
            params[name] = flag
        elif option in grammar.choices:
            if not equals:
                value = next(rest, "")
            name, accepted = grammar.choices[option]
            if value not in accepted:
                return None
            params[name] = value
        else:
            return None
    params["paths"] = tuple(paths)
    return args[0], params


def _unreadable(path: str) -> bool:
    """An existing path this process may not read: click refuses it (``click.Path``'s
    ``readable`` check), with its own usage error."""
    try:
        os.stat(path)
    except OSError:
        return False
    return not os.access(path, os.R_OK)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command line (``sys.argv[1:]`` by default) and return its exit code.

    With ``--format json`` (or sarif, markdown) every run prints exactly one document,
    whatever the exit code: a run that fails before its report exists gets one holding the
    error, written to its ``--output-file`` once that was accepted, else to stdout.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    plain = None if _COMPLETE in os.environ else parse(args)
    if plain is None:
        from envmigrate import cli

        return guard(args, lambda: cli.run(args, from_shell=argv is None))
    i18n.set_language(i18n.resolve(args, os.environ))
    from envmigrate.commands.launch import run_command

    command, params = plain
    return guard(args, lambda: run_command(command, params))
