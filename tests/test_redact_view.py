"""EnvView row by row: the lines a diff shows, masked from the entries around them only,
are the lines of the whole masked text, for every span of lines and on both sides.

tests/test_diff.py checks the same on generated files (thorough, slow); these rows are
small files, one layout each, so a change in how a span is widened (a CRLF that splits an
unparsable line from the next entry, a comment run above, a value over lines) fails fast.
"""

from __future__ import annotations

import re

import pytest

from envmigrate.diff import TextsView, from_edits, split_lines
from envmigrate.envfile import parse
from envmigrate.redact import MASK, EnvView, masked_text
from envmigrate.rewrite import AgentIdPolicy, Options, Prefer, rewrite, rewrite_fast
from tests.conftest import SENTINEL

S = SENTINEL
ROWS = [
    f"A={S}\nB={S}\nC={S}\n",
    f"# intro\n# more\nDINGTALK_APP_KEY={S}\nB={S}\n",
    f"# a\n# b\n# c\nA={S}\n",
    f"bad line {S}\r\nB={S}\r\nbad {S}\r\nC={S}\r\n",  # an entry starts inside each CRLF
    f"bad {S}\r\n\r\n# c\r\nbad {S}\r\nD={S}",
    f"x {S}\r\nDINGTALK_APP_SECRET={S}\r\n",
    f"# K='{S}\n# {S}\n# {S}' end\n# after\nA={S}\n",
    f'# K="{S}\n\n# {S}"\n# after {S}\nDINGTALK_APP_KEY={S}\n',
    f'A="{S}\n{S}"\nDINGTALK_AGENT_ID={S}\n# c {S}\n',
    f"\n\n  A={S}\n\n# c\n\nB={S}\n\n",
    f"A={S}\rB={S}\r# c\rbad {S}\rC={S}\r",
    f"DINGTALK_APP_KEY={S}\nDINGTALK_APP_SECRET={S}\nDINGTALK_AGENT_ID=1\nX=${{DINGTALK_APP_KEY}}\n",
    f"# c\nDINGTALK_APP_KEY={S}",
]


