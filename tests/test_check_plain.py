"""check's cheaper path for one env file is the general path, faster: proved by running
both over nasty generated files.

The cheaper path has three parts, each with a way back to the general one:

- ``detect._scan_plain``: detection in one pass for a file where no value holds ``${``
  and no line is unparsable (None otherwise: ``scan``'s general path);
- ``envfile.parse_for_check`` reading only the lines that mention a watched name (the
  full parse for any file that is not made of simple lines; tests/test_check_scan.py);
- ``pipeline._check_env`` building no suppression filter for a file without a
  suppression comment when every code is selected.

The oracle turns all three off (the full parse, ``scan``'s general path, the filter
always built) and ``check_file`` must record the same: findings in the same order, with
the same positions and messages, the same file status, the same errors and the same
credentials (``--verify``); and no value of the file reaches a message.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate import fileio, pipeline, rules
from envmigrate.config import Config, RunOptions
from envmigrate.credentials import Credentials
from envmigrate.envfile import EnvFile, parse_for_check, parse_text
from envmigrate.errors import InputError
from envmigrate.files import Source
from envmigrate.findings import Finding, Severity
from envmigrate.report import FileResult, FileStatus, Report
from envmigrate.ui import Ui
from tests.conftest import SENTINEL
from tests.test_lexer import FILES

detect = importlib.import_module("envmigrate.detect")  # the module (the package exports a function)
envfile = importlib.import_module("envmigrate.envfile")

USER_RULES = rules.DEFAULT_RULES.with_extra(renames={"OLD_TOKEN": "NEW_TOKEN"}, obsolete=("GONE",))
#: every watched name of both tables, and the credentials
NAMES = sorted(USER_RULES.watched | rules.CREDENTIAL_KEYS)
KEY = st.sampled_from([*NAMES, "OTHER", "X", "DINGTALK_APP_KEYS", "MY_DINGTALK_APP_KEY"])
VALUE = st.sampled_from(
    [
        "", "id-1", "id-2", SENTINEL, f"{SENTINEL} # c", f"'{SENTINEL}'", f'"{SENTINEL}"',
        "'id-1'", '"id-1"', "'id-1' # c", "id-1 #c", "#novalue", " # c", "  ", "xxx",
        "your-app-key", "changeme", "<client id>", "你的AppKey", "${DINGTALK_APP_KEY}",
        "${DINGTALK_CLIENT_ID:-id-1}", "x${DINGTALK_APP_SECRET}", "${X}", "${OLD_TOKEN}",
        '"a\\"b"', "'a\\'b'", "'a\\\\'", '"multi\nline"', "'open", "a b", "$", "${",
    ]
)  # fmt: skip
EQ = st.sampled_from(["=", " = ", "= ", "=\t", "=\u3000", " =\xa0"])
SUPPRESS = st.sampled_from(
    [
        "", "", "", " # envmigrate: ignore", " # envmigrate: ignore[EM001]",
        " # envmigrate: ignore[EM002,EM008]", " # envmigrate: ignore[EM0]", " #envmigrate:ignore[EM9]",
    ]
)  # fmt: skip
OTHER_LINES = [
    "", "# DINGTALK_APP_KEY=old", "#c", "  ", "bad line", "DINGTALK_APP_KEY bad",
    "# envmigrate: ignore", "'", '"', "X='", 'X="a', "\x00", "\ufeff",
]  # fmt: skip
LINE = st.one_of(
    st.builds(
        lambda lead, export, key, eq, value, note: f"{lead}{export}{key}{eq}{value}{note}",
        st.sampled_from(["", " ", "\t"]),
        st.sampled_from(["", "", "export "]),
        KEY,
        EQ,
        VALUE,
        SUPPRESS,
    ),
    st.builds(lambda key, note: key + note, KEY, SUPPRESS),  # a bare key
    st.sampled_from(OTHER_LINES),
)
NEWLINE = st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"])
TEXT = st.one_of(
    st.builds(
        lambda bom, lines, newline, end: bom + newline.join(lines) + end,
        st.sampled_from(["", "", "", "\ufeff"]),
        st.lists(LINE, max_size=10),
        NEWLINE,
        st.sampled_from(["\n", ""]),
    ),
    FILES,  # the lexer's nasty files: escapes, CR, BOMs, NUL, Unicode blanks, soup
)
#: a table of the library's own making may leave out the DingTalk names: the credentials
#: are still tested for placeholders
BARE_RULES = rules.RenameTable(renames={"OLD_TOKEN": "NEW_TOKEN"}, obsolete=())
TABLES = st.sampled_from([rules.DEFAULT_RULES, USER_RULES, BARE_RULES])


def general(env: EnvFile, path: str, table: rules.RenameTable, verify: bool) -> list[Finding]:
    with mock.patch.object(detect, "_scan_plain", return_value=None):
        return detect.scan(env, path=path, rules=table, verify=verify).findings


def envs(text: str, table: rules.RenameTable) -> Iterator[EnvFile]:
    """The file as the full parse and as check's cheaper read see it (both, if they parse)."""
    with contextlib.suppress(InputError):  # a BOM inside the file: refused by both reads
        yield parse_text(text)
        yield parse_for_check(text, False, frozenset(table.watched | rules.CREDENTIAL_KEYS))


