"""User configuration: ``[tool.envmigrate]`` in pyproject.toml, or ``--config FILE``.

Keys (all optional)::

    [tool.envmigrate]
    rename = { MY_OLD_NAME = "MY_NEW_NAME" }   # extra renames, on top of the DingTalk ones
    obsolete = ["MY_UNUSED_NAME"]              # extra keys no longer needed (like AGENT_ID)
    include = ["services/*"]                   # folders: only search paths matching these
    exclude = ["*.example", "legacy/*"]        # skip paths matching these (named files too)
    agent-id = "comment"                       # default --agent-id: comment | remove | keep
    select = ["EM0", "EM1"]                    # report only these codes (prefixes)
    ignore = ["EM103"]                         # never report these codes (prefixes)

Without ``--config``, the nearest ``pyproject.toml`` that has a ``[tool.envmigrate]`` table
is used, looking from the current folder upwards and not past the repository root (the
folder holding ``.git``). A ``--config`` file holds the same keys at its top level or under
``[tool.envmigrate]`` (so ``--config path/to/pyproject.toml`` works). Validation is strict:
anything unexpected is a ``ConfigError`` (exit 2) naming the key and the reason.
"""

import fnmatch
import functools
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

from envmigrate import fileio
from envmigrate.errors import ConfigError, InputError
from envmigrate.i18n import Msg
from envmigrate.rules import DEFAULT_RULES, RenameTable
from envmigrate.ui import Ui, posix_path

if TYPE_CHECKING:
    from collections.abc import Callable

    from envmigrate.suppress import Selection

AGENT_ID_POLICIES = ("comment", "remove", "keep")
KEYS = ("rename", "obsolete", "include", "exclude", "agent-id", "select", "ignore")
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"  # compiled on use: start-up stays light
#: Byte needles for a pyproject.toml that could hold the table (checked before parsing).
_MENTIONS = (b"tool.envmigrate", b'tool."envmigrate"', b"tool . envmigrate")
#: A configuration file larger than this is refused (a config is a few hundred bytes).
_MAX_BYTES = 1024 * 1024
Fail: TypeAlias = "Callable[[str, str], ConfigError]"


class Config(NamedTuple):
    """The settings in force: rules, path filters, the ``--agent-id`` default, the source."""

    rules: RenameTable = DEFAULT_RULES
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    agent_id: str | None = None
    source: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


class RunOptions(NamedTuple):
    """Everything one ``check`` or ``migrate`` run was asked to do, built once by ``cli``.

    ``config`` is what the configuration file said; the flags sit next to it, and the
    ``Ui`` says how output reaches the user. (A NamedTuple, not a dataclass: the command
    line builds one per run, and ``dataclasses`` would cost start-up time.)
    """

    ui: Ui
    paths: tuple[Path, ...] = ()
    config: Config = Config()
    fmt: str = "text"
    code: bool = False
    verify: bool = False
    endpoint: str | None = None
    timeout: float = 15.0
    retries: int = 2
    # check
    environ: bool = False
    strict: bool = False
    # migrate
    dry_run: bool = False
    yes: bool = False
    backup: bool = False
    agent_id: str | None = None
    prefer: str | None = None
    # both: --select replaces the configured select, --ignore adds to the configured ignore
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    #: ``--stdin-filename``: the name (and kind) of the text read from PATH ``-``
    stdin_filename: str | None = None

    @property
    def rules(self) -> RenameTable:
        return self.config.rules

    @property
    def selection(self) -> "Selection":
        return _selection(self.select or self.config.select, self.config.ignore + self.ignore)


@functools.cache
def _selection(select: tuple[str, ...], ignore: tuple[str, ...]) -> "Selection":
    """One Selection per pair of prefix lists (asked for once per file)."""
    from envmigrate.suppress import Selection

    return Selection(select, ignore)


