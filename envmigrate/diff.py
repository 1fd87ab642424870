"""Unified diffs built from the edits that make a file's new text, and a colouring pass.

The rewrite knows exactly which lines it changes, so the diff is built from its edits:
each run of edited lines is a block, a block's old and new lines are aligned (``difflib``
on those few lines only), and blocks are grouped into hunks with three lines of context
exactly as ``difflib.unified_diff`` groups them. The cost is linear in the file size (a
few ``str.count`` calls between edits) plus the lines shown; only the lines shown are
asked from a :class:`View`, which masks them (or not, with ``--show-secrets``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING

from envmigrate.findings import Record

# The same pattern (and so the same compiled object, from ``re``'s cache) as the check
# path's: a dry run compiles nothing more for it.
_LINE_END = re.compile(r"\r\n|\r|\n")
CONTEXT = 3
_NO_NEWLINE = "\\ No newline at end of file\n"


class Edit(Record, tuple[int, int, str]):
    """Replace ``text[start:end]`` with ``text``.

    A NamedTuple written out (:class:`envmigrate.findings.Record`): every dry run defines it.
    """

    __slots__ = ()
    __match_args__ = ("start", "end", "text")
    _fields = __match_args__

    def __new__(cls, start: int, end: int, text: str) -> Edit:
        return tuple.__new__(cls, (start, end, text))

    if TYPE_CHECKING:

        @property
        def start(self) -> int: ...
        @property
        def end(self) -> int: ...
        @property
        def text(self) -> str: ...

    else:  # read in C, as a NamedTuple's fields are (a Python property is twice as slow)
        start = property(itemgetter(0))
        end = property(itemgetter(1))
        text = property(itemgetter(2))


def splice(text: str, edits: Sequence[Edit], start: int = 0, end: int | None = None) -> str:
    """``text[start:end]`` with the sorted, non-overlapping ``edits`` (all inside it) applied."""
    parts: list[str] = []
    cursor = start
    for edit in edits:
        if edit.start < cursor:
            raise ValueError("overlapping edits")
        parts.append(text[cursor : edit.start])
        parts.append(edit.text)
        cursor = edit.end
    parts.append(text[cursor:end])
    return "".join(parts)


def edited_lines(text: str, edits: Sequence[Edit]) -> Iterator[tuple[int, int, str]]:
    """Each line of ``text`` (LF only) that the sorted ``edits`` touch, in order: its
    start, its end (after its line end) and what it becomes ("" when it goes whole).
    The lines an edit spans are one (a deletion of whole lines, say); ValueError for a
    later edit that reaches past the lines of the first edit on them."""
    index = 0
    while index < len(edits):
        first = edits[index]
        start = text.rfind("\n", 0, first.start) + 1
        newline = text.find("\n", max(first.start, first.end - 1))
        end = len(text) if newline < 0 else newline + 1
        high = index + 1
        # The last line without a line end holds every edit after it (an insertion at the
        # very end too).
        while high < len(edits) and (edits[high].start < end or newline < 0):
            high += 1
        if edits[high - 1].end > end:
            raise ValueError("an edit across a line end")
        yield start, end, splice(text, edits[index:high], start, end)
        index = high


def split_lines(text: str) -> list[str]:
    """Line contents without their ends (a final line end adds no empty line)."""
    lines = _LINE_END.split(text)
    if lines[-1] == "":
        lines.pop()
    return lines


if TYPE_CHECKING:  # a Protocol class costs start-up: only the type checker needs it
    from typing import Protocol

    class View(Protocol):
        """Where the lines a diff shows come from (masked or not).

        ``before(first, count, start, end)``: old lines ``first…first+count``, which are
        ``old[start:end]``; ``after(first, count, start, end)``: the ``count`` new lines
        (from new line ``first`` on) that the edits make of ``old[start:end]``.
        """

        def before(self, first: int, count: int, start: int, end: int) -> list[str]: ...

        def after(self, first: int, count: int, start: int, end: int) -> list[str]: ...


class RawView:
    """Lines as they are (``--show-secrets``)."""

    def __init__(self, text: str, edits: Sequence[Edit]) -> None:
        self.text = text
        self.edits = sorted(edits)

    def before(self, first: int, count: int, start: int, end: int) -> list[str]:
        return split_lines(self.text[start:end])

    def after(self, first: int, count: int, start: int, end: int) -> list[str]:
        if end < len(self.text):
            edits = edits_within(self.edits, start, end)
        else:  # no line follows the text's end: an insertion there is on the lines shown
            edits = [edit for edit in self.edits if edit.start >= start]
        return split_lines(splice(self.text, edits, start, end))


class TextsView:
    """Lines of two whole texts (e.g. both masked, line structure kept)."""

    def __init__(self, before: str, after: str) -> None:
        self.old = split_lines(before)
        self.new = split_lines(after)

    def before(self, first: int, count: int, start: int, end: int) -> list[str]:
        return self.old[first : first + count]

    def after(self, first: int, count: int, start: int, end: int) -> list[str]:
        return self.new[first : first + count]


def edits_within(edits: Sequence[Edit], start: int, end: int) -> list[Edit]:
    """The sorted edits that make ``text[start:end]`` new (an insertion at ``end`` does not)."""
    low, high = 0, len(edits)  # the first edit at or after ``start`` (bisect, not imported)
    while low < high:
        middle = (low + high) // 2
        if edits[middle].start < start:
            low = middle + 1
        else:
            high = middle
    out = []
    for edit in edits[low:]:
        if edit.end > end or (edit.start == end and end > start):
            break
        out.append(edit)
    return out


def _ends(text: str, start: int, end: int) -> int:
    """Line ends in ``text[start:end]`` (CRLF counts once)."""
    if text.find("\r", start, end) < 0:  # the usual file: one pass
        return text.count("\n", start, end)
    crlf = text.count("\r\n", start, end)
    return text.count("\n", start, end) + text.count("\r", start, end) - crlf


def _lines_in(text: str, start: int, end: int) -> int:
    """Lines in a line-aligned span (a last line without an end counts)."""
    if end <= start:
        return 0
    return _ends(text, start, end) + (text[end - 1] not in "\r\n")


def _line_start(text: str, pos: int) -> int:
    newline = text.rfind("\n", 0, pos)
    return max(newline, text.rfind("\r", newline + 1, pos)) + 1  # a CR after it ends a line


def _line_end(text: str, pos: int) -> int:
    """Offset just after the end of the line holding ``pos`` (or the end of the text)."""
    match = _LINE_END.search(text, pos)
    return len(text) if match is None else match.end()


class _Block:
    """Edited lines: old ``[start, end)`` is old lines ``first…``; new ones from ``new``.

    A plain class, not a NamedTuple: a dry run defines it on every start and never needs
    a tuple's methods (a NamedTuple costs ten times as much to define).
    """

    __slots__ = ("end", "first", "lines", "new", "new_count", "new_text", "start")

    def __init__(
        self, start: int, end: int, first: int, lines: int, new: int, new_count: int, new_text: str
    ) -> None:
        self.start = start
        self.end = end
        self.first = first
        self.lines = lines
        self.new = new
        self.new_count = new_count
        self.new_text = new_text


def _blocks(
    text: str, edits: Sequence[Edit], known: Mapping[int, int] | None = None
) -> list[_Block]:
    """Runs of edited lines (touching lines merge, as difflib's ``replace`` does).

    ``known``: line numbers (1-based) of line starts the caller knows already.
    """
    spans: list[list[int]] = []  # start, end, first edit, end edit
    for index, edit in enumerate(edits):
        start = _line_start(text, edit.start)
        last = max(edit.start, edit.end - 1)
        end = _line_end(text, last) if last < len(text) else len(text)
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
            spans[-1][3] = index + 1
        else:
            spans.append([start, end, index, index + 1])
    blocks = []
    line = shift = cursor = 0
    index = 0
    while index < len(spans):
        start, end, low, high = spans[index]
        index += 1
        while True:
            new_text = splice(text, edits[low:high], start, end)
            joins = end < len(text) and (
                new_text[-1:] not in ("\r", "\n") or (new_text[-1:] == "\r" and text[end] == "\n")
            )
            if not joins:
                break  # the new lines end where the old ones did: the block is whole
            end = _line_end(text, end)  # the next line joins the block's last one
            while index < len(spans) and spans[index][0] <= end:
                end = max(end, spans[index][1])
                high = spans[index][3]
                index += 1
        if start > 0 and text[start - 1] == "\r" and new_text[:1] == "\n":
            raise ValueError("an edit that joins a CR line end with a new LF")
        number = known.get(start) if known else None
        line = number - 1 if number is not None else line + _ends(text, cursor, start)
        cursor = start
        count = _lines_in(text, start, end)
        new_count = _lines_in(new_text, 0, len(new_text))
        if new_text != text[start:end]:
            blocks.append(_Block(start, end, line, count, line + shift, new_count, new_text))
        shift += new_count - count
    return blocks


Opcode = tuple[str, int, int, int, int]


def from_edits(
    text: str,
    edits: Sequence[Edit],
    path: str,
    view: View,
    known: Mapping[int, int] | None = None,
) -> str:
    """The unified diff (``a/``, ``b/`` labels) of ``text`` and ``text`` with ``edits``.

    ``known``: the line numbers (1-based) of some line starts, known already (the file is
    then not counted through up to them).

    Identical to :func:`unified` over the two whole texts whenever ``difflib`` aligns the
    edited lines with themselves (it does unless shown lines repeat near an edit).
    """
    edits = sorted(edits)
    blocks = _blocks(text, edits, known)
    if not blocks:
        return ""
    old: dict[int, str] = {}  # old line number -> line as shown (with its end)
    new: dict[int, str] = {}
    codes: list[Opcode] = []
    open_end = text[-1:] not in ("\r", "\n")  # the old text's last line has no line end
    old_line = new_line = cursor = 0  # just after the previous block
    below = 0
    for index, block in enumerate(blocks):
        top = block.start
        for _ in range(CONTEXT):
            if top <= cursor:
                break
            top = _line_start(text, top - (2 if text[top - 2 : top] == "\r\n" else 1))
        above = _lines_in(text, top, block.start)
        first = block.first - above
        if block.first > old_line:
            codes.append(("equal", old_line, block.first, new_line, block.new))
        stop = blocks[index + 1].start if index + 1 < len(blocks) else len(text)
        bottom = block.end
        for _ in range(CONTEXT):
            if bottom >= stop:
                break
            bottom = _line_end(text, bottom)
        below = _lines_in(text, block.end, bottom)
        # the old lines shown, context and block, in one call: a view masks them together
        count = above + block.lines + below
        shown = _render(view.before(first, count, top, bottom), open_end and bottom == len(text))
        old.update(_numbered(first, shown))
        before_lines = shown[above : above + block.lines]
        after = view.after(block.new, block.new_count, block.start, block.end)
        last_new = block.new_text[-1:]
        after_lines = _render(after, block.end == len(text) and last_new not in ("\r", "\n", ""))
        new.update(_numbered(block.new, after_lines))
        codes += _aligned(before_lines, after_lines, block.first, block.new)
        old_line, new_line = block.first + block.lines, block.new + block.new_count
        cursor = block.end
    if below:
        codes.append(("equal", old_line, old_line + below, new_line, new_line + below))
    groups = _groups(_merged(codes))
    if not groups:
        return ""  # only line ends changed: difflib's lines do not show them either
    lines = [f"--- a/{path}\n", f"+++ b/{path}\n"]
    for group in groups:
        first_op, last_op = group[0], group[-1]
        lines.append(
            f"@@ -{_range(first_op[1], last_op[2])} +{_range(first_op[3], last_op[4])} @@\n"
        )
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [" " + old[i] for i in range(i1, i2)]
                continue
            lines += ["-" + old[i] for i in range(i1, i2)]
            lines += ["+" + new[j] for j in range(j1, j2)]
    return "".join(lines)


def _numbered(first: int, lines: list[str]) -> dict[int, str]:
    return dict(enumerate(lines, first))


def _render(lines: list[str], open_end: bool) -> list[str]:
    """Lines as ``difflib`` gets them: with ``\\n``; a last line without end is marked."""
    out = [line + "\n" for line in lines]
    if open_end and out:
        out[-1] += _NO_NEWLINE
    return out


def _aligned(before: list[str], after: list[str], old: int, new: int) -> list[Opcode]:
    """A block's old and new lines aligned as ``difflib`` aligns them."""
    if not before or not after:
        tag = "delete" if before else "insert"
        return [(tag, old, old + len(before), new, new + len(after))]
    if set(before).isdisjoint(after):  # no line in common: difflib's one replace
        return [("replace", old, old + len(before), new, new + len(after))]
    from difflib import SequenceMatcher

    ops = SequenceMatcher(None, before, after).get_opcodes()
    return [(tag, old + i1, old + i2, new + j1, new + j2) for tag, i1, i2, j1, j2 in ops]


def _merged(codes: list[Opcode]) -> list[Opcode]:
    """Adjacent equal runs become one (``difflib`` never emits two in a row)."""
    out: list[Opcode] = []
    for code in codes:
        if out and code[0] == "equal" and out[-1][0] == "equal":
            out[-1] = ("equal", out[-1][1], code[2], out[-1][3], code[4])
        else:  # never empty: a block changes at least one line, context runs are not empty
            out.append(code)
    return out


def _groups(codes: list[Opcode]) -> list[list[Opcode]]:
    """``SequenceMatcher.get_grouped_opcodes(CONTEXT)`` over opcodes."""
    n = CONTEXT
    if codes[0][0] == "equal":
        tag, i1, i2, j1, j2 = codes[0]
        codes[0] = tag, max(i1, i2 - n), i2, max(j1, j2 - n), j2
    if codes[-1][0] == "equal":
        tag, i1, i2, j1, j2 = codes[-1]
        codes[-1] = tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n)
    groups: list[list[Opcode]] = []
    group: list[Opcode] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > n + n:
            group.append((tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n)))
            groups.append(group)
            group = []
            i1, j1 = max(i1, i2 - n), max(j1, j2 - n)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        groups.append(group)
    return groups  # each holds a change: no two equal runs are adjacent (_merged)


