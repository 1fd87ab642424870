"""registry.py (kinds): each kind reaches its scanner, hits come back sorted and one per position,
and the byte pre-filter never skips a file worth scanning."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from envmigrate.rules import DEFAULT_RULES
from envmigrate.scanners import registry
from envmigrate.scanners.hits import Lines

USER = DEFAULT_RULES.with_extra({"OLD_TOKEN": "NEW_TOKEN"}, ("GONE",))
KEY = "DINGTALK_APP_KEY"

#: kind -> (source, its hits: ``CODE line:col``)
KINDS = {
    "python": ('import os\nos.environ["DINGTALK_APP_KEY"]\n', ["EM101 2:13"]),
    "js": ("process.env.DINGTALK_APP_KEY\n", ["EM101 1:13"]),
    "shell": ("echo $DINGTALK_APP_KEY\n", ["EM101 1:7"]),
    "docker": ("ENV DINGTALK_APP_KEY=1\n", ["EM102 1:5"]),
    "yaml": ("env:\n  DINGTALK_APP_KEY: x\n", ["EM102 2:3"]),
    "json": ('{"env": {"DINGTALK_APP_KEY": {"required": true}}}', ["EM102 1:11"]),
    "hcl": ("variables = {\n  DINGTALK_APP_KEY = var.k\n}\n", ["EM102 2:3"]),
    "make": ("export DINGTALK_APP_KEY ?= x\n", ["EM102 1:8"]),
    "procfile": ("web: bot $DINGTALK_APP_KEY\n", ["EM101 1:11"]),
    "systemd": ("[Service]\nEnvironment=DINGTALK_APP_KEY=x\n", ["EM102 2:13"]),
    "deps": ("dingtalk-stream==0.7\n", ["EM104 1:1"]),
    "properties": ("k=${DINGTALK_APP_KEY}\n", ["EM102 1:5"]),
    "erb": ('<%= ENV["DINGTALK_APP_KEY"] %>\n', ["EM101 1:10"]),
    "go": ('os.Getenv("DINGTALK_APP_KEY")', ["EM101 1:12"]),
    "java": ('System.getenv("DINGTALK_APP_KEY")', ["EM101 1:16"]),
    "kotlin": ('System.getenv("DINGTALK_APP_KEY")', ["EM101 1:16"]),
    "csharp": ('cfg["DINGTALK_APP_KEY"]', ["EM101 1:6"]),
    "rust": ('env!("DINGTALK_APP_KEY")', ["EM101 1:7"]),
    "php": ('<?php env("DINGTALK_APP_KEY");', ["EM101 1:12"]),
    "ruby": ('ENV["DINGTALK_APP_KEY"]', ["EM101 1:6"]),
    "elixir": ('System.get_env("DINGTALK_APP_KEY")', ["EM101 1:17"]),
    "groovy": ("sh 'echo $DINGTALK_APP_KEY'", ["EM101 1:11"]),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_reaches_its_scanner(kind: str) -> None:
    src, want = KINDS[kind]
    lines = Lines(src)
    hits = registry.scan(src, kind, DEFAULT_RULES)
    assert [f"{h.code} {'{}:{}'.format(*lines.position(h.start))}" for h in hits] == want
    assert registry.scanner(kind)(src, DEFAULT_RULES) == hits
    # the same source read as another kind finds something else (or nothing)
    other = "deps" if kind != "deps" else "go"
    assert registry.scan(src, other, DEFAULT_RULES) != hits


def test_scan_sorts_and_keeps_one_hit_per_position() -> None:
    src = 'a: <%= ENV["DINGTALK_APP_KEY"] %>\nenv:\n  DINGTALK_APP_KEY: x\n'
    raw = registry.scanner("yaml")(src, DEFAULT_RULES)
    assert [h.start for h in raw] == [41, 12]  # YAML first, then the Ruby in the tags
    assert [(h.start, h.code) for h in registry.scan(src, "yaml", DEFAULT_RULES)] == [
        (12, "EM101"),
        (41, "EM102"),
    ]
    # a position found by two scanners of one kind is reported once
    twice = "run: echo $DINGTALK_APP_KEY <%= ENV['DINGTALK_APP_SECRET'] %>\n"
    hits = registry.scan(twice, "yaml", DEFAULT_RULES)
    assert len({h.start for h in hits}) == len(hits)


@pytest.mark.parametrize(
    ("kind", "masked"),
    [
        ("make", "shell"),
        ("procfile", "shell"),
        ("systemd", "shell"),
        ("hcl", "shell"),
        ("json", "shell"),
        ("yaml", "yaml"),
        ("go", "go"),
        ("env", "env"),
        ("docker", "docker"),
    ],
)
def test_mask_kind(kind: str, masked: str) -> None:
    assert registry.mask_kind(kind) == masked


def test_needles() -> None:
    assert registry.needles("deps", DEFAULT_RULES) == ()
    assert registry.needles("env", DEFAULT_RULES) == (b"DINGTALK_",)
    # the pieces a name can be built from ("DINGTALK" + "_APP_KEY") are needles too, and
    # Go files are read for viper's AutomaticEnv (a key, not the name, in the file)
    pieces = {b"APP_KEY", b"APP_SECRET", b"AGENT_ID"}
    assert set(registry.needles("go", DEFAULT_RULES)) == {
        b"DINGTALK_A",
        b"dingtalk_a",
        *pieces,
        b"AutomaticEnv",
        b"DingTalkStreamClient",
    }
    names = {b"DINGTALK_APP_KEY", b"DINGTALK_APP_SECRET", b"DINGTALK_AGENT_ID", b"OLD_TOKEN"}
    assert set(registry.needles("ruby", USER)) == {
        b"OLD_TOKEN",  # the DingTalk names hold a piece: no needles of their own
        b"GONE",
        *(n.lower() for n in names),
        b"gone",
        *pieces,
        b"DINGTALK_APP",
        b"DINGTALK_AGENT",
        b"DingTalkStreamClient",
    }
    assert set(registry.needles("env", USER)) == {
        *names - {b"OLD_TOKEN"},
        b"OLD_TOKEN",
        b"NEW_TOKEN",
        b"GONE",
        b"DINGTALK_CLIENT_ID",
        b"DINGTALK_CLIENT_SECRET",
    }
    # a common prefix shorter than four characters is no needle
    short = DEFAULT_RULES.with_extra({"DINX": "NEWX"}, ())
    assert b"DIN" not in registry.needles("go", short)
    assert b"DINX" in registry.needles("go", short)


@given(
    kind=st.sampled_from(["env", "go", "python", "yaml", "deps"]),
    rules=st.sampled_from([DEFAULT_RULES, USER]),
    head=st.binary(max_size=20),
    tail=st.binary(max_size=20),
    lower=st.booleans(),
)
def test_a_file_naming_a_watched_name_is_wanted(
    kind: str, rules: object, head: bytes, tail: bytes, lower: bool
) -> None:
    from envmigrate.rules import RenameTable

    assert isinstance(rules, RenameTable)
    names = [*sorted({*rules.renames, *rules.obsolete}), "DingTalkStreamClient"]
    if kind == "env":
        names = sorted(rules.watched)
        lower = False
    keys = registry.needles(kind, rules)
    for name in names:
        raw = name.lower() if lower and name != "DingTalkStreamClient" else name
        assert registry.wanted(head + raw.encode() + tail, keys)


def test_wanted() -> None:
    keys = registry.needles("go", DEFAULT_RULES)
    assert not registry.wanted(b"nothing here", keys)
    assert not registry.wanted(b"", keys)
    assert registry.wanted(b"", ())
    assert registry.wanted(b"x", ())
    assert registry.wanted(b"xDingTalkStreamClient(", keys)
