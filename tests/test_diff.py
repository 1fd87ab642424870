"""Unified diffs and their colouring."""

from __future__ import annotations

import pytest

from envmigrate.diff import color, unified


def test_no_change_no_diff() -> None:
    assert unified("A=1\n", "A=1\n", "x") == ""


def test_unified_diff() -> None:
    diff = unified("A=1\r\nB=2\r\n", "A=1\r\nC=2\r\n", ".env")
    assert diff == "--- a/.env\n+++ b/.env\n@@ -1,2 +1,2 @@\n A=1\n-B=2\n+C=2\n"


def test_missing_final_newline_is_marked() -> None:
    diff = unified("A=1", "B=1", "f")
    assert diff.splitlines()[-4:] == [
        "-A=1",
        "\\ No newline at end of file",
        "+B=1",
        "\\ No newline at end of file",
    ]


def test_color_is_a_separate_pass() -> None:
    plain = unified("A=1\n", "B=1\n", "f")
    colored = color(plain)
    assert "\x1b[31m-A=1\x1b[0m" in colored
    assert "\x1b[32m+B=1\x1b[0m" in colored
    assert "\x1b[" not in plain


# -- diffs built from edits ----------------------------------------------------------------

import re  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from envmigrate.diff import Edit, RawView, TextsView, from_edits, splice  # noqa: E402

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)?")


@st.composite
def file_and_edits(draw: st.DrawFn) -> tuple[str, list[Edit]]:
    """Distinct lines (any line ends, maybe no final one) and edits like a rewrite's."""
    count = draw(st.integers(0, 40))
    ends = st.sampled_from(["\n", "\r\n", "\r"])
    text = "".join(f"line{i}" + draw(ends) for i in range(count))
    if count and draw(st.booleans()):
        text = text.rstrip("\r\n")
    edits: list[Edit] = []
    for match in _LINE.finditer(text):
        start, end = match.span()
        if start == end:
            continue
        what = draw(
            st.sampled_from(["keep"] * 4 + ["rename", "delete", "comment", "insert", "eol"])
        )
        number = len(edits)
        if what == "rename":
            edits.append(Edit(start, start + 4, f"LINE{number}_"))
        elif what == "delete":
            edits.append(Edit(start, end, ""))
        elif what == "comment":
            edits.append(Edit(start, start, "# "))
        elif what == "insert":
            edits.append(Edit(start, start, f"new{number}\n"))
        elif what == "eol" and match.group().endswith(("\n", "\r")):
            content = match.group().rstrip("\r\n")
            edits.append(Edit(start + len(content), end, "\n"))  # a line end changes
    if len(edits) > 1 and draw(st.booleans()):  # one edit spanning two lines
        first, second = edits[0], edits[1]
        edits[:2] = [Edit(first.start, max(second.end, first.end), "joined")]
    return text, edits


@given(file_and_edits())
@settings(max_examples=150, deadline=None, derandomize=True)
def test_diff_from_edits_is_difflibs(case: tuple[str, list[Edit]]) -> None:
    """Differential: the hunks built from the edits are difflib's over the two texts."""
    text, edits = case
    after = splice(text, sorted(edits))
    assert from_edits(text, edits, "f", RawView(text, edits)) == unified(text, after, "f")


@given(file_and_edits())
@settings(max_examples=60, deadline=None, derandomize=True)
def test_views_agree(case: tuple[str, list[Edit]]) -> None:
    """Lines asked for by span (RawView) are the lines of the whole texts (TextsView)."""
    text, edits = case
    after = splice(text, sorted(edits))
    raw = from_edits(text, edits, "f", RawView(text, edits))
    assert raw == from_edits(text, edits, "f", TextsView(text, after))


def test_hunks_merge_and_split_like_difflib() -> None:
    text = "".join(f"l{i}\n" for i in range(30))
    for gap in range(1, 10):
        second = 4 + gap
        edits = [Edit(text.index("l3\n"), text.index("l3\n") + 2, "X"), Edit(0, 0, "")]
        edits = [edits[0], Edit(text.index(f"l{second}\n"), text.index(f"l{second}\n") + 1, "Y")]
        after = splice(text, edits)
        assert from_edits(text, edits, "f", RawView(text, edits)) == unified(text, after, "f")


def test_no_edits_no_diff() -> None:
    assert from_edits("A=1\n", [], "f", RawView("A=1\n", [])) == ""
    same = [Edit(0, 1, "A")]
    assert from_edits("A=1\n", same, "f", RawView("A=1\n", same)) == ""


ENV_LINES = [
    "DINGTALK_APP_KEY=id{i}",
    "export DINGTALK_APP_SECRET='s{i}'",
    'DINGTALK_AGENT_ID="a{i}\nb{i}\n"',
    "DINGTALK_AGENT_ID=n{i} # c",
    "X{i}=${{DINGTALK_APP_KEY}}",
    'Y{i}="${{DINGTALK_APP_SECRET}}\n${{DINGTALK_APP_KEY}}"',
    "# note {i}",
    "# K{i}='open\n# more{i}'",
    "bad line {i} 'x",
    "P{i}=v{i}",
    "",
    "  ",
]


@st.composite
def env_file(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.sampled_from(ENV_LINES), max_size=30))
    nl = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = nl.join(line.format(i=i).replace("\n", nl) for i, line in enumerate(lines))
    return text + (nl if draw(st.booleans()) else "")


