"""The SDK misuses (EM106/EM107/EM108) as whole findings: code, severity, path, position,
key and message, every misuse of a file reported, in position order."""

from __future__ import annotations

import pytest

from envmigrate.findings import Finding, Severity
from envmigrate.rules import DEFAULT_RULES
from envmigrate.scanners import python
from envmigrate.scanners.hits import findings
from tests.scanners.helpers import fix

CLIENT = "DingTalkStreamClient"
EM106 = (
    f"{CLIENT}(id, secret) passes the secret as the SDK's logger: "
    f"use {CLIENT}(dingtalk_stream.Credential(id, secret))"
)
EM107 = f"{CLIENT}.Credential does not exist: use dingtalk_stream.Credential"
E, W = Severity.ERROR, Severity.WARNING


def found(src: str) -> list[Finding]:
    return findings(python.scan(src, DEFAULT_RULES), src, "app.py")


def F(code: str, sev: Severity, line: int, col: int, key: str, message: str) -> Finding:
    return Finding(code, sev, "app.py", line, col, key, message)


SRC = (
    "import dingtalk_stream\n"
    "from dingtalk_stream import DingTalkStreamClient\n"
    "from pydantic_settings import BaseSettings\n"
    "\n"
    "a = DingTalkStreamClient(cid, secret)\n"
    "b = dingtalk_stream.DingTalkStreamClient.Credential(cid, secret)\r\n"
    "c = DingTalkStreamClient(x, y)\n"
    "\n"
    "class S(BaseSettings):\n"
    "    dingtalk_app_key: str\n"
    '    dingtalk_agent_id: str = ""\n'
    '    dingtalk_app_secret: str = Field(alias="X")\n'
)


def test_every_misuse_in_full() -> None:
    assert found(SRC) == [
        F("EM108", W, 3, 43, "Field", "import Field for the settings aliases"),
        F("EM106", E, 5, 5, CLIENT, EM106),
        F("EM107", E, 6, 5, CLIENT, EM107),
        F("EM106", E, 7, 5, CLIENT, EM106),
        F(
            "EM108",
            W,
            10,
            26,
            "DINGTALK_APP_KEY",
            "settings field dingtalk_app_key reads DINGTALK_APP_KEY: "
            "read DINGTALK_CLIENT_ID through validation_alias",
        ),
        F(
            "EM108",
            W,
            11,
            5,
            "DINGTALK_AGENT_ID",
            "settings field dingtalk_agent_id reads DINGTALK_AGENT_ID: remove it when nothing uses it",
        ),
    ]


def test_the_fix_of_the_settings_fields_in_full() -> None:
    assert fix(python.scan, SRC) == SRC.replace(
        "import BaseSettings\n", "import BaseSettings\nfrom pydantic import Field\n"
    ).replace(
        "dingtalk_app_key: str\n",
        'dingtalk_app_key: str = Field(validation_alias="DINGTALK_CLIENT_ID")\n',
    )


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        # two misuses on one line: both, left to right
        (
            "x = (DingTalkStreamClient(a, b), DingTalkStreamClient.Credential(a, b))\n",
            [F("EM106", E, 1, 6, CLIENT, EM106), F("EM107", E, 1, 34, CLIENT, EM107)],
        ),
        # the same misuse twice: both
        (
            "a = DingTalkStreamClient(i, s)\nb = DingTalkStreamClient(i, s)\n",
            [F("EM106", E, 1, 5, CLIENT, EM106), F("EM106", E, 2, 5, CLIENT, EM106)],
        ),
        (
            "a = DingTalkStreamClient.Credential(i, s)\n\n\nb = DingTalkStreamClient.Credential\n",
            [F("EM107", E, 1, 5, CLIENT, EM107), F("EM107", E, 4, 5, CLIENT, EM107)],
        ),
        # nested: the outer call is fine (a Credential), the inner attribute is not
        (
            "c = DingTalkStreamClient(DingTalkStreamClient.Credential(i, s))\n",
            [F("EM107", E, 1, 26, CLIENT, EM107)],
        ),
        # not misuses
        ("c = DingTalkStreamClient(Credential(i, s), logger)\n", []),
        ("c = DingTalkStreamClient(i, my_logger)\n", []),
        ("c = DingTalkStreamClient(i, make())\n", []),
        ("c = DingTalkStreamClient(*args)\n", []),
        ("c = DingTalkStreamClient(i, *rest)\n", []),
        ("c = DingTalkStreamClient(i)\n", []),
        ("c = Other.Credential(i, s)\n", []),
        ("c = DingTalkStreamClient(\n", []),  # does not parse: no AST findings
    ],
)
def test_misuses_in_full(src: str, expected: list[Finding]) -> None:
    assert found(src) == expected
