"""JavaScript/TypeScript, shell and Dockerfile references: exact names, whole tokens."""

from __future__ import annotations

import pytest

from envmigrate.rules import DEFAULT_RULES
from envmigrate.scanners.js import scan as scan_js
from envmigrate.scanners.shell import scan_docker, scan_shell
from tests.scanners.helpers import codes, fix

JS_NOOP = [
    "const a = process.env.MY_DINGTALK_APP_KEY;\n",
    "const a = process.env.DINGTALK_APP_KEY_2;\n",
    "const a = process.env.DINGTALK_CLIENT_ID;\n",
    'const a = "DINGTALK_APP_KEY is old";\n',
    "const DINGTALK_APP_KEY = 1;\n",  # a local constant, not the environment
    "const { DINGTALK_CLIENT_ID: DINGTALK_APP_KEY } = process.env;\n",
]
JS_FIXES = [
    ("process.env.DINGTALK_APP_KEY\n", "process.env.DINGTALK_CLIENT_ID\n"),
    ("process.env . DINGTALK_APP_KEY\n", "process.env . DINGTALK_CLIENT_ID\n"),
    ('process.env["DINGTALK_APP_SECRET"]\n', 'process.env["DINGTALK_CLIENT_SECRET"]\n'),
    ("process.env['DINGTALK_APP_KEY']\n", "process.env['DINGTALK_CLIENT_ID']\n"),
    ("import.meta.env.DINGTALK_APP_KEY\n", "import.meta.env.DINGTALK_CLIENT_ID\n"),
    ("getEnv(`DINGTALK_APP_KEY`)\n", "getEnv(`DINGTALK_CLIENT_ID`)\n"),
    (
        "const { DINGTALK_APP_KEY, DINGTALK_APP_SECRET: s } = process.env;\n",
        "const { DINGTALK_CLIENT_ID: DINGTALK_APP_KEY, DINGTALK_CLIENT_SECRET: s } = process.env;\n",
    ),
    (
        "const {\n  DINGTALK_APP_KEY = 'x',\n} = process.env;\n",
        "const {\n  DINGTALK_CLIENT_ID: DINGTALK_APP_KEY = 'x',\n} = process.env;\n",
    ),
]
SHELL_NOOP = [
    "echo $MY_DINGTALK_APP_KEY\n",
    "echo ${DINGTALK_APP_KEY_2}\n",
    "export DINGTALK_CLIENT_ID=1\n",
]
SHELL_FIXES = [
    ("echo $DINGTALK_APP_KEY\n", "echo $DINGTALK_CLIENT_ID\n"),
    ('k="${DINGTALK_APP_KEY:-x}"\n', 'k="${DINGTALK_CLIENT_ID:-x}"\n'),
    ("export DINGTALK_APP_SECRET=s\r\n", "export DINGTALK_CLIENT_SECRET=s\r\n"),
    ("unset DINGTALK_APP_KEY\n", "unset DINGTALK_CLIENT_ID\n"),
]
DOCKER_NOOP = [
    "ENV MY_DINGTALK_APP_KEY=1\n",
]
DOCKER_FIXES = [
    ("ARG DINGTALK_APP_KEY\n", "ARG DINGTALK_CLIENT_ID\n"),
    (
        "ENV DINGTALK_APP_KEY=${DINGTALK_APP_KEY}\n",
        "ENV DINGTALK_CLIENT_ID=${DINGTALK_CLIENT_ID}\n",
    ),
    ("ENV DINGTALK_APP_SECRET s\n", "ENV DINGTALK_CLIENT_SECRET s\n"),
]


@pytest.mark.parametrize(
    ("scan", "src"),
    [(scan_js, s) for s in JS_NOOP]
    + [(scan_shell, s) for s in SHELL_NOOP]
    + [(scan_docker, s) for s in DOCKER_NOOP],
)
def test_noop(scan: object, src: str) -> None:
    assert scan(src, DEFAULT_RULES) == []  # type: ignore[operator]


@pytest.mark.parametrize(
    ("scan", "src", "expected"),
    [(scan_js, *c) for c in JS_FIXES]
    + [(scan_shell, *c) for c in SHELL_FIXES]
    + [(scan_docker, *c) for c in DOCKER_FIXES],
)
def test_fix(scan: object, src: str, expected: str) -> None:
    assert fix(scan, src) == expected  # type: ignore[arg-type]
    assert fix(scan, expected) == expected  # type: ignore[arg-type]


def test_codes() -> None:
    assert codes(scan_js, "process.env.DINGTALK_AGENT_ID\n") == ["EM103"]
    assert codes(scan_shell, "echo $DINGTALK_APP_KEY\n") == ["EM101"]
    assert codes(scan_docker, "ARG DINGTALK_APP_KEY\n") == ["EM102"]
    assert fix(scan_docker, "ARG DINGTALK_AGENT_ID\n") == "ARG DINGTALK_AGENT_ID\n"


def test_user_renames_apply() -> None:
    rules = DEFAULT_RULES.with_extra(renames={"MY_OLD": "MY_NEW"})
    assert fix(scan_js, "process.env.MY_OLD\n", rules) == "process.env.MY_NEW\n"


def test_watched_names_longest_first_and_escaped() -> None:
    """A name that extends another is tried first; names are literal text in a pattern."""
    import re

    from envmigrate.scanners.text import alternation, watched

    rules = DEFAULT_RULES.with_extra(
        {"DINGTALK_APP_KEY_OLD": "X", "AB_C": "Q", "AA_C": "P", "A.B": "C"}, ("Z",)
    )
    names = watched(rules)
    assert names == (
        "DINGTALK_APP_KEY_OLD",
        "DINGTALK_APP_SECRET",
        "DINGTALK_AGENT_ID",
        "DINGTALK_APP_KEY",
        "AA_C",
        "AB_C",
        "A.B",
        "Z",
    )
    pattern = re.compile(alternation(names))
    assert pattern.pattern == (
        "DINGTALK_APP_KEY_OLD|DINGTALK_APP_SECRET|DINGTALK_AGENT_ID|DINGTALK_APP_KEY"
        r"|AA_C|AB_C|A\.B|Z"
    )
    assert pattern.match("DINGTALK_APP_KEY_OLD=1").group() == "DINGTALK_APP_KEY_OLD"  # type: ignore[union-attr]
    assert pattern.fullmatch("AxB") is None
