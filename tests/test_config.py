"""[tool.envmigrate] and --config: discovery, strict validation, and how settings flow."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from envmigrate import config
from envmigrate.config import Config, from_table, load, selected
from envmigrate.errors import ConfigError, ExitCode
from tests.test_cli import run

GOOD = """
[tool.envmigrate]
rename = { MY_OLD = "MY_NEW" }
obsolete = ["MY_UNUSED"]
include = ["svc/*"]
exclude = ["*.example"]
agent-id = "remove"
"""


def test_defaults_without_config(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert load(start=tmp_path) == Config()


def test_pyproject_table_is_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(GOOD)
    cfg = load(start=tmp_path)
    assert cfg.rules.renames["MY_OLD"] == "MY_NEW"
    assert cfg.rules.renames["DINGTALK_APP_KEY"] == "DINGTALK_CLIENT_ID"
    assert "MY_UNUSED" in cfg.rules.obsolete
    assert (cfg.include, cfg.exclude, cfg.agent_id) == (("svc/*",), ("*.example",), "remove")
    assert cfg.source == str(tmp_path / "pyproject.toml")


def test_nearest_pyproject_with_the_table_wins(tmp_path: Path) -> None:
    """A pyproject.toml without [tool.envmigrate] is passed over; the walk stops at .git."""
    (tmp_path / "pyproject.toml").write_text(GOOD)
    inner = tmp_path / "pkg" / "sub"
    inner.mkdir(parents=True)
    (tmp_path / "pkg" / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert load(start=inner).agent_id == "remove"
    (tmp_path / "pkg" / ".git").mkdir()
    assert load(start=inner) == Config()


def test_pyproject_not_mentioning_envmigrate_is_not_parsed(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text("this is [not toml")
    assert load(start=tmp_path) == Config()


@pytest.mark.parametrize(
    "text",
    [
        'rename = { MY_OLD = "MY_NEW" }\n',
        '[tool.envmigrate]\nrename = { MY_OLD = "MY_NEW" }\n',
        '[project]\nname = "x"\n[tool.envmigrate]\nrename = { MY_OLD = "MY_NEW" }\n',
    ],
    ids=["top-level", "tool-table", "a-whole-pyproject"],
)
def test_config_file_top_level_or_tool_table(tmp_path: Path, text: str) -> None:
    path = tmp_path / "envmigrate.toml"
    path.write_text(text)
    assert load(path).rules.renames["MY_OLD"] == "MY_NEW"


@pytest.mark.parametrize(
    ("table", "key", "reason"),
    [
        ({"renames": {}}, "renames", "unknown key"),
        ({"rename": ["A"]}, "rename", "must be a table"),
        ({"rename": {"A": 1}}, "rename.A", "must be a string"),
        ({"rename": {"1A": "B"}}, "rename.1A", "not a valid environment variable name"),
        ({"rename": {"A": "B-C"}}, "rename.A", "not a valid environment variable name"),
        ({"rename": {"A": "A"}}, "rename.A", "renames a key to itself"),
        ({"rename": {"A": "B", "B": "C"}}, "rename.A", "target B is itself renamed"),
        ({"rename": {"A": "DINGTALK_APP_KEY"}}, "rename.A", "itself renamed"),
        ({"rename": {"DINGTALK_CLIENT_ID": "X"}}, "rename.DINGTALK_CLIENT_ID", "itself renamed"),
        ({"rename": {"A": "DINGTALK_AGENT_ID"}}, "rename.A", "listed as obsolete"),
        ({"obsolete": ["DINGTALK_CLIENT_ID"]}, "obsolete", "listed as obsolete"),
        ({"obsolete": ["DINGTALK_APP_KEY"]}, "obsolete", "also renamed"),
        ({"obsolete": "A"}, "obsolete", "must be a list"),
        ({"obsolete": ["A B"]}, "obsolete", "not a valid environment variable name"),
        ({"include": "*.env"}, "include", "must be a list"),
        ({"exclude": [""]}, "exclude", "non-empty glob"),
        ({"agent-id": "drop"}, "agent-id", "must be one of comment, remove, keep"),
        ({"agent-id": True}, "agent-id", "must be one of"),
    ],
)
def test_invalid_config_names_key_and_reason(table: dict[str, Any], key: str, reason: str) -> None:
    with pytest.raises(ConfigError) as info:
        from_table(table, source="pyproject.toml")
    assert f"pyproject.toml: [tool.envmigrate] {key}: " in info.value.message
    assert reason in info.value.message
    assert info.value.exit_code == ExitCode.USAGE


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("rename = {", "not valid TOML"),
        ("[tool]\nenvmigrate = 3\n", "must be a table"),
    ],
)
def test_unreadable_config_file(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=reason):
        load(path)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config"):
        load(tmp_path / "absent.toml")


@pytest.mark.parametrize(
    ("path", "named", "expected"),
    [
        ("svc/.env", False, True),
        ("./svc/a/.env", False, True),
        ("other/.env", False, False),
        ("other/.env", True, True),  # a file named on the command line is always taken
        ("svc/.env.example", False, False),
        ("svc/.env.example", True, False),  # ...unless excluded
    ],
)
def test_selected(path: str, named: bool, expected: bool) -> None:
    assert selected(path, ("svc/*",), ("*.example",), named=named) is expected


def test_no_filters_select_everything() -> None:
    assert selected("a/b/.env", (), ())


# -- through the CLI -------------------------------------------------------------------------


def test_cli_uses_pyproject_renames_and_excludes(in_tmp: Path) -> None:
    (in_tmp / ".git").mkdir()
    (in_tmp / "pyproject.toml").write_text(
        '[tool.envmigrate]\nrename = { MY_OLD = "MY_NEW" }\nexclude = ["*.example"]\n'
    )
    (in_tmp / ".env").write_text("MY_OLD=1\n")
    (in_tmp / ".env.example").write_text("DINGTALK_APP_KEY=x\n")
    code, out, _ = run("check", "--no-code")
    assert code == 1
    assert out == ".env:1:1: EM001 MY_OLD is deprecated: rename it to MY_NEW\n"


def test_cli_agent_id_default_from_config(in_tmp: Path) -> None:
    (in_tmp / ".git").mkdir()
    (in_tmp / "pyproject.toml").write_text('[tool.envmigrate]\nagent-id = "remove"\n')
    (in_tmp / ".env").write_text("DINGTALK_AGENT_ID=1\nA=2\n")
    code, _, _ = run("migrate", "--yes", "--no-verify", ".env")
    assert code == 0
    assert (in_tmp / ".env").read_text() == "A=2\n"
    (in_tmp / ".env").write_text("DINGTALK_AGENT_ID=1\n")
    run("migrate", "--yes", "--no-verify", "--agent-id", "keep", ".env")
    assert (in_tmp / ".env").read_text() == "DINGTALK_AGENT_ID=1\n"  # the flag wins


@pytest.mark.parametrize("command", ["check", "migrate"])
def test_cli_invalid_config_exits_2(in_tmp: Path, command: str) -> None:
    (in_tmp / "c.toml").write_text('agent-id = "drop"\n')
    (in_tmp / ".env").write_text("A=1\n")
    code, out, err = run(command, "--config", "c.toml", ".env")
    assert code == 2
    assert out == ""
    assert err == (
        "envmigrate: error: c.toml: [tool.envmigrate] agent-id: "
        "must be one of comment, remove, keep\n"
    )


def test_module_keys_documented() -> None:
    """Every accepted key appears in the module docstring (the reference users read)."""
    assert config.__doc__ is not None
    for key in config.KEYS:
        assert f"{key} =" in config.__doc__
