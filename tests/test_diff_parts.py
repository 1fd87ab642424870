"""The parts of the edit-built diff, each against its oracle (``difflib``) or an exact table.

``from_edits`` is held to ``difflib.unified_diff`` by the property tests in test_diff.py;
these pin each step on its own, fast and on fixed inputs, so that a change to any of them
fails a table here whatever examples the property tests draw.
"""

from __future__ import annotations

import contextlib
import random
from difflib import SequenceMatcher

import pytest

from envmigrate import diff
from envmigrate.diff import CONTEXT, Edit, edited_lines, edits_within


def _pairs(seed: int, count: int, alphabet: str, longest: int) -> list[tuple[list[str], list[str]]]:
    """``count`` pairs of short line lists over ``alphabet`` (fixed seed: a table)."""
    rng = random.Random(seed)
    pairs = []
    for _ in range(count):
        a = [rng.choice(alphabet) for _ in range(rng.randint(0, longest))]
        b = [rng.choice(alphabet) for _ in range(rng.randint(0, longest))]
        pairs.append((a, b))
    return pairs


def _edited_pairs(seed: int, count: int) -> list[tuple[list[str], list[str]]]:
    """``count`` pairs where the second is the first with a few local changes: equal runs
    of every length between them, at the start, in the middle and at the end."""
    rng = random.Random(seed)
    pairs = []
    for _ in range(count):
        a = [f"l{i}" for i in range(rng.randint(1, 30))]
        b = a[:]
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(b))
            kind = rng.choice(["insert", "delete", "replace"])
            if kind == "insert" or at == len(b):
                b.insert(at, f"new{at}")
            elif kind == "delete":
                del b[at]
            else:
                b[at] = f"changed{at}"
        pairs.append((a, b))
    return pairs


# -- _aligned: a block's lines aligned as SequenceMatcher aligns them ----------------------

ALIGNED_TABLE = [
    (["a\n"], [], [("delete", 5, 6, 7, 7)]),
    ([], ["a\n"], [("insert", 5, 5, 7, 8)]),
    (["a\n", "b\n"], ["c\n"], [("replace", 5, 7, 7, 8)]),
    (["a\n"], ["a\n"], [("equal", 5, 6, 7, 8)]),
    (
        ["a\n", "b\n", "c\n"],
        ["a\n", "x\n", "c\n"],
        [("equal", 5, 6, 7, 8), ("replace", 6, 7, 8, 9), ("equal", 7, 8, 9, 10)],
    ),
    (["a\n", "b\n"], ["b\n"], [("delete", 5, 6, 7, 7), ("equal", 6, 7, 7, 8)]),
]


@pytest.mark.parametrize(("before", "after", "expected"), ALIGNED_TABLE)
def test_aligned_table(before: list[str], after: list[str], expected: list[diff.Opcode]) -> None:
    assert diff._aligned(before, after, 5, 7) == expected


@pytest.mark.parametrize("seed", range(4))
def test_aligned_is_sequencematchers(seed: int) -> None:
    """Shifted by the block's first old and new line, the opcodes are difflib's exactly."""
    for before, after in _pairs(seed, 60, "abcd", 6) + _edited_pairs(seed, 20):
        if not before and not after:
            continue  # a block always has new lines or old ones
        old, new = len(before) * 3 + seed, len(after) * 2 + 1
        ops = SequenceMatcher(None, before, after).get_opcodes()
        expected = [(tag, old + i1, old + i2, new + j1, new + j2) for tag, i1, i2, j1, j2 in ops]
        assert diff._aligned(before, after, old, new) == expected, (before, after)


# -- _groups: SequenceMatcher.get_grouped_opcodes(CONTEXT) -----------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_groups_are_get_grouped_opcodes(seed: int) -> None:
    for a, b in _pairs(seed, 80, "ab", 24) + _edited_pairs(seed, 80):
        matcher = SequenceMatcher(None, a, b)
        codes = matcher.get_opcodes()
        if not codes:
            continue  # from_edits always has at least one opcode
        expected = list(matcher.get_grouped_opcodes(CONTEXT))
        assert diff._groups(list(codes)) == expected, (a, b)