def _line_starts(text: str) -> list[int]:
    """Offsets of each line's start (split_lines' lines), then the end of the text."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", text)]
    if starts[-1] != len(text):
        starts.append(len(text))
    return starts


@pytest.mark.parametrize("text", ROWS, ids=range(len(ROWS)))
def test_every_span_of_lines(text: str) -> None:
    env = parse(text)
    whole = split_lines(masked_text(env))
    view = EnvView(env, [], env)
    starts = _line_starts(text)
    lines = len(starts) - 1
    assert len(whole) == lines
    for first in range(lines):
        for last in range(first + 1, lines + 1):
            count = last - first
            shown = view.before(first, count, starts[first], starts[last])
            assert shown == whole[first:last], (first, last)
            assert view.after(first, count, starts[first], starts[last]) == shown
        assert view.before(first, 0, starts[first], starts[first]) == []
    assert not any(S in line for line in whole)


OPTIONS = [
    Options(agent_id=AgentIdPolicy.COMMENT, prefer=Prefer.NEW),
    Options(agent_id=AgentIdPolicy.REMOVE, prefer=Prefer.NEW),
    Options(agent_id=AgentIdPolicy.KEEP, prefer=Prefer.NEW),
]


@pytest.mark.parametrize("options", OPTIONS, ids=["comment", "remove", "keep"])
@pytest.mark.parametrize("text", ROWS, ids=range(len(ROWS)))
def test_diff_of_a_rewrite(text: str, options: Options) -> None:
    """The masked diff equals the diff of the two whole masked texts (edits that grow and
    shrink lines move the new side's offsets)."""
    env = parse(text)
    result = rewrite(env, options=options)
    after = parse(result.text)
    whole = TextsView(masked_text(env), masked_text(after))
    shown = from_edits(env.text, result.edits, "e", EnvView(env, result.edits, after))
    assert shown == from_edits(env.text, result.edits, "e", whole)
    assert S not in shown


@pytest.mark.parametrize(
    ("head", "comments", "shown"),
    [
        ("# c\n", 199, "# w"),  # the whole comment run is looked at: nothing left open
        ("# c\n", 200, "# w"),
        ("# c\n", 201, f"# {MASK}"),  # more than 200 above: the run may hold an open value
        (f"A={S}\n", 201, "# w"),  # 200 comments, then a binding: nothing can be open
        (f"A={S}\n", 202, f"# {MASK}"),
        ("# K='open\n", 199, f"# {MASK}"),  # a value left open above: masked
        ("# K='open\n", 201, f"# {MASK}"),
    ],
    ids=range(7),
)
def test_a_long_comment_run_above(head: str, comments: int, shown: str) -> None:
    """How far a diff looks up for a commented-out value still open (200 comment entries):
    beyond that, comment lines are masked whatever they say."""
    text = head + "# w\n" * comments + f"B={S}\n"
    env = parse(text)
    starts = _line_starts(text)
    last = comments  # the last comment line
    view = EnvView(env, [], env)
    assert view.before(last, 2, starts[last], starts[last + 2]) == [shown, f"B={MASK}"]


# -- the fast path's views: a simple text lexed only where the diff shows it -----------------

SIMPLE = [
    f"A={S}\nB={S}\nC={S}\n",
    f"# intro\n# more\nDINGTALK_APP_KEY={S}\nB={S}\n",
    f"# a\n# b\n# c\nDINGTALK_APP_KEY={S}\n# d\n",
    f"# K='{S}\n# {S}\n# {S}' end\n# after\nDINGTALK_APP_SECRET={S}\n# {S}\n",
    f'# K="{S}\n\n# {S}\n\nDINGTALK_APP_KEY={S}\n# {S}" x\n',
    f"\n\n  A={S}\n\n# c\n\nDINGTALK_AGENT_ID={S}\n\n# e\n\nB={S}\n\n",
    f"DINGTALK_APP_KEY={S}\nDINGTALK_APP_SECRET={S}\nDINGTALK_AGENT_ID=1\nX=${{DINGTALK_APP_KEY}}\n",
    f"# c\nDINGTALK_APP_KEY={S}",
    f"# c\n\n# d\nDINGTALK_AGENT_ID=7\n\n\n# e\nDINGTALK_APP_KEY={S}\n# f\n",
    f"DINGTALK_AGENT_ID=7\n# K='{S}\nDINGTALK_AGENT_ID=8\n# {S}'\nA={S}\n",
    # two hunks; the second's comment run reaches up through the first's edited line
    "DINGTALK_AGENT_ID=7\n" + "# c\n" * 14 + f"DINGTALK_APP_KEY={S}\n",
    "# a\nDINGTALK_AGENT_ID=7\n" + "# c\n" * 14 + "DINGTALK_APP_KEY=k\n",  # a line deleted
    f"# K='{S}\nDINGTALK_AGENT_ID=7\n" + f"# {S}\n" * 14 + f"# x' {S}\nDINGTALK_APP_KEY={S}\n",
    f"A={S}\nDINGTALK_APP_KEY={S}\n" + "\n" * 9 + f"# c\nDINGTALK_APP_SECRET={S}\n\n\n",
]


@pytest.mark.parametrize("text", SIMPLE, ids=range(len(SIMPLE)))
def test_every_span_of_a_simple_text(text: str) -> None:
    fast = rewrite_fast(text)
    assert fast is not None
    env = fast[0]
    assert not env.complete
    whole = split_lines(masked_text(parse(text)))
    view = EnvView(env, [], env)
    starts = _line_starts(text)
    for first in range(len(starts) - 1):
        for last in range(first + 1, len(starts)):
            shown = view.before(first, last - first, starts[first], starts[last])
            assert shown == whole[first:last], (first, last)
        assert view.before(first, 0, starts[first], starts[first]) == []


@pytest.mark.parametrize("options", OPTIONS, ids=["comment", "remove", "keep"])
@pytest.mark.parametrize("text", SIMPLE, ids=range(len(SIMPLE)))
def test_diff_of_a_fast_rewrite(text: str, options: Options) -> None:
    """The fast path's masked diff (old lines lexed where shown, new lines spliced from the
    old text and its edits) equals the diff of the two whole masked texts."""
    fast = rewrite_fast(text, options=options)
    assert fast is not None
    env, result = fast
    assert result.env_after is not None
    full = rewrite(parse(text), options=options)
    assert result.edits == full.edits
    lines = {e.line_start: e.line for e in env.entries}
    whole = TextsView(masked_text(parse(text)), masked_text(parse(full.text)))
    view = EnvView(env, result.edits, result.env_after)
    shown = from_edits(text, result.edits, "e", view, lines)
    assert shown == from_edits(text, full.edits, "e", whole)
    assert S not in shown


@pytest.mark.parametrize(
    ("head", "comments", "shown"),
    [
        ("# c\n", 199, "# w"),
        ("# c\n", 200, "# w"),
        ("# c\n", 201, f"# {MASK}"),
        ("A=1\n", 201, "# w"),
        ("A=1\n", 202, f"# {MASK}"),
        ("# K='open\n", 198, f"# {MASK}"),
        ("# K='open\n", 201, f"# {MASK}"),
    ],
    ids=range(7),
)
def test_a_long_comment_run_above_a_simple_text(head: str, comments: int, shown: str) -> None:
    """The fast path's view looks up as far as the full parse's (200 comment lines)."""
    text = head + "# w\n" * comments + "B=1\n"
    fast = rewrite_fast(text)
    assert fast is not None
    view = EnvView(fast[0], [], fast[0])
    starts = _line_starts(text)
    last = comments
    assert view.before(last, 2, starts[last], starts[last + 2]) == [shown, f"B={MASK}"]


# -- plain lines: masked as they are read, without the lexer ---------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from envmigrate.dotenv_lexer import lex  # noqa: E402
from envmigrate.redact import _plain_masked, mask_entries  # noqa: E402

#: Characters that decide what a line is: blanks of every kind (``str.isspace``, python-
#: dotenv's ``\s``), quotes, ``#``, ``$``, braces, ``=``, escapes, key and non-key letters.
_TRICKY = " \t\x0b\x0c\x1c\x85\xa0\u2028\u3000'\"#${}=\\.-_aZ9é*"
_PIECE = st.text(alphabet=st.sampled_from(_TRICKY), max_size=6)
_KEYS = st.sampled_from(
    ["A", "DINGTALK_APP_KEY", "app.name", "x-y", "_", "K9", "Zq8vW3kP0x", "9A", "é", ""]
)


@st.composite
def _line(draw: st.DrawFn) -> str:
    """A line near the plain ones: a key, maybe ``=``, a value and a tail from tricky pieces."""
    head = draw(st.sampled_from(["", "", "export ", " ", "#"]))
    key = draw(_KEYS)
    equals = draw(st.sampled_from(["=", "=", " =", ""]))
    value = draw(st.sampled_from(["v", "https://h:1/p", "30", "'q'", "${A}", "$A", ""]))
    tail = draw(st.one_of(_PIECE, st.text(alphabet="ab:/19 \t\xa0\u3000", max_size=5)))
    return head + key + equals + value + tail


@given(_line())
@settings(max_examples=400, deadline=None, derandomize=True)
def test_a_plain_line_is_masked_as_its_entry(line: str) -> None:
    """Wherever the shortcut takes a line, it gives what the lexer and mask_entries give."""
    text = line + "\n"
    masked = _plain_masked(text, 0, len(text))
    if masked is None:
        return
    entries = lex(text)
    assert len(entries) == 1, "a plain line is one entry"
    assert entries[0].key is not None
    assert masked == mask_entries(text, entries)


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        ("A=1", f"A={MASK}"),
        ("SERVICE_0_URL=https://svc-0.internal:8443/api  ", f"SERVICE_0_URL={MASK}  "),
        ("app.name=x", f"app.name={MASK}"),
        ("Zq8vW3kP0x=x", f"{MASK}={MASK}"),  # no key name: most likely a pasted value
        ("A=1 # c", None),
        ("A=${B}", None),
        ("A= 1", None),
        ("A='1'", None),
        ("export A=1", None),
        ("A", None),
        ("=1", None),
        ("9A=1", None),
    ],
)
def test_what_a_plain_line_is(line: str, masked: str | None) -> None:
    text = line + "\n"
    assert _plain_masked(text, 0, len(text)) == (None if masked is None else masked + "\n")


@st.composite
def _simple_text(draw: st.DrawFn) -> str:
    lines = draw(
        st.lists(
            st.one_of(
                _line(),
                st.sampled_from(
                    ["", "  ", "# c", f"# K='{S}", f"# {S}' x", "# K=v", f"A='{S}'", f'B="{S}" # n']
                ),
            ),
            max_size=14,
        )
    )
    return "\n".join(lines) + draw(st.sampled_from(["\n", ""]))


@given(_simple_text())
@settings(max_examples=150, deadline=None, derandomize=True)
def test_every_span_of_a_generated_simple_text(text: str) -> None:
    """A simple text's view (plain lines by the shortcut, the rest lexed in runs) shows
    every span of lines as the whole masked text has them."""
    fast = rewrite_fast(text)
    if fast is None:  # not a simple text: the fast path declines it
        return
    whole = split_lines(masked_text(parse(text)))
    view = EnvView(fast[0], [], fast[0])
    starts = _line_starts(text)
    for first in range(len(starts) - 1):
        for last in range(first + 1, len(starts)):
            shown = view.before(first, last - first, starts[first], starts[last])
            assert shown == whole[first:last], (first, last)
