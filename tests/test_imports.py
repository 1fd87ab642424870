"""Import boundaries: the offline path stays light; the public API is what __all__ says."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import ModuleType

import pytest

import envmigrate

HEAVY = ("httpx", "websockets", "asyncio", "ssl", "dingtalk_stream")

PROBE = """
import json, sys
from envmigrate.entry import main
code = main(sys.argv[1:])
print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {roots!r})), file=sys.stderr)
"""


def loaded_by(folder: Path, args: Sequence[str], roots: Iterable[str]) -> list[str]:
    """The modules under ``roots`` that one command line loads, in a fresh process."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(roots=set(roots)), *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    loaded: list[str] = json.loads(proc.stderr.strip().splitlines()[-1])
    return loaded


@pytest.mark.subprocess
@pytest.mark.parametrize(
    "args",
    [
        ("check",),
        ("check", "--format", "json"),
        ("migrate", "--dry-run"),
        ("migrate", "--yes", "--no-verify"),
    ],
)
def test_offline_commands_import_no_network_code(tmp_path: Path, args: tuple[str, ...]) -> None:
    """check and migrate never load httpx, websockets or asyncio (checked in a fresh process)."""
    (tmp_path / ".env").write_text("DINGTALK_APP_KEY=k1\nDINGTALK_APP_SECRET=s1\n")
    assert loaded_by(tmp_path, args, HEAVY) == []


def test_all_lists_the_public_names() -> None:
    """Every public non-module attribute is in __all__, and nothing else is."""
    public = {
        name
        for name in dir(envmigrate)
        if not name.startswith("_") and not isinstance(getattr(envmigrate, name), ModuleType)
    }
    assert set(envmigrate.__all__) == public | {"__version__"}


def test_verify_package_imports_nothing() -> None:
    source = (Path(envmigrate.__file__).parent / "verify" / "__init__.py").read_text()
    assert "import" not in source.replace('"""', "").split("\n", 1)[-1]


@pytest.mark.subprocess
def test_import_envmigrate_is_light() -> None:
    """``import envmigrate`` loads no parser, no rewrite and no tempfile; the API still works."""
    code = (
        "import json, sys, envmigrate\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('dotenv', 'tempfile')"
        " or m in ('envmigrate.rewrite', 'envmigrate.detect', 'envmigrate.envfile'))\n"
        "print(json.dumps(loaded))\n"
        "print(envmigrate.rewrite.__module__, envmigrate.Rules is envmigrate.RenameTable)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded, api = proc.stdout.splitlines()
    assert json.loads(loaded) == []
    assert api == "envmigrate.rewrite True"


def test_submodule_import_does_not_shadow_the_api() -> None:
    """``import envmigrate.rewrite`` must leave ``envmigrate.rewrite`` the function."""
    import envmigrate.detect
    import envmigrate.rewrite

    assert callable(envmigrate.rewrite)
    assert callable(envmigrate.detect)
    assert not isinstance(envmigrate.rewrite, ModuleType)


@pytest.mark.subprocess
def test_check_on_a_clean_file_needs_no_parser_and_no_tempfile(tmp_path: Path) -> None:
    """The per-file path is lean: a file without the names is never parsed; no write, no tempfile."""
    (tmp_path / ".env").write_text("OTHER=1\n")
    assert loaded_by(tmp_path, ["check", ".env"], ["dotenv", "tempfile"]) == []


#: What a check of an env file never needs (each was measured on its start-up).
NOT_FOR_A_CHECK = (
    "json",  # text output; only --format json/sarif loads it
    "dataclasses",  # the options record is a NamedTuple
    "envmigrate.stores",  # only when a secret kept in a store is left
    "envmigrate.scanners.hits",  # code files only
    "difflib",
    "tomllib",  # only a pyproject.toml that mentions envmigrate
    "tempfile",
    "click",  # a plain command line is read without it (entry.py)
)


@pytest.mark.subprocess
def test_check_of_an_env_file_loads_only_what_it_needs(tmp_path: Path) -> None:
    """Start-up: ``check`` of an env file with findings does not import what it does not use."""
    (tmp_path / ".env").write_text(
        "APP=1\nDINGTALK_APP_KEY=dingabc\nDINGTALK_APP_SECRET=s3cr3t\nREF=${DINGTALK_APP_SECRET}\n"
    )
    code = (
        "import sys\n"
        "from envmigrate.entry import main\n"
        "code = main(sys.argv[1:])\n"
        f"print(sorted(m for m in {NOT_FOR_A_CHECK!r} if m in sys.modules), code, file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, "check", ".env"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert proc.stderr.strip().splitlines()[-1] == "[] 1"


def test_records_on_the_check_path_are_cheap_to_define() -> None:
    """Their modules evaluate annotations (no ``from __future__ import annotations``): a
    NamedTuple whose fields are strings compiles each one (a third of its definition time,
    and there are a score of them on the start-up path)."""
    import typing

    from envmigrate import (
        config,
        credentials,
        detect,
        dotenv_lexer,
        envfile,
        findings,
        report,
        rules,
        suppress,
        ui,
    )

    modules = (config, credentials, detect, dotenv_lexer, envfile, findings, report, rules)
    records = [
        value
        for module in (*modules, suppress, ui)
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, tuple) and hasattr(value, "_fields")
        if value.__module__ == module.__name__
    ]
    assert len(records) >= 15
    for record in records:
        lazy = [n for n, t in record.__annotations__.items() if isinstance(t, typing.ForwardRef)]
        assert lazy == [], record


@pytest.mark.subprocess
@pytest.mark.parametrize(
    ("env", "detect"),
    [
        ("APP=1\nDINGTALK_APP_KEY=k\nDINGTALK_AGENT_ID=7\n", False),
        ("DINGTALK_APP_KEY=a\nDINGTALK_CLIENT_ID=b\n", True),  # a pair: the conflicts
    ],
)
def test_a_dry_run_loads_only_what_it_uses(tmp_path: Path, env: str, detect: bool) -> None:
    """A dry run defines none of the library's choice records (it passes strings) and loads
    the detector only for a file that binds an old and a new name together."""
    (tmp_path / ".env").write_text(env)
    loaded = loaded_by(tmp_path, ["migrate", "--dry-run", ".env"], ["envmigrate"])
    assert "envmigrate.rewrite" in loaded
    assert "envmigrate.options" not in loaded
    assert ("envmigrate.detect" in loaded) is detect
    assert "envmigrate.credentials" not in loaded