def test_groups_table() -> None:
    """Context trimmed to three lines at both ends, a long equal run splits the hunks."""
    codes = [
        ("equal", 0, 10, 0, 10),
        ("replace", 10, 11, 10, 11),
        ("equal", 11, 17, 11, 17),  # 6 lines: one hunk
        ("delete", 17, 18, 17, 17),
        ("equal", 18, 25, 17, 24),  # 7 lines: two hunks
        ("insert", 25, 25, 24, 26),
        ("equal", 25, 40, 26, 41),
    ]
    assert diff._groups(codes) == [
        [
            ("equal", 7, 10, 7, 10),
            ("replace", 10, 11, 10, 11),
            ("equal", 11, 17, 11, 17),
            ("delete", 17, 18, 17, 17),
            ("equal", 18, 21, 17, 20),
        ],
        [("equal", 22, 25, 21, 24), ("insert", 25, 25, 24, 26), ("equal", 25, 28, 26, 29)],
    ]
    # leading and trailing context of four to six lines is trimmed to three
    assert diff._groups(
        [("equal", 0, 5, 0, 5), ("replace", 5, 6, 5, 6), ("equal", 6, 10, 6, 10)]
    ) == [[("equal", 2, 5, 2, 5), ("replace", 5, 6, 5, 6), ("equal", 6, 9, 6, 9)]]
    assert diff._groups(
        [("equal", 0, 6, 0, 6), ("insert", 6, 6, 6, 7), ("equal", 6, 12, 7, 13)]
    ) == [[("equal", 3, 6, 3, 6), ("insert", 6, 6, 6, 7), ("equal", 6, 9, 7, 10)]]
    assert diff._groups([("equal", 0, 9, 0, 9)]) == []  # only line ends changed
    assert diff._groups([("equal", 0, 2, 0, 2), ("replace", 2, 3, 2, 3)]) == [
        [("equal", 0, 2, 0, 2), ("replace", 2, 3, 2, 3)]
    ]


def test_merged_joins_adjacent_equal_runs_only() -> None:
    codes: list[diff.Opcode] = [
        ("equal", 0, 2, 0, 2),
        ("equal", 2, 5, 2, 5),
        ("replace", 5, 6, 5, 7),
        ("delete", 6, 7, 7, 7),
        ("equal", 7, 8, 7, 8),
        ("equal", 8, 9, 8, 9),
        ("equal", 9, 12, 9, 12),
        ("insert", 12, 12, 12, 13),
    ]
    assert diff._merged(codes) == [
        ("equal", 0, 5, 0, 5),
        ("replace", 5, 6, 5, 7),
        ("delete", 6, 7, 7, 7),
        ("equal", 7, 12, 7, 12),
        ("insert", 12, 12, 12, 13),
    ]
    assert diff._merged([]) == []


# -- _range: the hunk header's ranges --------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "stop", "expected"),
    [
        (0, 0, "0,0"),  # an empty range begins at the line before it
        (0, 1, "1"),  # a length of one is implied
        (0, 2, "1,2"),
        (4, 4, "4,0"),
        (4, 5, "5"),
        (4, 7, "5,3"),
        (9, 19, "10,10"),
    ],
)
def test_range_table(start: int, stop: int, expected: str) -> None:
    assert diff._range(start, stop) == expected


# -- edited_lines: the lines a rewrite's edits touch, and what each becomes -----------------

