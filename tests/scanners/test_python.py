"""Python references: exact string tokens and identifiers; the SDK misuses (EM106/EM107/EM108)."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate.rules import DEFAULT_RULES
from envmigrate.scanners.python import scan
from tests.scanners.helpers import codes, fix

NOOP = [
    "x = 1\n",
    "# os.getenv('DINGTALK_APP_KEY') in a comment\n",
    'os.getenv("MY_DINGTALK_APP_KEY")\n',
    'os.getenv("DINGTALK_APP_KEY_2")\n',
    'os.getenv("dingtalk_app_key")\n',
    'x = "DINGTALK_APP_KEY is the old name"\n',
    'x = f"DINGTALK_APP_KEY"\n',
    'x = f"{{DINGTALK_APP_KEY}}"\n',
    "MY_DINGTALK_APP_KEY = 1\n",
    'os.getenv("DINGTALK_CLIENT_ID")\n',
    'x = "DINGTALK_APP_KEY"\ny = """unterminated\n',  # no tokens: left alone
    "client = DingTalkStreamClient(dingtalk_stream.Credential(a, b))\n",
    "client = DingTalkStreamClient(credential, logger)\n",
    "client = DingTalkStreamClient(credential, self.logger)\n",
    "client = DingTalkStreamClient(credential, logging.getLogger())\n",
    "client = DingTalkStreamClient(credential)\n",
    "c = dingtalk_stream.Credential(a, b)\n",
    "class S(BaseModel):\n    dingtalk_app_key: str\n",
]


@pytest.mark.parametrize("src", NOOP)
def test_noop(src: str) -> None:
    assert scan(src, DEFAULT_RULES) == []


FIXES = [
    ('os.getenv("DINGTALK_APP_KEY")\n', 'os.getenv("DINGTALK_CLIENT_ID")\n'),
    ("os.environ['DINGTALK_APP_SECRET']\n", "os.environ['DINGTALK_CLIENT_SECRET']\n"),
    ('env.get("""DINGTALK_APP_KEY""", "d")\n', 'env.get("""DINGTALK_CLIENT_ID""", "d")\n'),
    ('os.environb[b"DINGTALK_APP_KEY"]\n', 'os.environb[b"DINGTALK_CLIENT_ID"]\n'),
    ('k = r"DINGTALK_APP_KEY"\r\n', 'k = r"DINGTALK_CLIENT_ID"\r\n'),
    (
        'key: str = Field(alias="DINGTALK_APP_KEY")\n',
        'key: str = Field(alias="DINGTALK_CLIENT_ID")\n',
    ),
    (
        'k: str = Field(validation_alias=AliasChoices("DINGTALK_APP_KEY", "K"))\n',
        'k: str = Field(validation_alias=AliasChoices("DINGTALK_CLIENT_ID", "K"))\n',
    ),
    (
        "class S(BaseSettings):\n    DINGTALK_APP_KEY: str\nprint(s.DINGTALK_APP_KEY)\n",
        "class S(BaseSettings):\n    DINGTALK_CLIENT_ID: str\nprint(s.DINGTALK_CLIENT_ID)\n",
    ),
    ('f"{s.DINGTALK_APP_KEY} {{x}}"\n', 'f"{s.DINGTALK_CLIENT_ID} {{x}}"\n'),
    ('é = "é"; os.getenv("DINGTALK_APP_KEY")\n', 'é = "é"; os.getenv("DINGTALK_CLIENT_ID")\n'),
]


@pytest.mark.parametrize(("src", "expected"), FIXES)
def test_fix(src: str, expected: str) -> None:
    assert fix(scan, src) == expected
    assert fix(scan, expected) == expected  # idempotent


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ('os.getenv("DINGTALK_AGENT_ID")\n', ["EM103"]),
        ("c = DingTalkStreamClient(client_id, client_secret)\n", ["EM106"]),
        ('c = dingtalk_stream.DingTalkStreamClient("id", os.environ["X"])\n', ["EM106"]),
        ("c = DingTalkStreamClient.Credential(a, b)\n", ["EM107"]),
        # no import to add the Field to: reported only
        ("class S(BaseSettings):\n    dingtalk_app_key: str\n", ["EM108"]),
        # read through its alias (here not an old name), not through the field name
        (
            "from p import Field\nclass S(BaseSettings):\n    dingtalk_app_key: str = Field(alias='x')\n",
            [],
        ),
        (
            "class S(BaseSettings):\n    class Config:\n        env_prefix = 'DINGTALK_'\n    agent_id: int\n",
            ["EM108"],
        ),
    ],
)
def test_reported_not_rewritten(src: str, expected: list[str]) -> None:
    assert codes(scan, src) == expected
    assert fix(scan, src) == src


def test_guide_call_position() -> None:
    src = "import x\nclient = DingTalkStreamClient(a, b)\n"
    (hit,) = scan(src, DEFAULT_RULES)
    assert src[hit.start :].startswith("DingTalkStreamClient(a, b)")


NAME = st.text(string.ascii_uppercase + "_", min_size=1, max_size=20)


@settings(derandomize=True, max_examples=200)
@given(before=NAME, after=NAME, quote=st.sampled_from(['"', "'", '"""', "'''"]))
def test_only_exact_string_tokens(before: str, after: str, quote: str) -> None:
    """A string token is renamed only when its whole content is the old name."""
    exact = f"x = {quote}DINGTALK_APP_KEY{quote}\n"
    longer = f"x = {quote}{before}DINGTALK_APP_KEY{after}{quote}\n"
    assert fix(scan, exact) == exact.replace("DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")
    assert fix(scan, longer) == longer
