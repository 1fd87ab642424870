"""Whole finding records (code, severity, path, line, column, key, message), not only codes.

Every assertion compares complete ``Finding`` lists, in order, so a changed severity, key,
message, position or sort order fails (the mutation survivors of issue 14).
"""

from __future__ import annotations

import pytest

from envmigrate.detect import ENVIRON, detect, detect_environ
from envmigrate.envfile import parse
from envmigrate.findings import Finding, Severity
from envmigrate.rules import DEFAULT_RULES

E, W = Severity.ERROR, Severity.WARNING
KEY, SECRET, AGENT = "DINGTALK_APP_KEY", "DINGTALK_APP_SECRET", "DINGTALK_AGENT_ID"
ID, CSECRET = "DINGTALK_CLIENT_ID", "DINGTALK_CLIENT_SECRET"
RENAME_KEY = f"{KEY} is deprecated: rename it to {ID}"
RENAME_SECRET = f"{SECRET} is deprecated: rename it to {CSECRET}"
AGENT_MESSAGE = (
    f"{AGENT} is not needed in Stream mode (only the work-notification API still takes an agent id)"
)
REF_KEY = f"value refers to deprecated {KEY}: becomes ${{{ID}}}"
REF_SECRET = f"value refers to deprecated {SECRET}: becomes ${{{CSECRET}}}"
UNPARSABLE = "python-dotenv cannot parse this line (it is ignored and left untouched)"


def em004(old: str, new: str, line: int) -> str:
    return (
        f"{old} and {new} (line {line}) are both set, to different values: "
        "migrate refuses this file unless --prefer new|old"
    )


def em005(old: str, new: str, line: int) -> str:
    return f"{old} duplicates {new} (line {line}) with the same value: migrate drops it"


def found(text: str, *, verify: bool = False) -> list[Finding]:
    return detect(parse(text), path="p/.env", verify=verify)


def F(code: str, sev: Severity, line: int, col: int, key: str, message: str) -> Finding:
    return Finding(code, sev, "p/.env", line, col, key, message)


#: One file with every env finding; sorted by code the list would be in another order.
EVERYTHING = (
    "X=${DINGTALK_APP_KEY:-}\r"  # EM006 on a CR line
    'Y="a\r\nb ${DINGTALK_APP_SECRET}"\r\n'  # EM006 on the second line of a CRLF value
    "DINGTALK_APP_KEY\n"  # a bare key: still a binding, in place
    "DINGTALK_APP_KEY=a1x\n"
    "DINGTALK_CLIENT_ID=b1x\n"
    "DINGTALK_APP_SECRET=s1-real\n"
    "  DINGTALK_CLIENT_SECRET=s1-real\n"
    "DINGTALK_AGENT_ID=7\n"
    'BROKEN="unterminated\n'
)


