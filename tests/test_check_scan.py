"""check's cheaper read (only the lines that mention a watched name) finds what the full
parse finds: the same findings, the same credentials, on every generated file."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate import credentials, rules
from envmigrate import dotenv_lexer as lexer
from envmigrate.detect import resolved, scan
from envmigrate.envfile import EnvFile, parse_for_check, parse_text, resolve
from envmigrate.rewrite import rewrite
from tests.test_lexer import FILES

NAMES = rules.DEFAULT_RULES.watched | rules.CREDENTIAL_KEYS
WATCHED = sorted(NAMES)

KEY = st.sampled_from([*WATCHED, "OTHER", "X", "DINGTALK_APP_KEYS", "MY_DINGTALK_APP_KEY"])
VALUE = st.sampled_from(
    [
        "", "id-1", "id-1 # c", "'id-1'", '"id-1"', "'id-2' # c", "${DINGTALK_APP_KEY}",
        "${DINGTALK_APP_SECRET:-x}", "x${DINGTALK_CLIENT_ID}", "your-app-key", "changeme",
        "#novalue", " # c", '"a\\"b"', "'a\\\\'", '"multi\nline"', "${X}", "'", "a b",
    ]
)  # fmt: skip
# a Unicode blank after "=": python-dotenv skips it, so a quote after it opens a value
EQ = st.sampled_from(["=", " = ", "= ", "=\u3000", "=\x0b", " =\xa0"])
LINE = st.one_of(
    st.builds(
        lambda lead, export, key, eq, value: f"{lead}{export}{key}{eq}{value}",
        st.sampled_from(["", " ", "\t"]),
        st.sampled_from(["", "export "]),
        KEY,
        EQ,
        VALUE,
    ),
    # a quote opened on one line and closed on the next, inside what looks like a binding
    st.builds(
        lambda key, eq, quote, key2, tail: f"{key}{eq}{quote}open\n{key2}=close{quote}{tail}",
        st.one_of(st.just("X"), KEY),  # an opener that mentions no name is not looked at
        EQ,
        st.sampled_from(["'", '"']),
        st.sampled_from(WATCHED),
        st.sampled_from(["", " # c"]),
    ),
    st.sampled_from(
        ["", "# DINGTALK_APP_KEY=old", "#c", "  ", "bad line", "DINGTALK_AGENT_ID", "'", '"']
    ),
    st.sampled_from(["X='", 'X="', "X='a", "X=' # c", "'x'=1", "export =1"]),
)
ORDINARY = st.builds(
    lambda lines, end: "\n".join(lines) + end,
    st.lists(LINE, max_size=12),
    st.sampled_from(["\n", ""]),
)


def outcome(env: EnvFile, verify: bool) -> tuple[object, ...]:
    found = scan(env, path="f.env", verify=verify)
    creds = credentials.from_values(resolved(env, found), source="f.env")
    return (found.findings, creds.client_id, creds.client_secret, creds.deprecated)


def assert_same(text: str) -> bool:
    """Same findings and credentials both ways; True when the cheap read was used."""
    full = parse_text(text)
    cheap = parse_for_check(text, False, NAMES)
    for verify in (False, True):
        assert outcome(cheap, verify) == outcome(full, verify)
    return not cheap.complete


@given(ORDINARY)
@settings(derandomize=True, max_examples=500, deadline=None)
def test_cheap_read_finds_what_the_full_parse_finds(text: str) -> None:
    assert_same(text)


@given(FILES)
@settings(derandomize=True, max_examples=200, deadline=None)
def test_cheap_read_on_nasty_files(text: str) -> None:
    if text.startswith("\ufeff") or "\ufeff" in text:
        return  # refused by both (tests/test_bom.py)
    assert_same(text)


@pytest.mark.parametrize(
    "text",
    [
        "A=1\nDINGTALK_APP_KEY=id\nDINGTALK_APP_SECRET='s3cret' # c\n",
        "# header\n\n\nexport DINGTALK_CLIENT_ID = id\nX=${DINGTALK_APP_KEY}\n",
        "DINGTALK_APP_KEY=id\nDINGTALK_CLIENT_ID=id\n",
    ],
)
def test_ordinary_files_take_the_cheap_read(text: str) -> None:
    assert assert_same(text)


@pytest.mark.parametrize(
    "text",
    [
        'DINGTALK_APP_KEY="a\nb"\n',  # multi-line value
        "DINGTALK_APP_KEY=id\r\n",  # CR
        "DINGTALK_APP_KEY=id\nbad line\n",  # an unparsable line
        "A=1\nDINGTALK_CLIENT_ID=${A}\n",  # a watched value that needs resolving
        "DINGTALK_APP_KEY='a\\'b'\n",  # an escape
    ],
)
def test_other_files_get_the_full_parse(text: str) -> None:
    assert not assert_same(text)


def test_never_rewritten_from() -> None:
    with pytest.raises(AssertionError, match="full parse"):
        rewrite(parse_for_check("DINGTALK_APP_KEY=x\n", False, NAMES))


def test_resolve_of_partial_read_is_right_for_credentials() -> None:
    env = parse_for_check("A=1\nDINGTALK_APP_KEY=id\nB=2\n", False, NAMES)
    assert resolve(env) == {"DINGTALK_APP_KEY": "id"}


_LINE = lexer._SIMPLE_LINE
BROKEN = {
    # a quoted value may run on over the next lines: a line inside it looks like a binding
    "quotes span lines": _LINE.replace("\\r\\n]*+'", "]*+'").replace('\\r\\n]*+"', ']*+"'),
    # any line is "simple": an unparsable line or a multi-line value goes unnoticed
    "any line": r"[^\n]*+",
}


@pytest.mark.parametrize("name", BROKEN)
def test_the_budget_finds_a_wrong_simple_grammar(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = BROKEN[name]
    assert line != _LINE
    pattern = re.compile(rf"(?:{line}\n)*+{line}\Z")
    monkeypatch.setattr(lexer, "simple_file", lambda: pattern)
    with pytest.raises(AssertionError):
        test_cheap_read_finds_what_the_full_parse_finds()