#: RunOptions fields that are click parameters of the same name.
_FLAGS = (
    "fmt",
    "code",
    "endpoint",
    "timeout",
    "retries",
    "environ",
    "strict",
    "dry_run",
    "yes",
    "backup",
    "agent_id",
    "prefer",
    "select",
    "ignore",
    "stdin_filename",
)


def run_options(params: Mapping[str, Any], sink: list[str] | None = None) -> RunOptions:
    """The RunOptions of a ``check`` or ``migrate`` run from its command's parameters (as
    click passes them); ``sink``: the ``--output-file`` buffer, data goes there uncoloured."""
    ui = Ui.create(
        no_color=params["no_color"],
        show_secrets=params["show_secrets"],
        quiet=params["quiet"],
        verbose=params["verbose"],
    ).to_sink(sink)
    stdin = (Path("-"),) if params["stdin_filename"] else ()
    return RunOptions(
        ui=ui,
        paths=params["paths"] or stdin,
        config=load(params["config_file"]),
        verify=params["do_verify"] if "do_verify" in params else not params["no_verify"],
        **{name: params[name] for name in _FLAGS if name in params},
    )


def selected(
    path: str, include: Sequence[str], exclude: Sequence[str], *, named: bool = False
) -> bool:
    """Whether a path is searched: not excluded and, unless named on the command line, included.

    A glob matches the path as reported (relative to where envmigrate runs) or the file
    name; ``*`` also matches ``/``.
    """
    path = posix_path(path).removeprefix("./")
    if exclude and _matches(path, exclude):
        return False
    return named or not include or _matches(path, include)


def _matches(path: str, patterns: Sequence[str]) -> bool:
    name = os.path.basename(path)
    return any(fnmatch.fnmatchcase(path, p) or fnmatch.fnmatchcase(name, p) for p in patterns)


def load(config_file: Path | None = None, *, start: Path | None = None) -> Config:
    """The configuration for this run; the defaults when there is none."""
    if config_file is not None:
        data = _read_toml(config_file)
        nested = _nested(data)
        if nested is not None and not isinstance(nested, dict):
            raise ConfigError(Msg("{path}: [tool.envmigrate] must be a table", path=config_file))
        return from_table(nested if nested is not None else data, source=str(config_file))
    found = find_pyproject(start or Path.cwd())
    if found is None:
        return Config()
    return from_table(found[1], source=str(found[0]))


def find_pyproject(start: Path) -> tuple[Path, Mapping[str, Any]] | None:
    """The nearest pyproject.toml with a ``[tool.envmigrate]`` table, up to the repo root.

    A file that does not mention ``envmigrate`` at all is not parsed (start-up stays cheap).
    """
    folder = start.resolve()
    while True:
        candidate = folder / "pyproject.toml"
        table = _tool_table(candidate) if candidate.is_file() else None
        if table is not None:
            return candidate, table
        if (folder / ".git").exists() or folder.parent == folder:
            return None
        folder = folder.parent


def _tool_table(path: Path) -> Mapping[str, Any] | None:
    try:
        raw = fileio.read_bytes(path, limit=_MAX_BYTES)
    except InputError:
        return None
    maybe = any(needle in raw for needle in _MENTIONS) or (
        b"[tool]" in raw and b"envmigrate" in raw
    )
    if not maybe:
        return None
    table = _nested(_parse_toml(raw, path))
    if table is not None and not isinstance(table, dict):
        raise ConfigError(Msg("{path}: [tool.envmigrate] must be a table", path=path))
    return table


def _nested(data: Mapping[str, Any]) -> Any:
    """``data["tool"]["envmigrate"]``, or None."""
    tool = data.get("tool")
    return tool.get("envmigrate") if isinstance(tool, dict) else None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = fileio.read_bytes(path, limit=_MAX_BYTES)
    except InputError as exc:
        raise ConfigError(f"cannot read config: {exc.message}") from None
    return _parse_toml(raw, path)