def test_every_env_finding_in_full_sorted_by_position() -> None:
    assert found(EVERYTHING) == [
        F("EM006", W, 1, 3, "X", REF_KEY),
        F("EM006", W, 3, 3, "Y", REF_SECRET),
        F("EM001", E, 4, 1, KEY, RENAME_KEY),
        F("EM001", E, 5, 1, KEY, RENAME_KEY),
        F("EM004", E, 5, 1, KEY, em004(KEY, ID, 6)),
        F("EM002", E, 7, 1, SECRET, RENAME_SECRET),
        F("EM005", W, 7, 1, SECRET, em005(SECRET, CSECRET, 8)),
        F("EM003", W, 9, 1, AGENT, AGENT_MESSAGE),
        F("EM007", W, 10, 1, "", UNPARSABLE),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the same value through a reference: a duplicate, not a conflict
        (
            "DINGTALK_CLIENT_ID=abc1\nDINGTALK_APP_KEY=${DINGTALK_CLIENT_ID}\n",
            [
                F("EM001", E, 2, 1, KEY, RENAME_KEY),
                F("EM005", W, 2, 1, KEY, em005(KEY, ID, 1)),
            ],
        ),
        # the last binding of each name decides; the finding sits on the last old one
        (
            "DINGTALK_APP_KEY=a1\nDINGTALK_CLIENT_ID=a1\nDINGTALK_APP_KEY=b2\nDINGTALK_CLIENT_ID=c3\n",
            [
                F("EM001", E, 1, 1, KEY, RENAME_KEY),
                F("EM001", E, 3, 1, KEY, RENAME_KEY),
                F("EM004", E, 3, 1, KEY, em004(KEY, ID, 4)),
            ],
        ),
        # both pairs in conflict at once: both reported
        (
            "DINGTALK_APP_KEY=a1\nDINGTALK_APP_SECRET=s1\nDINGTALK_CLIENT_ID=a2\nDINGTALK_CLIENT_SECRET=s2\n",
            [
                F("EM001", E, 1, 1, KEY, RENAME_KEY),
                F("EM004", E, 1, 1, KEY, em004(KEY, ID, 3)),
                F("EM002", E, 2, 1, SECRET, RENAME_SECRET),
                F("EM004", E, 2, 1, SECRET, em004(SECRET, CSECRET, 4)),
            ],
        ),
        # only the new names: nothing about pairs (and no placeholder)
        ("DINGTALK_CLIENT_ID=abc1\nDINGTALK_CLIENT_SECRET=zz-9\n", []),
        # a new name with an old one that is only referenced: EM006, no pair
        (
            "DINGTALK_CLIENT_ID=${DINGTALK_APP_KEY}\n",
            [F("EM008", W, 1, 1, ID, f"{ID} is empty"), F("EM006", W, 1, 20, ID, REF_KEY)],
        ),
    ],
)
def test_pairs_in_full(text: str, expected: list[Finding]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ${VAR:-} (empty default) is a reference like any other
        ("A=${DINGTALK_APP_KEY:-}\n", [F("EM006", W, 1, 3, "A", REF_KEY)]),
        ("A=x${DINGTALK_APP_KEY:-d}y\n", [F("EM006", W, 1, 4, "A", REF_KEY)]),
        # not references: another name, a name with a colon form that is not :-
        ("A=${DINGTALK_APP_KEYS}\n", []),
        ("A=$DINGTALK_APP_KEY\n", []),
        ("A='${DINGTALK_APP_KEY}'\n", [F("EM006", W, 1, 4, "A", REF_KEY)]),
        # two references on one line: both, in order
        (
            "A=${DINGTALK_APP_SECRET}${DINGTALK_APP_KEY}\n",
            [F("EM006", W, 1, 3, "A", REF_SECRET), F("EM006", W, 1, 25, "A", REF_KEY)],
        ),
        # line ends: LF, CR, CRLF, before and inside a quoted value
        ("\r\rA=${DINGTALK_APP_KEY}\r", [F("EM006", W, 3, 3, "A", REF_KEY)]),
        ("\r\n\r\nA=${DINGTALK_APP_KEY}\r\n", [F("EM006", W, 3, 3, "A", REF_KEY)]),
        ('A="x\ry\r\n  ${DINGTALK_APP_KEY}"\n', [F("EM006", W, 3, 3, "A", REF_KEY)]),
        ('A="x\r\n\r\nyz${DINGTALK_APP_KEY}"\r\n', [F("EM006", W, 3, 3, "A", REF_KEY)]),
        ('A="x\n\r${DINGTALK_APP_KEY}"\n', [F("EM006", W, 3, 1, "A", REF_KEY)]),
        # a line start at offset 0 (LF, CR), and a binding without reference before it
        ("\nX=${DINGTALK_APP_KEY}\n", [F("EM006", W, 2, 3, "X", REF_KEY)]),
        ("\rX=${DINGTALK_APP_KEY}\r", [F("EM006", W, 2, 3, "X", REF_KEY)]),
        ("A=1\nB\nX=a${DINGTALK_APP_KEY}\n", [F("EM006", W, 3, 4, "X", REF_KEY)]),
        # a reference in a comment or in a dropped line's comment is no value
        ("A=1 # ${DINGTALK_APP_KEY}\n", []),
    ],
)
def test_references_in_full(text: str, expected: list[Finding]) -> None:
    assert found(text) == expected


def test_bare_key_keeps_its_position() -> None:
    assert found("A=1\n\n   DINGTALK_APP_KEY\n") == [
        F("EM001", E, 3, 4, KEY, RENAME_KEY),
        F("EM008", W, 3, 4, KEY, f"{KEY} is empty"),
    ]


