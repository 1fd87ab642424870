"""The migration guide's floors: dingtalk-stream >= 0.8.0 (EM104), Python >= 3.11 (EM105)."""

from __future__ import annotations

import pytest

from envmigrate.scanners.deps import scan
from envmigrate.scanners.hits import Lines

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


SDK_MESSAGE = "dingtalk-stream is held below 0.8.0 ({spec}): the Stream-mode names need dingtalk-stream>=0.8.0"
PYTHON_MESSAGE = (
    "{key} allows Python older than 3.11 ({spec}): "
    "dingtalk-stream>=0.8.0 and this migration target Python 3.11+"
)

#: Every hit in full: ``CODE line:col span (the spec the message quotes)``. Each branch of
#: the version logic and each piece of the patterns has a line that fails if it changes.
RECORDS: list[tuple[str, list[str]]] = [
    ("dingtalk-stream!=0.7.*\n", []),
    ("python_requires = >=3.8 foo\n", ["EM105 1:1 python_requires (>=3.8)"]),
    ("dingtalk-stream\n", []),
    ("dingtalk-stream>=0.8.0\n", []),
    ("dingtalk-stream-extra==0.1\ndingtalk-streamx==0.1\ndingtalkstream==0.1\n", []),
    ("dingtalk-stream==0.7.1\n", ["EM104 1:1 dingtalk-stream (==0.7.1)"]),
    ("dingtalk.stream===0.7.1\n", ["EM104 1:1 dingtalk.stream (===0.7.1)"]),
    ("DingTalk_Stream 0.7.1\n", ["EM104 1:1 DingTalk_Stream (0.7.1)"]),
    (
        "dingtalk-stream==0.8.0\ndingtalk-stream===0.8\ndingtalk-stream==0.8\ndingtalk-stream<=0.8\n",
        [],
    ),
    ("dingtalk-stream<=0.7\ndingtalk-stream<0.8.0.1\n", ["EM104 1:1 dingtalk-stream (<=0.7)"]),
    (
        "dingtalk-stream==0.7.*\ndingtalk-stream==0.8.*\ndingtalk-stream==0.*\n",
        ["EM104 1:1 dingtalk-stream (==0.7.*)"],
    ),
    (
        "dingtalk-stream<0.8\ndingtalk-stream<0.8.1\ndingtalk-stream<0.8.0\n",
        ["EM104 1:1 dingtalk-stream (<0.8)", "EM104 3:1 dingtalk-stream (<0.8.0)"],
    ),
    ("dingtalk-stream<=0.7.9\ndingtalk-stream<=0.8.0\n", ["EM104 1:1 dingtalk-stream (<=0.7.9)"]),
    (
        "dingtalk-stream~=0.7.0\ndingtalk-stream~=0.7\ndingtalk-stream~=0.8.0\n",
        ["EM104 1:1 dingtalk-stream (~=0.7.0)"],
    ),
    ("dingtalk-stream>0.1\ndingtalk-stream!=0.7.1\ndingtalk-stream>=0.1\n", []),
    (
        'dingtalk-stream = "^0.7"\ndingtalk-stream = "~0.7.5"\ndingtalk-stream = "^0.8"\ndingtalk-stream = "~0.8"\n',
        ["EM104 1:1 dingtalk-stream (^0.7)", "EM104 2:1 dingtalk-stream (~0.7.5)"],
    ),
    (
        'dingtalk-stream\t= { version = "==0.5.0", extras = ["x"] }\n',
        ["EM104 1:1 dingtalk-stream (==0.5.0)"],
    ),
    ('"dingtalk-stream" = {version="v0.7.1"}\n', ["EM104 1:2 dingtalk-stream (v0.7.1)"]),
    ("dingtalk-stream[all, x]==0.7\n", ["EM104 1:1 dingtalk-stream (==0.7)"]),
    ('  "dingtalk-stream[all]<0.8",\r\n', ["EM104 1:4 dingtalk-stream (<0.8)"]),
    ("dingtalk-stream==0.7 ; python_version < '3.8'\n", ["EM104 1:1 dingtalk-stream (==0.7)"]),
    ("dingtalk-stream>=0.8 # was <0.8\n", []),
    ("dingtalk-stream (>=0.6,<0.8)\n", ["EM104 1:1 dingtalk-stream (>=0.6,<0.8)"]),
    ("dingtalk_stream >= 0.6, < 0.8\n", ["EM104 1:1 dingtalk_stream (>= 0.6, < 0.8)"]),
    ("dingtalk-stream==0.7.1 --hash=sha256:abc\n", ["EM104 1:1 dingtalk-stream (==0.7.1)"]),
    # a hash's digits are never a version: 0a.. would read as 0 (< 0.8), 256 as 256
    ("dingtalk-stream==0.8.1 --hash=sha256:0a1b2c\n", []),
    ("dingtalk-stream==0.8.1 \\\n    --hash=sha256:0a1b2c\n", []),
    ("dingtalk-stream==0.7.1\t-C x=0\n", ["EM104 1:1 dingtalk-stream (==0.7.1)"]),
    ("dingtalk-stream>=0.8 --config-settings=k=0.1\n", []),
    ("dingtalk-stream==0.8.1--x\n", []),
    ('dingtalk-stream = "^0"\ndingtalk-stream = "~0"\n', []),
    (
        'dingtalk-stream = "^0.0.3"\ndingtalk-stream = "~0.7.9"\n',
        ["EM104 1:1 dingtalk-stream (^0.0.3)", "EM104 2:1 dingtalk-stream (~0.7.9)"],
    ),
    ("dingtalk-stream==0.8-b,<0.8\n", ["EM104 1:1 dingtalk-stream (==0.8,<0.8)"]),
    ("dingtalk-stream==0.7x\n", []),
    ("dingtalk-stream==0.7.*x\n", []),
    ("dingtalk-stream==x0.7\n", []),
    ("dingtalk-stream==.0.7\n", []),
    ("dingtalk-stream==0.7.\n", []),
    ('requires-python = ">=3.8"\n', ["EM105 1:1 requires-python (>=3.8)"]),
    ('\t requires-python\t=\t">=3.8,<4"  # old\n', ["EM105 1:3 requires-python (>=3.8,<4)"]),
    ("python_requires=>=3.9\n", ["EM105 1:1 python_requires (>=3.9)"]),
    ("x = 1\npython_version = '3.10'\n", ["EM105 2:1 python_version (3.10)"]),
    (
        'python = "^3.9"\npython = "~3.10"\npython = "~=3.9"\npython = "3.9"\npython = ">3.9"\npython = "==3.9.*"\n',
        [
            "EM105 1:1 python (^3.9)",
            "EM105 2:1 python (~3.10)",
            "EM105 3:1 python (~=3.9)",
            "EM105 4:1 python (3.9)",
            "EM105 5:1 python (>3.9)",
            "EM105 6:1 python (==3.9.*)",
        ],
    ),
    (
        'python = "<3.9"\npython = "!=3.9"\npython = "<=3.9"\npython = ">=3.11.0"\npython = ">=3.12"\npython = "*"\n',
        [],
    ),
    ("# requires-python = '>=3.8'\nxrequires-python = '>=3.8'\nrequires-pythonx = '>=3.8'\n", []),
    ('requires-python = ">=3"\n', ["EM105 1:1 requires-python (>=3)"]),
]


@pytest.mark.parametrize(("src", "want"), RECORDS)
def test_every_hit_in_full(src: str, want: list[str]) -> None:
    lines, rows = Lines(src), []
    for hit in scan(src):
        line, col = lines.position(hit.start)
        span = src[hit.start : hit.end]
        spec = hit.message[hit.message.index("(") + 1 : hit.message.rindex(")")]
        rows.append(f"{hit.code} {line}:{col} {span} ({spec})")
        assert hit.replacement is None
        assert hit.store == ""
        if hit.code == "EM104":
            assert hit.key == "dingtalk-stream"
            assert hit.message == SDK_MESSAGE.format(spec=spec)
        else:
            assert (hit.code, hit.key) == ("EM105", span)
            assert hit.message == PYTHON_MESSAGE.format(key=span, spec=spec)
    assert rows == want