@given(env_file(), st.sampled_from(["comment", "remove", "keep"]))
@settings(max_examples=150, deadline=None, derandomize=True)
def test_env_diff_masks_only_shown_lines_as_whole_text_masking_would(
    text: str, policy: str
) -> None:
    """EnvView (mask the shown entries only) == masking both whole texts; and with
    --show-secrets, the same hunks as difflib over the whole texts."""
    from envmigrate.envfile import parse
    from envmigrate.redact import EnvView, masked_text
    from envmigrate.rewrite import AgentIdPolicy, Options, Prefer, rewrite

    env = parse(text)
    options = Options(agent_id=AgentIdPolicy(policy), prefer=Prefer.NEW)
    result = rewrite(env, options=options)
    edits = result.edits
    whole = TextsView(masked_text(env), masked_text(parse(result.text)))
    shown = from_edits(env.text, edits, "e", EnvView(env, edits, parse(result.text)))
    assert shown == from_edits(env.text, edits, "e", whole)
    raw = from_edits(env.text, edits, "e", RawView(env.text, edits))
    assert raw == unified(env.text, result.text, "e")


# -- the line-end pattern and the colouring pass, in full ----------------------------------

from envmigrate.diff import split_lines  # noqa: E402


def test_line_end_pattern_table() -> None:
    """``\\r\\n`` is one line end (tried before ``\\r``), ``\\n`` and a lone ``\\r`` each one."""
    table = {
        "": [],
        "a": ["a"],
        "a\n": ["a"],
        "\n": [""],
        "a\r\nb\nc\rd": ["a", "b", "c", "d"],
        "a\n\nb": ["a", "", "b"],
        "a\r\rb": ["a", "", "b"],
        "a\n\rb": ["a", "", "b"],
        "\r\r\n": ["", ""],
        "a\r\n\r\n": ["a", ""],
        "x\tr\\n": ["x\tr\\n"],
    }
    for text, lines in table.items():
        assert split_lines(text) == lines, text


def test_color_every_kind_of_line() -> None:
    plain = (
        "--- a/.env\n"
        "+++ b/.env\n"
        "@@ -1,3 +1,3 @@\n"
        " KEEP=1  \n"
        "-OLD=X\n"
        "+NEW=X \n"
        "\\ No newline at end of file\n"
        "\n"
    )
    bold, reset = "\x1b[1m", "\x1b[0m"
    assert color(plain) == (
        f"{bold}--- a/.env{reset}\n"
        f"{bold}+++ b/.env{reset}\n"
        f"\x1b[36m@@ -1,3 +1,3 @@{reset}\n"
        " KEEP=1  \n"
        f"\x1b[31m-OLD=X{reset}\n"
        f"\x1b[32m+NEW=X {reset}\n"
        "\\ No newline at end of file\n"
        "\n"
    )
    assert color("") == ""
    assert color(" a\n b\n") == " a\n b\n"


def test_splice_table() -> None:
    text = "0123456789"
    assert splice(text, []) == text
    assert splice(text, [], 2, 5) == "234"
    assert splice(text, [], 7) == "789"
    assert splice(text, [Edit(0, 0, "<"), Edit(10, 10, ">")]) == "<0123456789>"
    assert splice(text, [Edit(1, 3, "ab"), Edit(3, 3, "|"), Edit(3, 4, "")]) == "0ab|456789"
    assert splice(text, [Edit(3, 4, "x")], 2, 6) == "2x45"
    assert splice(text, [Edit(2, 4, "")], 2, 4) == ""


@pytest.mark.parametrize(
    "edits", [[Edit(2, 5, "a"), Edit(4, 6, "b")], [Edit(3, 3, "a"), Edit(1, 2, "b")]]
)
def test_splice_refuses_overlapping_edits(edits: list[Edit]) -> None:
    with pytest.raises(ValueError, match=r"\Aoverlapping edits\Z"):
        splice("0123456789", edits)


def test_an_edit_that_would_join_a_cr_with_a_new_lf_is_refused() -> None:
    """``a\\r`` then an LF inserted at the next line's start: the two line ends would become
    one CRLF, a change of line structure no diff line can show."""
    text = "a\rb\n"
    edits = [Edit(2, 2, "\n")]
    with pytest.raises(ValueError, match=r"\Aan edit that joins a CR line end with a new LF\Z"):
        from_edits(text, edits, "f", RawView(text, edits))
    fine = [Edit(2, 2, "x\n")]
    assert from_edits(text, fine, "f", RawView(text, fine)) == unified(text, "a\rx\nb\n", "f")


@given(file_and_edits(), st.data())
@settings(max_examples=120, deadline=None, derandomize=True)
def test_known_line_numbers_change_nothing(
    case: tuple[str, list[Edit]], data: st.DataObject
) -> None:
    """Line numbers handed in for some line starts (a partial parse knows them) give the
    very diff that counting the lines gives."""
    text, edits = case
    starts = [m.start() for m in _LINE.finditer(text) if m.start() < len(text) or not text]
    numbers = {start: number for number, start in enumerate(starts, 1)}
    chosen = data.draw(st.sets(st.sampled_from(sorted(numbers)))) if numbers else set()
    known = {start: numbers[start] for start in chosen}
    view = RawView(text, edits)
    assert from_edits(text, edits, "f", view, known) == from_edits(text, edits, "f", view)
    assert from_edits(text, edits, "f", view, numbers) == from_edits(text, edits, "f", view)


# -- Edit: a NamedTuple written out ---------------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from envmigrate.diff import Edit  # noqa: E402
from tests.written_records import assert_like_namedtuple  # noqa: E402

_EDIT = st.tuples(st.integers(-5, 10**9), st.integers(-5, 10**9), st.text(max_size=8))


@given(_EDIT, _EDIT)
def test_edit_behaves_as_a_namedtuple_of_its_fields(
    a: tuple[int, int, str], b: tuple[int, int, str]
) -> None:
    assert_like_namedtuple(Edit, a, b)
    match Edit(*a):
        case Edit(s, e, t):
            assert (s, e, t) == a
        case _:  # pragma: no cover - the case above always matches
            raise AssertionError("no match")