EDITED_LINES_TABLE = [
    # text, edits, expected (line start, line end, new line)
    ("A=1\nB=2\n", [], []),
    ("A=1\nB=2\n", [Edit(0, 1, "X")], [(0, 4, "X=1\n")]),
    ("A=1\nB=2\n", [Edit(4, 5, "Y")], [(4, 8, "Y=2\n")]),
    ("A=1\nB=2", [Edit(6, 7, "22")], [(4, 7, "B=22")]),  # the last line has no end
    ("A=1\nB=2\n", [Edit(0, 1, "X"), Edit(2, 3, "9")], [(0, 4, "X=9\n")]),  # one line, two edits
    (
        "A=1\nB=2\nC=3\n",
        [Edit(0, 1, "X"), Edit(8, 9, "Z")],
        [(0, 4, "X=1\n"), (8, 12, "Z=3\n")],
    ),
    ("A=1\nB=2\n", [Edit(4, 8, "")], [(4, 8, "")]),  # a whole line goes
    ("A=1\nB=2\n", [Edit(0, 8, "")], [(0, 8, "")]),  # two whole lines in one edit
    ("A=1\nB=2\nC", [Edit(2, 6, "")], [(0, 8, "A=2\n")]),  # an edit spans its lines
    ("A=1\nB=2\nC", [Edit(2, 6, ""), Edit(6, 7, "")], [(0, 8, "A=\n")]),
    ("A=1\nB=2\nC=3\n", [Edit(0, 5, ""), Edit(5, 6, "")], [(0, 8, "2\n")]),
    ("K=", [Edit(0, 1, "N"), Edit(2, 2, "v"), Edit(2, 2, "\n")], [(0, 2, "N=v\n")]),
    ("A\nK=", [Edit(2, 2, "# "), Edit(4, 4, "\nB=1")], [(2, 4, "# K=\nB=1")]),
    ("A=1\nB=2\n", [Edit(4, 4, "# ")], [(4, 8, "# B=2\n")]),  # an insertion at a line start
    ("A=1\nB=2\n", [Edit(3, 3, "0")], [(0, 4, "A=10\n")]),  # an insertion before the end
    ("A=1\nB=2\n", [Edit(2, 4, "1\n")], [(0, 4, "A=1\n")]),  # up to and with the line end
    ("A=1\n", [Edit(4, 4, "B=2\n")], [(4, 4, "B=2\n")]),  # an insertion at the very end
    ("", [Edit(0, 0, "A=1")], [(0, 0, "A=1")]),
    ("A=1\n\nB=2\n", [Edit(4, 5, "")], [(4, 5, "")]),  # an empty line goes
    ("\nA=1\n", [Edit(1, 2, "B")], [(1, 5, "B=1\n")]),  # after a line end at offset 0
    ("\nA=1\n", [Edit(0, 1, "")], [(0, 1, "")]),  # the line end at offset 0 itself
    ("\nA=1\n", [Edit(0, 0, "# ")], [(0, 1, "# \n")]),
    ("\nA=1\n", [Edit(0, 0, "# "), Edit(1, 2, "B")], [(0, 1, "# \n"), (1, 5, "B=1\n")]),
    (
        "A\nB\nC\nD\n",
        [Edit(0, 1, "a"), Edit(2, 3, "b"), Edit(4, 5, "c"), Edit(6, 7, "d")],
        [(0, 2, "a\n"), (2, 4, "b\n"), (4, 6, "c\n"), (6, 8, "d\n")],
    ),
]


@pytest.mark.parametrize(("text", "edits", "expected"), EDITED_LINES_TABLE)
def test_edited_lines_table(
    text: str, edits: list[Edit], expected: list[tuple[int, int, str]]
) -> None:
    assert list(edited_lines(text, edits)) == expected


@pytest.mark.parametrize(
    ("text", "edits"),
    [
        ("A=1\nB=2\n", [Edit(0, 1, "X"), Edit(2, 6, "")]),  # past the first edit's line
        ("A=1\nB=2\nC=3\n", [Edit(4, 5, "X"), Edit(6, 9, "")]),
        ("A=1\nB=2\nC=3\n", [Edit(0, 5, ""), Edit(6, 9, "")]),  # past the first's lines
    ],
)
def test_edited_lines_refuses_an_edit_across_a_line_end(text: str, edits: list[Edit]) -> None:
    with pytest.raises(ValueError, match=r"\Aan edit across a line end\Z"):
        list(edited_lines(text, edits))