@given(TEXT, TABLES, st.booleans())
@settings(max_examples=400, deadline=None)
def test_the_one_pass_scan_finds_what_the_general_scan_finds(
    text: str, table: rules.RenameTable, verify: bool
) -> None:
    for env in envs(text, table):
        plain = detect._scan_plain(env, "p.env", table, verify)
        if plain is None:  # a reference or an unparsable line: the general path's file
            assert any(e.error for e in env.entries) or any(
                "${" in (e.value or "") for e in env.bindings()
            )
            continue
        assert plain == general(env, "p.env", table, verify)
        assert detect.scan(env, path="p.env", rules=table, verify=verify).findings == plain
        assert not any(SENTINEL[:8] in f.message for f in plain)


#: (text, whether the one-pass scan takes it)
PLAIN = [
    ("", True),
    ("A=1\n", True),
    ("# c\n\nDINGTALK_APP_KEY=k\n", True),
    ("DINGTALK_APP_KEY='${X}'\n", False),  # quoted or not, a "${" value is resolved
    ("A=${X}\nDINGTALK_APP_KEY=k\n", False),  # a reference anywhere
    ("DINGTALK_APP_KEY=k\nA=x${\n", False),  # "${" without a name: the general path decides
    ("A=$X\n", True),  # "$" alone refers to nothing
    ("A\n", True),  # a bare key: no value
    ("bad line\nDINGTALK_APP_KEY=k\n", False),  # unparsable
    ("DINGTALK_APP_KEY=k\nX='open\n", False),
]


@pytest.mark.parametrize(("text", "taken"), PLAIN)
def test_which_files_take_the_one_pass_scan(text: str, taken: bool) -> None:
    env = parse_text(text)
    plain = detect._scan_plain(env, "p", rules.DEFAULT_RULES, False)
    assert (plain is not None) is taken
    if plain is not None:
        assert plain == general(env, "p", rules.DEFAULT_RULES, False)


KEY_, SECRET, ID, CSECRET, AGENT = (
    rules.APP_KEY,
    rules.APP_SECRET,
    rules.CLIENT_ID,
    rules.CLIENT_SECRET,
    rules.AGENT_ID,
)
W, E = Severity.WARNING, Severity.ERROR


def em(code: str, severity: Severity, line: int, key: str, message: str) -> Finding:
    return Finding(code, severity, "p", line, 1, key, message)


