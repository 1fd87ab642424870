"""What depends only on the options is worked out once, and always for the table given."""

from __future__ import annotations

import gc

import pytest

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
            b"env_prefix",
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


#: (renames, obsolete) -> (a code file's needles, an env file's needles): whole results.
NEEDLES = [
    # a common prefix of exactly four characters is the needle (the shortest one taken)
    (
        {"ABCD_OLD": "ABCD_NEW"},
        ("ABCDE",),
        ((b"ABCD", b"abcd", b"AutomaticEnv", registry.CLIENT), (b"ABCD",)),
    ),
    # three characters in common: each name is a needle
    (
        {"ABC_OLD": "ABC_NEW"},
        ("ABCX",),
        (
            (b"ABCX", b"ABC_OLD", b"abcx", b"abc_old", b"AutomaticEnv", registry.CLIENT),
            (b"ABCX", b"ABC_NEW", b"ABC_OLD"),
        ),
    ),
    # names shorter than four characters: each is a needle; env files also watch the new name
    ({"OLD": "NEW"}, (), ((b"OLD", b"old", b"AutomaticEnv", registry.CLIENT), (b"NEW", b"OLD"))),
    (
        {"OLD_NAME": "OLD_NAME_2"},
        (),
        ((b"OLD_NAME", b"old_name", b"AutomaticEnv", registry.CLIENT), (b"OLD_NAME",)),
    ),
    # a lower-case name adds no second needle
    (
        {"old_name": "NEW"},
        (),
        ((b"old_name", b"AutomaticEnv", registry.CLIENT), (b"NEW", b"old_name")),
    ),
    # a piece a name can be built from (a prefix or suffix with an inner "_"): a needle,
    # and a name holding one is no needle of its own
    (
        {"AB_CD_EF": "XY"},
        (),
        ((b"ab_cd_ef", b"CD_EF", b"AB_CD", b"AutomaticEnv", registry.CLIENT), (b"AB_CD_EF", b"XY")),
    ),
]


@pytest.mark.parametrize(("renames", "obsolete", "want"), NEEDLES)
def test_needles_table(
    renames: dict[str, str], obsolete: tuple[str, ...], want: tuple[tuple[bytes, ...], ...]
) -> None:
    table = RenameTable(renames=renames, obsolete=obsolete)
    code, env = want
    assert registry.needles("go", table) == code
    assert registry.needles("env", table) == env
    assert registry.needles("deps", table) == ()
    # --strict: a suppression comment too (EM900); a kind read whole stays read whole
    assert registry.needles("go", table, strict=True) == (*code, registry.SUPPRESSION)
    assert registry.needles("env", table, strict=True) == (*env, registry.SUPPRESSION)
    assert registry.needles("deps", table, strict=True) == ()
    assert registry.env_names(table) == table.watched | CREDENTIAL_KEYS


def test_each_kind_and_the_env_names_have_their_own_answer() -> None:
    """One table asked for an env file's needles, a code file's and the env names, in
    every order: each question gets its own answer."""
    table = RenameTable(renames={"OLD_KEY": "NEW_KEY"}, obsolete=())
    names = table.watched | CREDENTIAL_KEYS
    for _ in range(2):
        assert registry.env_names(table) == names
        assert registry.needles("env", table) == (b"NEW_KEY", b"OLD_KEY")
        assert registry.needles("python", table) == (
            b"OLD_KEY",
            b"old_key",
            b"env_prefix",
            registry.CLIENT,
        )
        assert registry.needles("deps", table) == ()
        assert registry.env_names(table) == names
    # worked out once: the same answer object every time
    assert registry.needles("python", table) is registry.needles("python", table)
    assert registry.env_names(table) is registry.env_names(table)
