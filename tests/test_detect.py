"""Findings EM001–EM008: codes, positions, severities; messages never carry values."""

from __future__ import annotations

import pytest

from envmigrate.detect import detect, detect_environ
from envmigrate.envfile import parse
from envmigrate.findings import Severity
from envmigrate.rules import DEFAULT_RULES
from tests.conftest import SENTINEL


def codes(text: str, *, verify: bool = False) -> list[tuple[str, int, int, str]]:
    return [(f.code, f.line, f.column, f.key) for f in detect(parse(text), path="f", verify=verify)]


NOOP = [
    "",
    "A=1\n",
    "DINGTALK_CLIENT_ID=dingabc123\nDINGTALK_CLIENT_SECRET=s3cr3t-real-looking\n",
    "# DINGTALK_APP_KEY=x\n",
    "MY_DINGTALK_APP_KEY=x\n",
    'NOTE="\nDINGTALK_APP_KEY=x\n"\n',
    "X=1 # ${DINGTALK_APP_KEY}\n",
]


@pytest.mark.parametrize("text", NOOP)
def test_noop(text: str) -> None:
    assert codes(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DINGTALK_APP_KEY=dingabc\n", [("EM001", 1, 1, "DINGTALK_APP_KEY")]),
        ("\n  export DINGTALK_APP_SECRET=zz-secret\n", [("EM002", 2, 10, "DINGTALK_APP_SECRET")]),
        ("DINGTALK_AGENT_ID=1\n", [("EM003", 1, 1, "DINGTALK_AGENT_ID")]),
        (
            "DINGTALK_APP_KEY=a1x\nDINGTALK_CLIENT_ID=b1x\n",
            [("EM001", 1, 1, "DINGTALK_APP_KEY"), ("EM004", 1, 1, "DINGTALK_APP_KEY")],
        ),
        (
            "DINGTALK_CLIENT_ID=a1x\nDINGTALK_APP_KEY=a1x\n",
            [("EM001", 2, 1, "DINGTALK_APP_KEY"), ("EM005", 2, 1, "DINGTALK_APP_KEY")],
        ),
        ("X=pre${DINGTALK_APP_KEY}\n", [("EM006", 1, 6, "X")]),
        ('X="a\nb ${DINGTALK_APP_SECRET:-d}"\n', [("EM006", 2, 3, "X")]),
        ("this is not a binding\n", [("EM007", 1, 1, "")]),
        ("DINGTALK_CLIENT_SECRET=\n", [("EM008", 1, 1, "DINGTALK_CLIENT_SECRET")]),
        ("DINGTALK_CLIENT_ID=dingxxxxxxxx\n", [("EM008", 1, 1, "DINGTALK_CLIENT_ID")]),
        (
            "DINGTALK_APP_SECRET=your_app_secret\n",
            [("EM002", 1, 1, "DINGTALK_APP_SECRET"), ("EM008", 1, 1, "DINGTALK_APP_SECRET")],
        ),
        (
            "DINGTALK_APP_KEY=a1\nDINGTALK_APP_KEY=b1\n",
            [("EM001", 1, 1, "DINGTALK_APP_KEY"), ("EM001", 2, 1, "DINGTALK_APP_KEY")],
        ),
    ],
)
def test_findings(text: str, expected: list[tuple[str, int, int, str]]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(
    "value",
    [
        "", "xxx", "XXXXXXXX", "dingxxxxxxxx", "your_client_secret", "<secret>", "changeme", "  ",
        # what Chinese templates and tutorials put there
        "你的AppKey", "请填写", "在此填写", "钉钉应用的AppSecret", "填写你的ClientSecret",
        "'你的AppSecret'", "<你的AppKey>", "【请替换】", "ｄｉｎｇａｂｃ１２３",  # full-width
        "dingabc\u200b123", "AppKey", "app_secret", "Client ID", "DINGTALK_CLIENT_SECRET",
        "[client secret]", "{AppSecret}",
    ],
)  # fmt: skip
def test_placeholders(value: str) -> None:
    assert codes(f"DINGTALK_CLIENT_SECRET={value}\n") == [("EM008", 1, 1, "DINGTALK_CLIENT_SECRET")]


@pytest.mark.parametrize(
    "value",
    [
        "dingabc123def456", "dingxyz", "a1B2-c3D4_e5F6g7H8i9J0", "AppKey2", "secret-2026",
        "exampleq9", "xx", "keyed0", "ding_app_keyz",
    ],
)  # fmt: skip
def test_real_looking_values_are_not_placeholders(value: str) -> None:
    assert codes(f"DINGTALK_CLIENT_SECRET={value}\n") == []


@pytest.mark.parametrize(
    ("verify", "severity"), [(False, Severity.WARNING), (True, Severity.ERROR)]
)
def test_placeholder_severity_follows_verify(verify: bool, severity: Severity) -> None:
    (finding,) = detect(parse("DINGTALK_CLIENT_ID=xxx\n"), path="f", verify=verify)
    assert finding.severity is severity


def test_messages_carry_no_values() -> None:
    text = f"DINGTALK_APP_SECRET={SENTINEL}\nDINGTALK_CLIENT_SECRET=other-{SENTINEL}\n"
    findings = detect(parse(text), path="f")
    assert {f.code for f in findings} == {"EM002", "EM004"}
    assert all(SENTINEL not in f.message for f in findings)


@pytest.mark.parametrize(
    ("environ", "verify", "expected"),
    [
        ({}, False, []),
        ({"DINGTALK_APP_KEY": "k1"}, False, ["EM001"]),
        ({"DINGTALK_APP_KEY": "k1", "DINGTALK_CLIENT_ID": "k1"}, False, ["EM001", "EM005"]),
        ({"DINGTALK_APP_SECRET": "s1", "DINGTALK_CLIENT_SECRET": "s2"}, False, ["EM002", "EM004"]),
        ({"DINGTALK_AGENT_ID": "1"}, False, ["EM003"]),
        ({"DINGTALK_CLIENT_ID": "xxx", "DINGTALK_CLIENT_SECRET": "real-1"}, False, ["EM008"]),
        ({}, True, ["EM008", "EM008"]),
        ({"DINGTALK_CLIENT_ID": "id-1", "DINGTALK_APP_SECRET": "s1"}, True, ["EM002"]),
    ],
)
def test_environ(environ: dict[str, str], verify: bool, expected: list[str]) -> None:
    found = detect_environ(environ, verify=verify)
    assert [f.code for f in found] == expected
    assert all(f.path == "<environ>" and f.line == 0 for f in found)


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (
            "DINGTALK_AGENT_ID",
            "DINGTALK_AGENT_ID is not needed in Stream mode "
            "(only the work-notification API still takes an agent id)",
        ),
        ("LEGACY_CALLBACK_URL", "LEGACY_CALLBACK_URL is listed as obsolete in your configuration"),
    ],
)
def test_obsolete_message_names_its_reason(key: str, message: str) -> None:
    rules = DEFAULT_RULES.with_extra(obsolete=("LEGACY_CALLBACK_URL",))
    in_file = detect(parse(f"{key}=1\n".encode()), path=".env", rules=rules)
    in_environ = detect_environ({key: "1"}, rules=rules)
    assert [(f.code, f.message) for f in in_file] == [("EM003", message)]
    assert [(f.code, f.message) for f in in_environ] == [("EM003", message)]