#: (text, verify, the findings) in full: every finding the one-pass scan makes, each
#: message and order spelled out (the general path is not the only judge).
FINDINGS = [
    (
        f"{KEY_}=k\n{SECRET}=s\n{AGENT}=1\n",
        False,
        [
            em("EM001", E, 1, KEY_, f"{KEY_} is deprecated: rename it to {ID}"),
            em("EM002", E, 2, SECRET, f"{SECRET} is deprecated: rename it to {CSECRET}"),
            em(
                "EM003",
                W,
                3,
                AGENT,
                f"{AGENT} is not needed in Stream mode (only the work-notification API "
                "still takes an agent id)",
            ),
        ],
    ),
    (
        # the last binding of each name counts; the pair on the old name's last line
        f"{ID}=a\n{KEY_}=b\n{KEY_}=a\n{CSECRET}=x\n{SECRET}=y\n",
        False,
        [
            em("EM001", E, 2, KEY_, f"{KEY_} is deprecated: rename it to {ID}"),
            em("EM001", E, 3, KEY_, f"{KEY_} is deprecated: rename it to {ID}"),
            em(
                "EM005",
                W,
                3,
                KEY_,
                f"{KEY_} duplicates {ID} (line 1) with the same value: migrate drops it",
            ),
            em("EM002", E, 5, SECRET, f"{SECRET} is deprecated: rename it to {CSECRET}"),
            em(
                "EM004",
                E,
                5,
                SECRET,
                f"{SECRET} and {CSECRET} (line 4) are both set, to different values: "
                "migrate refuses this file unless --prefer new|old",
            ),
        ],
    ),
    (
        # placeholders, in file order: empty, a placeholder; an error under --verify
        f"{CSECRET}=\n{ID}=your-client-id\n{ID}=xxx\nA=\n",
        True,
        [
            em("EM008", E, 1, CSECRET, f"{CSECRET} is empty"),
            em("EM008", E, 3, ID, f"{ID} is a placeholder"),
        ],
    ),
    (f"{ID}=id\n{CSECRET}='  '\n", False, [em("EM008", W, 2, CSECRET, f"{CSECRET} is empty")]),
    (f"{ID}\n", False, [em("EM008", W, 1, ID, f"{ID} is empty")]),  # a bare key: no value
    (f"{ID}=id-1\n{CSECRET}=s3cr3t-value\n", True, []),
    (
        f"{ID}\n{KEY_}\n",  # two bare keys: the same (no) value
        False,
        [
            em("EM008", W, 1, ID, f"{ID} is empty"),
            em("EM001", E, 2, KEY_, f"{KEY_} is deprecated: rename it to {ID}"),
            em(
                "EM005",
                W,
                2,
                KEY_,
                f"{KEY_} duplicates {ID} (line 1) with the same value: migrate drops it",
            ),
            em("EM008", W, 2, KEY_, f"{KEY_} is empty"),
        ],
    ),
    (
        f"{ID}\n{KEY_}=\n",  # a bare key and an empty value differ (None and "")
        False,
        [
            em("EM008", W, 1, ID, f"{ID} is empty"),
            em("EM001", E, 2, KEY_, f"{KEY_} is deprecated: rename it to {ID}"),
            em(
                "EM004",
                E,
                2,
                KEY_,
                f"{KEY_} and {ID} (line 1) are both set, to different values: "
                "migrate refuses this file unless --prefer new|old",
            ),
            em("EM008", W, 2, KEY_, f"{KEY_} is empty"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "verify", "expected"), FINDINGS)
def test_the_one_pass_scan_in_full(text: str, verify: bool, expected: list[Finding]) -> None:
    env = parse_text(text)
    assert detect._scan_plain(env, "p", rules.DEFAULT_RULES, verify) == expected
    assert detect.scan(env, path="p", verify=verify) == detect.Scan(expected, None)


def test_user_rules_in_the_one_pass_scan() -> None:
    env = parse_text("OLD_TOKEN=a\nNEW_TOKEN=a\nGONE=1\nDINGTALK_AGENT_ID=1\n")
    found = detect._scan_plain(env, "p", USER_RULES, False)
    assert found is not None
    assert [(f.code, f.line, f.key) for f in found] == [
        ("EM001", 1, "OLD_TOKEN"),
        ("EM005", 1, "OLD_TOKEN"),
        ("EM003", 3, "GONE"),
        ("EM003", 4, "DINGTALK_AGENT_ID"),
    ]
    assert found[2].message == "GONE is listed as obsolete in your configuration"
    assert found == general(env, "p", USER_RULES, False)


# -- the whole per-file path: check_file with and without its cheaper parts ---------------

OPTIONS = st.builds(
    lambda table, strict, verify, select, ignore: RunOptions(
        ui=Ui(),
        config=Config(rules=table),
        strict=strict,
        verify=verify,
        select=select,
        ignore=ignore,
    ),
    TABLES,
    st.booleans(),
    st.booleans(),
    st.sampled_from([(), (), ("EM0",), ("EM00",), ("EM9", "EM001")]),
    st.sampled_from([(), (), ("EM001",), ("EM008",), ("EM900",)]),
)


class _Never:
    """A selection no selection equals: the filter is always built (the oracle)."""

    def __eq__(self, other: object) -> bool:
        return False

    def __ne__(self, other: object) -> bool:
        return True

    __hash__ = None  # type: ignore[assignment]


def check(
    data: bytes, opts: RunOptions, *, oracle: bool
) -> tuple[list[Finding], list[FileResult], list[str], Credentials | None]:
    report = Report("check", strict=opts.strict)
    source = Source("p.env", "env")
    with contextlib.ExitStack() as stack:
        if oracle:
            stack.enter_context(mock.patch.object(detect, "_scan_plain", return_value=None))
            stack.enter_context(mock.patch.object(envfile, "lex_mentions", return_value=None))
            stack.enter_context(mock.patch.object(pipeline, "ALL", _Never()))
        creds = pipeline.check_file(source, report, opts, fileio.Snapshot("p.env", data))
    return report.findings, report.files, report.errors, creds


@given(TEXT, OPTIONS)
@settings(max_examples=400, deadline=None)
def test_check_file_records_what_the_general_path_records(text: str, opts: RunOptions) -> None:
    data = text.encode("utf-8", "surrogatepass")
    fast = check(data, opts, oracle=False)
    assert fast == check(data, opts, oracle=True)
    findings, _files, errors, _creds = fast
    for message in [*(f.message for f in findings), *errors]:  # no value in a message
        assert SENTINEL[:8] not in message


@pytest.mark.parametrize(
    ("text", "opts", "expected"),
    [
        # every code selected, no suppression comment: nothing to drop, none unused
        (f"{KEY_}=k\n", RunOptions(ui=Ui(), strict=True), ["EM001"]),
        # a comment elsewhere in the file still counts (the filter is built)
        (f"{KEY_}=k\n# envmigrate: ignore\n", RunOptions(ui=Ui(), strict=True), ["EM001", "EM900"]),
        (f"{KEY_}=k # envmigrate: ignore[EM001]\n", RunOptions(ui=Ui()), []),
        (f"{KEY_}=k\n{SECRET}=s\n", RunOptions(ui=Ui(), ignore=("EM001",)), ["EM002"]),
        (f"{KEY_}=k\n{SECRET}=s\n", RunOptions(ui=Ui(), select=("EM001",)), ["EM001"]),
    ],
)
def test_the_filter_is_built_only_when_it_can_drop_a_finding(
    text: str, opts: RunOptions, expected: list[str]
) -> None:
    findings, files, _errors, _creds = check(text.encode(), opts, oracle=False)
    assert [f.code for f in findings] == expected
    status = FileStatus.FINDINGS if expected else FileStatus.CLEAN
    assert [f.status for f in files] == [status]


@pytest.mark.parametrize("verify", [False, True])
def test_credentials_are_returned_only_for_verify(verify: bool) -> None:
    text = f"{KEY_}=id-1\n{CSECRET}={SENTINEL}\n"
    *_, creds = check(text.encode(), RunOptions(ui=Ui(), verify=verify), oracle=False)
    if not verify:
        assert creds is None  # nothing reads them: not even worked out
        return
    assert creds is not None
    assert (creds.client_id, creds.client_secret, creds.deprecated) == (
        "id-1",
        SENTINEL,
        (KEY_,),
    )
    assert SENTINEL not in repr(creds)
    *_, none = check(
        b"OTHER=1\nDINGTALK_AGENT_ID=1\n", RunOptions(ui=Ui(), verify=True), oracle=False
    )
    assert none is None  # a file without credentials: nothing to verify