@pytest.mark.parametrize(("verify", "severity"), [(False, W), (True, E)], ids=["check", "verify"])
def test_placeholders_in_full(verify: bool, severity: Severity) -> None:
    # "  " unquoted is empty, like the empty new name: a duplicate (EM005), not a conflict
    text = "DINGTALK_CLIENT_ID=\nDINGTALK_CLIENT_SECRET=your_secret\nDINGTALK_APP_KEY=  \n"
    assert found(text, verify=verify) == [
        F("EM008", severity, 1, 1, ID, f"{ID} is empty"),
        F("EM008", severity, 2, 1, CSECRET, f"{CSECRET} is a placeholder"),
        F("EM001", E, 3, 1, KEY, RENAME_KEY),
        F("EM005", W, 3, 1, KEY, em005(KEY, ID, 1)),
        F("EM008", severity, 3, 1, KEY, f"{KEY} is empty"),
    ]


def env_f(code: str, sev: Severity, key: str, message: str) -> Finding:
    return Finding(code, sev, ENVIRON, 0, 0, key, message)


def test_environ_every_finding_in_full() -> None:
    environ = {
        KEY: "a1",
        ID: "b2",
        SECRET: "same-secret",
        CSECRET: "same-secret",
        AGENT: "1",
        "OTHER": "x",
    }
    assert detect_environ(environ) == [
        env_f("EM001", E, KEY, RENAME_KEY),
        env_f("EM004", E, KEY, f"{KEY} and {ID} are both set, to different values"),
        env_f("EM002", E, SECRET, RENAME_SECRET),
        env_f("EM005", W, SECRET, f"{SECRET} duplicates {CSECRET} with the same value"),
        env_f("EM003", W, AGENT, AGENT_MESSAGE),
    ]


@pytest.mark.parametrize(("verify", "severity"), [(False, W), (True, E)], ids=["check", "verify"])
def test_environ_placeholders_in_full(verify: bool, severity: Severity) -> None:
    environ = {CSECRET: "changeme", ID: ""}
    expected = [
        env_f("EM008", severity, ID, f"{ID} is empty or a placeholder"),
        env_f("EM008", severity, CSECRET, f"{CSECRET} is empty or a placeholder"),
    ]
    assert detect_environ(environ, verify=verify) == expected


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        (
            {},
            [
                env_f("EM008", E, ID, f"{ID} is not set"),
                env_f("EM008", E, CSECRET, f"{CSECRET} is not set"),
            ],
        ),
        # an old name counts as set (it is reported as deprecated instead)
        (
            {KEY: "a1", SECRET: "s3"},
            [env_f("EM001", E, KEY, RENAME_KEY), env_f("EM002", E, SECRET, RENAME_SECRET)],
        ),
        ({ID: "a1"}, [env_f("EM008", E, CSECRET, f"{CSECRET} is not set")]),
        ({CSECRET: "s3"}, [env_f("EM008", E, ID, f"{ID} is not set")]),
    ],
)
def test_environ_unset_under_verify(environ: dict[str, str], expected: list[Finding]) -> None:
    assert detect_environ(environ, verify=True) == expected
    assert detect_environ(environ, verify=False) == [
        f for f in expected if "not set" not in f.message
    ]


def test_environ_user_rules() -> None:
    rules = DEFAULT_RULES.with_extra({"OLD_NAME": "NEW_NAME"}, ("GONE",))
    environ = {"OLD_NAME": "1", "NEW_NAME": "2", "GONE": "x"}
    assert detect_environ(environ, rules=rules) == [
        env_f("EM001", E, "OLD_NAME", "OLD_NAME is deprecated: rename it to NEW_NAME"),
        env_f("EM004", E, "OLD_NAME", "OLD_NAME and NEW_NAME are both set, to different values"),
        env_f(
            "EM003",
            W,
            "GONE",
            f"GONE {__import__('envmigrate.rules').rules.obsolete_reason('GONE')}",
        ),
    ]


def test_detect_defaults_to_check_severity() -> None:
    """Without ``verify`` a placeholder is a warning (``check``), not an error."""
    env = parse("DINGTALK_CLIENT_ID=\n")
    assert detect(env, path="p/.env") == [F("EM008", W, 1, 1, ID, f"{ID} is empty")]
    assert detect_environ({ID: ""}) == [env_f("EM008", W, ID, f"{ID} is empty or a placeholder")]