def _edited_lines_oracle(text: str, edits: list[Edit]) -> list[tuple[int, int, str]]:
    """Line by line: the edits that start on a line (or at the very end) make its new text."""
    spans = []
    at = 0
    for line in text.splitlines(keepends=True):
        spans.append((at, at + len(line)))
        at += len(line)
    if not text or text.endswith("\n"):
        spans.append((len(text), len(text)))  # an insertion after the last line end
    out = []
    for start, end in spans:
        # An insertion at the very end is on the last line, unless that line has its end.
        at_end = not text[start:end].endswith("\n")
        mine = [e for e in edits if start <= e.start < end or (e.start == end and at_end)]
        if mine:
            out.append((start, end, diff.splice(text, mine, start, end)))
    return out


@pytest.mark.parametrize("seed", range(3))
def test_edited_lines_is_line_by_line(seed: int) -> None:
    """Edits within lines (renames, insertions, whole-line deletions), any number per line."""
    rng = random.Random(seed)
    for _ in range(40):
        lines = [f"K{i}={'v' * rng.randint(0, 3)}\n" for i in range(rng.randint(0, 6))]
        text = "".join(lines)
        if text and rng.random() < 0.3:
            text = text[:-1]
        edits = []
        at = 0
        for line in text.splitlines(keepends=True):
            kind = rng.choice(["keep", "rename", "delete", "comment", "both"])
            if kind == "rename":
                edits.append(Edit(at, at + 1, "N"))
            elif kind == "delete":
                edits.append(Edit(at, at + len(line), ""))
            elif kind == "comment":
                edits.append(Edit(at, at, "# "))
            elif kind == "both":
                edits += [Edit(at, at, "# "), Edit(at, at + 1, "M"), Edit(at + 2, at + 3, "w")]
            at += len(line)
        if rng.random() < 0.3:
            edits.append(Edit(len(text), len(text), "Z=1\n"))
        assert list(edited_lines(text, edits)) == _edited_lines_oracle(text, edits), (
            text,
            edits,
        )


# -- edits_within: the edits that make text[start:end] new ---------------------------------

EDITS = [Edit(0, 1, "a"), Edit(2, 3, "b"), Edit(3, 3, "c"), Edit(5, 7, "d"), Edit(9, 9, "e")]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (0, 10, EDITS),
        (0, 9, EDITS[:4]),  # an insertion at the end of the span belongs to the next one
        (0, 3, EDITS[:2]),
        (0, 4, EDITS[:3]),
        (1, 4, EDITS[1:3]),
        (2, 3, EDITS[1:2]),
        (3, 3, EDITS[2:3]),  # an empty span: the insertion at it makes it
        (3, 5, EDITS[2:3]),
        (3, 6, EDITS[2:3]),  # an edit that ends after the span is not in it
        (4, 8, EDITS[3:4]),
        (5, 7, EDITS[3:4]),
        (7, 9, []),
        (9, 9, EDITS[4:]),
        (10, 10, []),
    ],
)
def test_edits_within_table(start: int, end: int, expected: list[Edit]) -> None:
    assert edits_within(EDITS, start, end) == expected


# -- from_edits against difflib on a fixed table of generated layouts -----------------------

from envmigrate.diff import RawView, TextsView, from_edits, splice, split_lines, unified  # noqa: E402