def _parse_toml(raw: bytes, path: Path) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            Msg("{path}: not valid TOML ({error})", path=path, error=str(exc))
        ) from None


# -- validation -----------------------------------------------------------------------------


def from_table(table: Mapping[str, Any], *, source: str = "<config>") -> Config:
    """Validate one ``[tool.envmigrate]`` table; raise ConfigError naming key and reason."""

    def fail(key: str, reason: str) -> ConfigError:
        return ConfigError(
            Msg("{path}: [tool.envmigrate] {key}: {reason}", path=source, key=key, reason=reason)
        )

    for key in table:
        if key not in KEYS:
            raise fail(key, Msg("unknown key (expected one of: {keys})", keys=", ".join(KEYS)))
    renames = _renames(table.get("rename", {}), fail)
    obsolete = _names(table.get("obsolete", []), "obsolete", fail)
    rules = DEFAULT_RULES.with_extra(renames=renames, obsolete=obsolete)
    _consistent(rules, renames, obsolete, fail)
    agent_id = table.get("agent-id")
    if agent_id is not None and agent_id not in AGENT_ID_POLICIES:
        raise fail("agent-id", Msg("must be one of {values}", values=", ".join(AGENT_ID_POLICIES)))
    return Config(
        rules=rules,
        include=_globs(table.get("include", []), "include", fail),
        exclude=_globs(table.get("exclude", []), "exclude", fail),
        agent_id=agent_id,
        source=source,
        select=_codes(table.get("select", []), "select", fail),
        ignore=_codes(table.get("ignore", []), "ignore", fail),
    )


def _codes(value: object, key: str, fail: Fail) -> tuple[str, ...]:
    from envmigrate.suppress import is_prefix

    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(key, Msg("must be a list of finding codes or prefixes (EM1, EM103)"))
    for code in value:
        if not is_prefix(code):
            raise fail(
                key,
                Msg(
                    "{code} is not a finding code or prefix (EM, EM1, EM10, EM103)",
                    code=repr(code),
                ),
            )
    return tuple(value)


def _renames(value: object, fail: Fail) -> dict[str, str]:
    if not isinstance(value, dict):
        raise fail("rename", Msg('must be a table of OLD = "NEW" names'))
    for old, new in value.items():
        _check_name(old, f"rename.{old}", fail)
        if not isinstance(new, str):
            raise fail(f"rename.{old}", Msg("the new name must be a string"))
        _check_name(new, f"rename.{old}", fail)
        if old == new:
            raise fail(f"rename.{old}", Msg("renames a key to itself"))
    return dict(value)


def _names(value: object, key: str, fail: Fail) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(key, Msg("must be a list of key names"))
    for name in value:
        _check_name(name, key, fail)
    return tuple(value)


def _globs(value: object, key: str, fail: Fail) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise fail(key, Msg("must be a list of non-empty glob patterns"))
    return tuple(value)


def _check_name(name: str, key: str, fail: Fail) -> None:
    if not re.fullmatch(_NAME, name):
        raise fail(key, Msg("{name} is not a valid environment variable name", name=repr(name)))


def _consistent(
    rules: RenameTable, renames: dict[str, str], obsolete: tuple[str, ...], fail: Fail
) -> None:
    """No chains (A -> B -> C) and no key both renamed and obsolete."""
    for old, new in rules.renames.items():
        if new in rules.renames:
            key = f"rename.{old if old in renames else new}"
            raise fail(
                key,
                Msg("target {new} is itself renamed (to {to})", new=new, to=rules.renames[new]),
            )
        if new in rules.obsolete:
            key = f"rename.{old}" if old in renames else "obsolete"
            raise fail(key, Msg("target {new} of {old} is listed as obsolete", new=new, old=old))
    for name in obsolete:
        if name in rules.renames:
            raise fail(
                "obsolete",
                Msg("{name} is also renamed; a key is either renamed or obsolete", name=name),
            )
