"""Import boundaries: the offline path stays light; the public API is what __all__ says."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import envmigrate

HEAVY = ("httpx", "websockets", "asyncio", "ssl", "dingtalk_stream")

PROBE = """
import json, sys
from envmigrate.cli import main
code = main(sys.argv[1:])
print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r})), file=sys.stderr)
"""


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
    code = PROBE.format(heavy=set(HEAVY))
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    loaded = json.loads(proc.stderr.strip().splitlines()[-1])
    assert loaded == []


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
    code = PROBE.format(heavy={"dotenv", "tempfile"})
    proc = subprocess.run(
        [sys.executable, "-c", code, "check", ".env"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert json.loads(proc.stderr.strip().splitlines()[-1]) == []