def _layout(rng: random.Random) -> tuple[str, list[Edit]]:
    """Distinct lines with mixed line ends (maybe none at the end) and a rewrite's kinds of
    edits: renames, whole-line deletions, insertions at a line start, new lines, changed
    line ends, an edit across two lines, an insertion at the very end."""
    count = rng.randint(0, 24)
    blank = rng.randint(0, count)  # one blank line (a second would repeat: see from_edits)
    ends = [rng.choice(["\n", "\n", "\r\n", "\r"]) for _ in range(count)]
    if 0 < blank < count:
        ends[blank - 1] = "\n"  # a CR before it would make one CRLF of two line ends
    text = "".join(("" if i == blank else f"line{i}") + ends[i] for i in range(count))
    if count and rng.random() < 0.4:
        text = text.rstrip("\r\n")
    edits: list[Edit] = []
    at = 0
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines):
        content = line.rstrip("\r\n")
        kind = rng.choice(["keep"] * 5 + ["rename", "delete", "comment", "insert", "eol", "tail"])
        if kind == "rename" and content:
            edits.append(Edit(at, at + 4, f"LINE{number}_"))
        elif kind == "delete":
            edits.append(Edit(at, at + len(line), ""))
        elif kind == "comment":
            edits.append(Edit(at, at, "# "))
        elif kind == "insert":
            edits.append(Edit(at, at, f"new{number}\n"))
        elif kind == "eol" and line != content:
            edits.append(Edit(at + len(content), at + len(line), rng.choice(["\n", "\r\n"])))
        elif kind == "tail":
            edits.append(Edit(at + len(content), at + len(content), "!"))
        at += len(line)
    if len(edits) > 1 and rng.random() < 0.2:  # one edit spanning two lines
        first, second = edits[0], edits[1]
        edits[:2] = [Edit(first.start, max(second.end, first.end), "joined")]
    if rng.random() < 0.15 and (not text or text.endswith(("\n", "\r"))):
        edits.append(Edit(len(text), len(text), "last\n"))
    return text, edits


def _line_numbers(text: str) -> dict[int, int]:
    starts = [0]
    for match in diff._LINE_END.finditer(text):
        if match.end() < len(text):
            starts.append(match.end())
    return {start: number for number, start in enumerate(starts, 1)}


def _joins_a_cr(text: str, edits: list[Edit], after: str) -> bool:
    """Whether a lone CR line end the edits keep is followed by an LF in the new text."""
    for at, char in enumerate(text):
        if char != "\r" or text[at + 1 : at + 2] == "\n":
            continue
        if any(e.start <= at < e.end for e in edits):
            continue  # edited away
        moved = at + sum(len(e.text) - (e.end - e.start) for e in edits if e.start <= at)
        if after[moved + 1 : moved + 2] == "\n":
            return True
    return False


@pytest.mark.parametrize("seed", range(64))
def test_from_edits_is_difflibs_on_a_table(seed: int) -> None:
    """Both views, with and without known line numbers, give difflib's diff exactly (a few
    layouts per seed: each case stays fast)."""
    rng = random.Random(1000 + seed)
    for _ in range(5):
        text, edits = _layout(rng)
        try:
            after = splice(text, edits)
        except ValueError:
            continue
        expected = unified(text, after, "p")
        shuffled = edits[:]
        rng.shuffle(shuffled)  # from_edits sorts them
        if _joins_a_cr(text, edits, after):  # may be refused: see _blocks
            with contextlib.suppress(ValueError):
                assert from_edits(text, shuffled, "p", RawView(text, edits)) == expected
            continue
        assert from_edits(text, shuffled, "p", RawView(text, edits)) == expected, (text, edits)
        assert from_edits(text, edits, "p", TextsView(text, after)) == expected
        numbers = _line_numbers(text)
        known = {s: n for s, n in numbers.items() if rng.random() < 0.5}
        assert from_edits(text, edits, "p", RawView(text, edits), known) == expected


