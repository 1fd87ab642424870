"""What depends only on the options is worked out once, and always for the table given."""

from __future__ import annotations

import gc

from envmigrate.rules import CREDENTIAL_KEYS, DEFAULT_RULES, RenameTable
from envmigrate.scanners import registry


def test_needles_follow_the_table_even_when_tables_come_and_go() -> None:
    """Tables made and dropped one after another (their ids may be reused) never get
    another table's needles or names."""
    for i in range(300):
        table = RenameTable(renames={f"OLD{i}_KEY": f"NEW{i}_KEY"}, obsolete=())
        assert registry.needles("python", table) == (
            f"OLD{i}_KEY".encode(),
            f"old{i}_key".encode(),
            registry.CLIENT,
        )
        assert set(registry.needles("env", table)) == {
            f"OLD{i}_KEY".encode(),
            f"NEW{i}_KEY".encode(),
        }
        assert registry.env_names(table) == {f"OLD{i}_KEY", f"NEW{i}_KEY"} | CREDENTIAL_KEYS
        del table
        if i % 50 == 0:
            gc.collect()


def test_needles_are_worked_out_once_per_table() -> None:
    first = registry.needles("js", DEFAULT_RULES)
    assert registry.needles("js", DEFAULT_RULES) is first
    assert registry.needles("deps", DEFAULT_RULES) == ()
    assert registry.env_names(DEFAULT_RULES) is registry.env_names(DEFAULT_RULES)


def test_wanted() -> None:
    assert registry.wanted(b"x = DINGTALK_APP_KEY", (b"DINGTALK_",))
    assert not registry.wanted(b"x = 1", (b"DINGTALK_", b"dingtalk_"))
    assert registry.wanted(b"anything", ())
