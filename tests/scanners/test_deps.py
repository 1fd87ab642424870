"""The migration guide's floors: dingtalk-stream >= 0.8.0 (EM104), Python >= 3.11 (EM105)."""

from __future__ import annotations

import pytest

from envmigrate.scanners.deps import scan

NOOP = [
    "dingtalk-stream\n",
    "dingtalk-stream>=0.8.0\n",
    "dingtalk-stream>=0.6\n",  # a low floor still resolves to a current release
    "dingtalk-stream~=0.7\n",  # means ==0.*: 0.8 and later allowed
    "dingtalk-stream==0.24.3\n",
    "dingtalk-stream!=0.7.1\n",
    "dingtalk-stream-extra==0.1\n",
    '  "dingtalk-stream[all]>=0.20",\n',
    'requires-python = ">=3.11"\n',
    "python_requires = >=3.12\n",
    'python_version = "3.11"\n',
    'python = "^3.11"\n',
    "# requires-python = '>=3.8'\n",
]
REPORTED = [
    ("dingtalk-stream==0.7.1\n", "EM104"),
    ("dingtalk_stream >= 0.6, < 0.8\n", "EM104"),
    ("DingTalk-Stream<=0.7.9\n", "EM104"),
    ("dingtalk-stream~=0.7.0\n", "EM104"),
    ("dingtalk-stream==0.7.*\n", "EM104"),
    ('dingtalk-stream = "^0.7"\n', "EM104"),
    ('dingtalk-stream = { version = "==0.5.0" }\n', "EM104"),
    ('  "dingtalk-stream<0.8",\n', "EM104"),
    ('requires-python = ">=3.8"\n', "EM105"),
    ("python_requires = >=3.9\n", "EM105"),
    ('python_version = "3.10"\n', "EM105"),
    ('python = "^3.9"\n', "EM105"),
]


@pytest.mark.parametrize("src", NOOP)
def test_noop(src: str) -> None:
    assert scan(src) == []


@pytest.mark.parametrize(("src", "code"), REPORTED)
def test_reported(src: str, code: str) -> None:
    (hit,) = scan(src)
    assert hit.code == code
    assert hit.replacement is None  # a person decides the new bounds