FROM_EDITS_TABLE = [
    # text, edits, the whole diff
    ("A\n", [Edit(0, 1, "B")], "@@ -1 +1 @@\n-A\n+B\n"),
    ("A", [Edit(0, 1, "B")], "@@ -1 +1 @@\n-A\n\\ No newline at end of file\n+B\n\\ No newline at end of file\n"),
    ("A\nB", [Edit(2, 3, "")], "@@ -1,2 +1 @@\n A\n-B\n\\ No newline at end of file\n"),
    ("A\nB", [Edit(3, 3, "\n")], "@@ -1,2 +1,2 @@\n A\n-B\n\\ No newline at end of file\n+B\n"),
    ("A\nB\n", [Edit(3, 4, "")], "@@ -1,2 +1,2 @@\n A\n-B\n+B\n\\ No newline at end of file\n"),
    ("A\n", [Edit(2, 2, "B\n")], "@@ -1 +1,2 @@\n A\n+B\n"),
    ("", [Edit(0, 0, "A\n")], "@@ -0,0 +1 @@\n+A\n"),
    ("A\n", [Edit(0, 2, "")], "@@ -1 +0,0 @@\n-A\n"),
    ("A\r\nB\r\n", [Edit(3, 4, "Z")], "@@ -1,2 +1,2 @@\n A\n-B\n+Z\n"),
    ("A\rB\rC\r", [Edit(2, 4, "")], "@@ -1,3 +1,2 @@\n A\n-B\n C\n"),
    ("A\r\nB\r\n", [Edit(1, 3, "\n")], ""),  # only a line end changes: nothing to show
    # a blank first line (its line end at offset 0), a CR first, CRLF before a CR
    ("\nA\n", [Edit(1, 2, "Z")], "@@ -1,2 +1,2 @@\n \n-A\n+Z\n"),
    ("\nA\nB\nC\nD\n", [Edit(7, 8, "Z")], "@@ -2,4 +2,4 @@\n A\n B\n C\n-D\n+Z\n"),
    ("\rA\rB\r", [Edit(3, 4, "Z")], "@@ -1,3 +1,3 @@\n \n A\n-B\n+Z\n"),
    ("A\r\nB\rC\rD\n", [Edit(0, 1, "a"), Edit(7, 8, "d")], "@@ -1,4 +1,4 @@\n-A\n+a\n B\n C\n-D\n+d\n"),
    (
        "".join(f"{c}\r\n" for c in "abcdefgh") + "i\rj\rk\r",
        [Edit(0, 1, "A"), Edit(28, 29, "K")],
        "@@ -1,4 +1,4 @@\n-a\n+A\n b\n c\n d\n@@ -8,4 +8,4 @@\n h\n i\n j\n-k\n+K\n",
    ),
    # an edit that ends one character into the next line takes that whole line
    ("A\nXY\n", [Edit(0, 3, "B\n")], "@@ -1,2 +1,2 @@\n-A\n-XY\n+B\n+Y\n"),
    # context that ends the text without a line end (its last character is no line end)
    ("A\nB=X", [Edit(0, 1, "Z")], "@@ -1,2 +1,2 @@\n-A\n+Z\n B=X\n\\ No newline at end of file\n"),
    # an insertion at the very end is on the last line shown (it was left out)
    ("A", [Edit(1, 1, "!")], "@@ -1 +1 @@\n-A\n\\ No newline at end of file\n+A!\n\\ No newline at end of file\n"),
    ("A\nB", [Edit(2, 3, "x"), Edit(3, 3, "!")], "@@ -1,2 +1,2 @@\n A\n-B\n\\ No newline at end of file\n+x!\n\\ No newline at end of file\n"),
    ("A\n", [Edit(0, 1, "B"), Edit(2, 2, "C\n")], "@@ -1 +1,2 @@\n-A\n+B\n+C\n"),
    ("A\nB\n", [Edit(2, 4, ""), Edit(4, 4, "C\n")], "@@ -1,2 +1,2 @@\n A\n-B\n+C\n"),
    (
        "".join(f"{c}\n" for c in "abcdefghij"),
        [Edit(0, 1, "A"), Edit(18, 19, "J")],
        "@@ -1,4 +1,4 @@\n-a\n+A\n b\n c\n d\n@@ -7,4 +7,4 @@\n g\n h\n i\n-j\n+J\n",
    ),
    (
        "".join(f"{c}\n" for c in "abcdefgh"),
        [Edit(0, 1, "A"), Edit(14, 15, "H")],
        "@@ -1,8 +1,8 @@\n-a\n+A\n b\n c\n d\n e\n f\n g\n-h\n+H\n",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "edits", "body"), FROM_EDITS_TABLE)
def test_from_edits_table(text: str, edits: list[Edit], body: str) -> None:
    expected = "--- a/p\n+++ b/p\n" + body if body else ""
    assert from_edits(text, edits, "p", RawView(text, edits)) == expected
    assert unified(text, splice(text, edits), "p") == (expected or unified(text, text, "p"))