def _range(start: int, stop: int) -> str:
    """``difflib``'s unified range: ``start,length`` (1-based; length 1 is implied)."""
    length = stop - start
    if length == 1:
        return f"{start + 1}"
    return f"{start if not length else start + 1},{length}"


def _lines(text: str) -> list[str]:
    """Split keeping content only; the last line is marked when it has no newline."""
    out = [line + "\n" for line in split_lines(text)]
    if out and text[-1:] not in ("\r", "\n"):
        out[-1] += _NO_NEWLINE
    return out


def unified(before: str, after: str, path: str) -> str:
    """A ``diff -u`` style text of two whole texts (``difflib``), empty when nothing changed.

    The reference :func:`from_edits` is tested against; quadratic on large files.
    """
    if before == after:
        return ""
    import difflib

    # Every line ends with "\n": the labels and ranges get difflib's line end, the
    # lines compared are given theirs by _lines.
    return "".join(
        difflib.unified_diff(
            _lines(before), _lines(after), fromfile=f"a/{path}", tofile=f"b/{path}"
        )
    )


_COLORS = {"+": "\x1b[32m", "-": "\x1b[31m", "@": "\x1b[36m"}
_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"


def color(diff: str) -> str:
    """ANSI-colour a unified diff: headers bold, hunks cyan, removals red, additions green."""
    out: list[str] = []
    for line in diff.splitlines(keepends=True):
        body = line.rstrip("\n")
        if body.startswith(("+++", "---")):
            out.append(f"{_BOLD}{body}{_RESET}\n")
        elif body[:1] in _COLORS:
            out.append(f"{_COLORS[body[0]]}{body}{_RESET}\n")
        else:
            out.append(line)
    return "".join(out)