def _apply(text: str, diff_text: str) -> str:
    """The new lines a unified diff makes of ``text``'s lines (a minimal ``patch``)."""
    old = split_lines(text)
    new: list[str] = []
    at = 0
    for line in diff_text.splitlines()[2:]:
        if line.startswith("@@"):
            start = int(line.split()[1][1:].split(",")[0])
            length = line.split()[1].split(",")[1:]
            first = start - 1 if not length or length[0] != "0" else start
            new += old[at:first]
            at = first
        elif line.startswith(("-", " ")):
            assert old[at] == line[1:], (old[at], line)
            at += 1
            if line[0] == " ":
                new.append(line[1:])
        elif line.startswith("+"):
            new.append(line[1:])
    return "\n".join(new + old[at:])


@pytest.mark.parametrize(
    ("text", "edits", "body"),
    [
        # the same line next to an edit: the edit's own lines are aligned (the line made new
        # is the one the edit inserts); a valid diff either way
        ("\nA\n", [Edit(1, 1, "\n")], "@@ -1,2 +1,3 @@\n \n+\n A\n"),
        ("Q\r\rA\r", [Edit(3, 3, "\r")], "@@ -1,3 +1,4 @@\n Q\n \n+\n A\n"),
        ("X\n\rA\r", [Edit(3, 3, "\r")], "@@ -1,3 +1,4 @@\n X\n \n+\n A\n"),
        ("B\nA\n", [Edit(2, 2, "B\n")], "@@ -1,2 +1,3 @@\n B\n+B\n A\n"),
        # blocks end where their new lines end (a block that ran on would align otherwise)
        (
            "\nA\rB\nA\nA\n",
            [Edit(1, 2, "A"), Edit(3, 3, "B\n"), Edit(6, 7, "\n")],
            "@@ -1,5 +1,6 @@\n \n A\n B\n+B\n A\n A\n",
        ),
        (
            "C\nC\n\rC\rB",
            [Edit(0, 0, "A\n"), Edit(2, 2, "\n"), Edit(4, 4, "\n")],
            "@@ -1,5 +1,8 @@\n-C\n+A\n C\n \n+C\n+\n+\n C\n B\n\\ No newline at end of file\n",
        ),
        (
            "A\nA\rB\r\n\nA\n\r",
            [Edit(2, 2, "A\r"), Edit(4, 7, ""), Edit(9, 9, "\n"), Edit(10, 10, "B\n")],
            "@@ -1,6 +1,7 @@\n A\n A\n+A\n+A\n+\n B\n \n-A\n-\n",
        ),
        (
            "B\n\nB\rA\n\nB\n\rA\n",
            [
                Edit(0, 0, "B\n"),
                Edit(3, 4, "B"),
                Edit(5, 7, ""),
                Edit(8, 9, "Z"),
                Edit(10, 10, "B\n"),
                Edit(11, 11, "A\n"),
            ],
            "@@ -1,8 +1,9 @@\n B\n+B\n \n B\n-A\n-\n+Z\n B\n \n A\n+A\n",
        ),
        (
            "B\nA\n\n",
            [Edit(3, 3, "\n"), Edit(5, 5, "A")],
            "@@ -1,3 +1,5 @@\n B\n A\n+\n \n+A\n\\ No newline at end of file\n",
        ),
    ],
)
def test_repeated_lines_next_to_an_edit(text: str, edits: list[Edit], body: str) -> None:
    shown = from_edits(text, edits, "p", RawView(text, edits))
    assert shown == "--- a/p\n+++ b/p\n" + body
    assert _apply(text, shown) == "\n".join(split_lines(splice(text, edits)))


def test_a_new_lf_after_a_cr_at_the_second_offset_is_refused() -> None:
    with pytest.raises(ValueError, match="joins a CR line end with a new LF"):
        from_edits("\rA", [Edit(1, 1, "\n"), Edit(2, 2, "A")], "p", RawView("\rA", []))
