"""A fast, lossless lexer that gives exactly what python-dotenv's ``parse_stream`` gives.

python-dotenv's reader is a sequence of small regexes matched one after the other (each
one is committed once it matched: no backtracking into an earlier token). The lexer
compiles that same sequence into ONE pattern per entry, each token an atomic group, so a
single ``match`` call reads a whole binding; a line the pattern does not accept is an
unparsable line and is read token by token (:func:`_error_entry`), exactly as the reader
does before it gives up. Token regexes are those of python-dotenv, per grammar
*dialect*: releases differ in their quoted-value regexes (1.2.3 made a backslash escape
any character), in stripping a leading BOM (1.2.3) and in ``KEY= #comment`` (1.2.4:
an empty value). This module is the one place that knows the env-file grammar (the
``${NAME}`` reference pattern included).

Which dialect applies is decided by fingerprinting the installed ``dotenv/parser.py``
(its size and CRC-32) without importing it. An unknown parser (a future release, a
patched copy, a zip install) is never guessed at: the lexer falls back to ``parse_stream``
itself for the whole file and only locates spans inside each binding it returned, and a
binding whose spans it cannot locate is an error (:class:`GrammarError`), never a guess.
python-dotenv is imported only on that fallback path.
"""

import functools
import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from dotenv.parser import Binding

BOM = "\ufeff"

#: ``${NAME}`` and ``${NAME:-default}``: python-dotenv's interpolation (dotenv/variables.py,
#: the same in every supported release).
REFERENCE = re.compile(r"\$\{(?P<name>[^\}:]*)(?::-(?P<default>[^\}]*))?\}")


class Entry(NamedTuple):
    """One binding, comment/blank run or unparsable line, with offsets into the text.

    ``start:end`` is the entry's whole text (python-dotenv's ``original``); it may begin
    with blank lines and indentation. ``line_start`` is the offset of the line that holds
    the key (or the first non-blank character); ``line`` is that line's number and
    ``first_line`` the number of the line ``start`` is on (python-dotenv's
    ``original.line``). ``key_start``/``value_start``/``value_end`` are -1 when absent;
    a quoted value's span is inside its quotes.
    """

    start: int
    end: int
    line_start: int
    line: int
    column: int
    key: str | None
    value: str | None
    error: bool
    key_start: int = -1
    value_start: int = -1
    value_end: int = -1
    first_line: int = 1

    @property
    def key_end(self) -> int:
        return self.key_start + len(self.key) if self.key is not None else -1


class GrammarError(Exception):
    """The installed python-dotenv read a binding in a way this lexer cannot locate."""

    def __init__(self, line: int) -> None:
        super().__init__(f"line {line}")
        self.line = line


class Dialect(NamedTuple):
    """How one range of python-dotenv releases reads a file (the parts that changed)."""

    name: str
    single_quoted: str  # python-dotenv's _single_quoted_value, flags inline
    double_quoted: str  # python-dotenv's _double_quoted_value
    strips_bom: bool  # Reader strips one leading U+FEFF
    hash_is_comment: bool  # "KEY= #x": empty value (else the value is "#x")


_OLD_QUOTES = (r"'((?:\\'|[^'])*)'", r'"((?:\\"|[^"])*)"')
_NEW_QUOTES = (r"(?s:'((?:\\.|[^'\\])*)')", r'(?s:"((?:\\.|[^"\\])*)")')
DIALECTS = {
    "1.0": Dialect("1.0", *_OLD_QUOTES, strips_bom=False, hash_is_comment=False),
    "1.2.3": Dialect("1.2.3", *_NEW_QUOTES, strips_bom=True, hash_is_comment=False),
    "1.2.4": Dialect("1.2.4", *_NEW_QUOTES, strips_bom=True, hash_is_comment=True),
}
#: (size, CRC-32) of dotenv/parser.py as released -> dialect. Each release was read and
#: compared by hand; add one here only after tests/test_lexer.py passes against it. (A
#: checksum, not a hash: it tells releases and local edits apart, and zlib loads in a
#: fraction of the time hashlib takes.)
KNOWN_PARSERS = {
    (5186, 3511947450): "1.0",  # 1.0.1, 1.1.0, 1.1.1
    (5179, 1044175553): "1.0",  # 1.2.0, 1.2.1, 1.2.2: the same grammar, reformatted
    (5394, 80408066): "1.2.3",
    (5806, 1898318843): "1.2.4",
}

# python-dotenv's tokens that no release changed.
_MULTILINE_WHITESPACE = r"\s*"
_WHITESPACE = r"[^\S\r\n]*"
_EXPORT = r"(?:export[^\S\r\n]+)?"
_SINGLE_QUOTED_KEY = r"'([^']+)'"
_UNQUOTED_KEY = r"([^=\#\s]+)"
_EQUAL_SIGN = r"(=[^\S\r\n]*)"
_UNQUOTED_VALUE = r"([^\r\n]*)"
_COMMENT = r"(?:[^\S\r\n]*#[^\r\n]*)?"
_END_OF_LINE = r"[^\S\r\n]*(?:\r\n|\n|\r|$)"
_REST_OF_LINE = r"[^\r\n]*(?:\r|\n|\r\n)?"
_INLINE_COMMENT = re.compile(r"\s+#")  # parse_unquoted_value's re.sub(r"\s+#.*", "", part)
_ESCAPES = {
    "\\\\": "\\",
    "\\'": "'",
    '\\"': '"',
    "\\a": "\a",
    "\\b": "\b",
    "\\f": "\f",
    "\\n": "\n",
    "\\r": "\r",
    "\\t": "\t",
    "\\v": "\v",
}
_DOUBLE_ESCAPES = re.compile(r"\\[\\'\"abfnrtv]")
_SINGLE_ESCAPES = re.compile(r"\\[\\']")


_GROUPS = ("lead", "eof", "qkey", "key", "eq", "hash", "sq", "dq", "uq")  # _lex unpacks these


def _atomic(token: str) -> str:
    """A token as python-dotenv matches it: alone, then committed (no backtracking into it)."""
    return f"(?>{token})"


class Grammar:
    """One dialect's entry pattern, compiled once (each token alone: :func:`_token`)."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        single = _named(dialect.single_quoted, "sq")
        double = _named(dialect.double_quoted, "dq")
        # 1.2.4: "=" + whitespace + "#" is an empty value (other dialects: never taken).
        hash_comment = r"(?=[^\S\r\n])[^\S\r\n]*+(?=\#)" if dialect.hash_is_comment else "(?!)"
        # parse_binding, in order; a line this does not match is unparsable.
        self.entry = re.compile(
            rf"(?P<lead>{_atomic(_MULTILINE_WHITESPACE)})"
            r"(?:(?P<eof>\Z)|"
            + _atomic(_EXPORT)
            + r"(?>(?=\#)|"  # parse_key: a comment has no key
            + _named(_SINGLE_QUOTED_KEY, "qkey")
            + r"|(?!')"
            + _named(_UNQUOTED_KEY, "key")
            + ")"
            + _atomic(_WHITESPACE)
            # _EQUAL_SIGN, split: 1.2.4 looks at the whitespace after "=" on its own
            + r"(?:(?P<eq>=)(?>"
            + hash_comment
            + "(?P<hash>)|"
            + _atomic(_WHITESPACE)
            + rf"(?:(?='){single}|(?=\"){double}|(?![\'\"])"
            + _named(_UNQUOTED_VALUE, "uq")
            + ")))?"
            + _atomic(_COMMENT)
            + _atomic(_END_OF_LINE)
            + ")"
        )
        assert list(self.entry.groupindex) == list(_GROUPS), self.entry.groupindex


@functools.cache
def _token(pattern: str) -> re.Pattern[str]:
    """One token alone. Only an unparsable line needs them (:func:`_error_entry`), so each
    is compiled on first use, not with the grammar."""
    return re.compile(pattern)


def _named(token: str, name: str) -> str:
    """Wrap a one-group token atomically with its group named ``name``."""
    group = _first_group(token)
    return _atomic(token[:group] + f"(?P<{name}>" + token[group + 1 :])


def _first_group(token: str) -> int:
    match = re.search(r"(?<!\\)\((?!\?)", token)
    assert match is not None
    return match.start()


@functools.cache
def grammar(name: str) -> Grammar:
    return Grammar(DIALECTS[name])


# -- which python-dotenv is installed ----------------------------------------------------


@functools.cache
def installed_dialect() -> str | None:
    """The dialect of the python-dotenv that ``import dotenv`` would load, or None.

    Reads and hashes ``dotenv/parser.py`` without importing it (start-up stays lean).
    """
    path = _parser_path()
    if path is None:
        return None
    from envmigrate import fileio
    from envmigrate.errors import InputError

    try:
        source = fileio.read_bytes(path, limit=1 << 20)
    except InputError:
        return None
    import zlib

    return KNOWN_PARSERS.get((len(source), zlib.crc32(source)))


def _parser_path() -> str | None:
    import sys

    module = sys.modules.get("dotenv.parser")
    if module is not None:
        return getattr(module, "__file__", None)
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec("dotenv")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = os.path.join(folder, "parser.py")
        if os.path.isfile(candidate):
            return candidate
    return None


# -- lexing ------------------------------------------------------------------------------


def lex(text: str, dialect: str | None = None) -> list[Entry]:
    """Entries of ``text`` as the installed python-dotenv reads them, with spans.

    ``dialect`` forces a grammar (tests); by default the installed one is used, and an
    unknown installed parser means python-dotenv's own ``parse_stream`` is run.
    Offsets are into ``text``; when the dialect strips a leading BOM, entries start at 1.
    """
    name = dialect or installed_dialect()
    if name is None:
        return _lex_fallback(text)
    return list(_lex(text, grammar(name)))


def _lex(
    text: str, g: Grammar, pos: int | None = None, line: int = 1, crs: bool | None = None
) -> Iterator[Entry]:
    """The hot loop: one ``match`` per entry (:func:`_entry` builds it), plain tuple
    work, no per-token Python.

    ``crs``: whether ``text`` holds a CR (a caller that lexes many single lines knows).
    """
    if pos is None:
        pos = 1 if g.dialect.strips_bom and text.startswith(BOM) else 0
    size = len(text)
    match = g.entry.match
    count = text.count
    if crs is None:
        crs = "\r" in text
    while pos < size:
        m = match(text, pos)
        entry = _error_entry(text, pos, line, g) if m is None else _entry(text, m, pos, line)
        yield entry
        end = entry.end
        if crs:
            line += count("\n", pos, end) + count("\r", pos, end) - count("\r\n", pos, end)
        else:
            line += count("\n", pos, end)
        pos = end


def _entry(text: str, m: re.Match[str], pos: int, line: int) -> Entry:
    """The entry the grammar matched (``m``) at ``pos``, on line ``line``."""
    end = m.end()
    _lead, _eof, qkey, key, eq, _hash, sq, dq, uq = m.groups()
    lead_end = m.end(1)
    if lead_end == pos:
        key_line, line_start = line, pos
    else:
        key_line, line_start = _line_of(text, pos, lead_end, line)
    if key is not None:
        key_start = m.start(4)
    elif qkey is not None:
        key, key_start = qkey, m.start(3)
    else:
        column = lead_end - line_start + 1
        return _new(
            Entry, (pos, end, line_start, key_line, column, None, None, False, -1, -1, -1, line)
        )
    column = key_start - line_start + 1
    if eq is None:
        return _new(
            Entry,
            (pos, end, line_start, key_line, column, key, None, False, key_start, -1, -1, line),
        )
    if uq is not None:
        vstart = m.start(9)
        if "#" in uq and (cut := _INLINE_COMMENT.search(uq)) is not None:
            uq = uq[: cut.start()]
        value = uq.rstrip()
        vend = vstart + len(value)
    elif dq is not None:
        vstart, vend = m.span(8)
        value = _DOUBLE_ESCAPES.sub(_unescape, dq) if "\\" in dq else dq
    elif sq is not None:
        vstart, vend = m.span(7)
        value = _SINGLE_ESCAPES.sub(_unescape, sq) if "\\" in sq else sq
    else:  # "KEY= #comment" (1.2.4): empty, where the comment starts
        vstart = vend = m.start(6)
        value = ""
    return _new(
        Entry,
        (pos, end, line_start, key_line, column, key, value, False, key_start, vstart, vend, line),
    )


_new = tuple.__new__  # an Entry made directly: its NamedTuple __new__ is a Python function


def _line_of(text: str, start: int, lead_end: int, line: int) -> tuple[int, int]:
    """(line number, offset of that line) of ``lead_end``, the first non-blank character."""
    nl = max(text.rfind("\n", start, lead_end), text.rfind("\r", start, lead_end))
    if nl < 0:
        return line, start
    head = text[start : nl + 1]
    return line + head.count("\n") + head.count("\r") - head.count("\r\n"), nl + 1


def _unescape(match: re.Match[str]) -> str:
    return _ESCAPES[match.group()]


def _error_entry(text: str, start: int, line: int, g: Grammar) -> Entry:
    """Read an unparsable entry token by token, as python-dotenv does until a token fails."""
    pos = _token(_MULTILINE_WHITESPACE).match(text, start).end()  # type: ignore[union-attr]
    lead_end = pos
    pos = _token(_EXPORT).match(text, pos).end()  # type: ignore[union-attr]
    failed = _failure(text, pos, g)
    end = _token(_REST_OF_LINE).match(text, failed).end()  # type: ignore[union-attr]
    key_line, line_start = _line_of(text, start, lead_end, line)
    column = lead_end - line_start + 1
    return Entry(start, end, line_start, key_line, column, None, None, True, first_line=line)


def _failure(text: str, pos: int, g: Grammar) -> int:
    """Where python-dotenv's reader raises its Error for the binding at ``pos``, or a place
    on the same line: the reader then skips the rest of that line, so only the line counts.
    Only a quoted key or a quoted value takes the reader past a line end; the tokens after
    them stay on their line (and a comment line, or ``#`` after ``=``, is never an error).
    """
    char = text[pos : pos + 1]
    key = _token(_SINGLE_QUOTED_KEY if char == "'" else _UNQUOTED_KEY).match(text, pos)
    if key is None:
        return pos
    pos = _token(_WHITESPACE).match(text, key.end()).end()  # type: ignore[union-attr]
    if not text.startswith("=", pos):
        return pos
    pos = _token(_EQUAL_SIGN).match(text, pos).end()  # type: ignore[union-attr]
    char = text[pos : pos + 1]
    if char in ("'", '"'):
        quoted = g.dialect.single_quoted if char == "'" else g.dialect.double_quoted
        value = _token(quoted).match(text, pos)
        if value is not None:
            return value.end()
    return pos


# -- a cheaper read for read-only checks --------------------------------------------------

#: One line that every dialect reads as one whole entry and never as an error: a blank
#: line, a comment, or an unquoted key (optional ``export``) with ``=`` and an unquoted
#: value or a one-line quoted value without backslashes (an inline comment may follow).
#: An unquoted value starts with neither a quote nor a blank other than space and tab
#: (python-dotenv skips any blank after ``=``: a quote after it opens a quoted value).
_SIMPLE_LINE = (
    r"[ \t]*+(?:\#[^\r\n]*+|(?>(?:export[ \t]+)?)[A-Za-z_][A-Za-z0-9_.\-]*+[ \t]*+=[ \t]*+"
    r"(?:'[^'\\\r\n]*+'[ \t]*+(?:\#[^\r\n]*+)?"
    r'|"[^"\\\r\n]*+"[ \t]*+(?:\#[^\r\n]*+)?'
    r"|(?![\'\"]|[^\S\r\n])[^\r\n]*+))?"  # not a quote python-dotenv sees after a blank
)


#: The commonest simple line, tried first: a key at the start of the line, ``=`` right
#: after it and an unquoted value that starts with neither a blank nor a quote. Every
#: such line is a :data:`_SIMPLE_LINE` too (a shortcut: the files accepted are the same);
#: taking it whole, without the alternatives, makes a file of them about 3x quicker to check.
_PLAIN_LINE = r"[A-Za-z_][A-Za-z0-9_.\-]*+=[^\s'\"][^\r\n]*+"


@functools.cache
def simple_file() -> re.Pattern[str]:
    """A whole file of :data:`_SIMPLE_LINE` lines (LF only); compiled on first use.

    The line pattern appears once (each line ends with a newline or the text): half
    the compile time of spelling the last line out.
    """
    return re.compile(rf"(?:(?:{_PLAIN_LINE}|{_SIMPLE_LINE})(?:\n|\Z))*+\Z")


def lex_mentions(text: str, needles: re.Pattern[str]) -> list[Entry] | None:
    """The entries of the lines where ``needles`` occur, or None when that is not enough.

    Only for a file made of simple lines (:func:`simple_file`, LF only): there every line is
    its own entry and none is unparsable, so the lines that mention a name hold every
    binding of it and every reference to it. Entries start at their line (a blank run
    before it is not included); keys, values, spans and line numbers are the full lex's.
    """
    name = installed_dialect()
    if name is None or "\r" in text or simple_file().match(text) is None:
        return None
    g = grammar(name)
    entries: list[Entry] = []
    line = 1
    counted = 0
    done = 0
    for found in needles.finditer(text):
        pos = found.start()
        if pos < done:
            continue
        start = text.rfind("\n", 0, pos) + 1
        line += text.count("\n", counted, start)
        counted = start
        entry = lex_line(text, g, start, line)
        entries.append(entry)
        done = entry.end
    return entries


def simple_text(text: str) -> Grammar | None:
    """The grammar to lex ``text`` line by line with, when every line of it is one whole
    entry (a :func:`simple_file`, LF only); None otherwise."""
    name = installed_dialect()
    if name is None or "\r" in text or simple_file().match(text) is None:
        return None
    return grammar(name)


def lex_line(text: str, g: Grammar, start: int, line: int = 0) -> Entry:
    """The entry of the line at ``start`` (the lines of a :func:`simple_text`: each is one
    entry), with one ``match`` and no generator: an unparsable line is read as ``lex``
    reads it."""
    m = g.entry.match(text, start)
    return _error_entry(text, start, line, g) if m is None else _entry(text, m, start, line)


def lex_lines(text: str, g: Grammar, start: int) -> Iterator[Entry]:
    """The entries from the line start ``start`` of a :func:`simple_text` on, lazily."""
    return _lex(text, g, start, 0, crs=False)


def references(value: str | None) -> set[str]:
    """The names a value reads (``${NAME}``, ``${NAME:-default}``)."""
    if value is None or "${" not in value:
        return set()
    return {m["name"] for m in REFERENCE.finditer(value)}


#: How many times :func:`lex_affected` widens its search before it gives up.
AFFECTED_ROUNDS = 8


def lex_affected(text: str, affected: frozenset[str], needed: frozenset[str]) -> list[Entry] | None:
    """The bindings a rewrite of ``affected`` names can touch or must read, or None.

    For a :func:`simple_text` only (None otherwise): there every line is one entry, so the
    lines that mention a name hold every binding of it and every reference to it. The
    result holds every binding (in file order, with the full lex's keys, values, spans and
    line numbers; an entry starts at its line) of

    - the ``affected`` names and, transitively, of every key whose value references one
      (under sequential interpolation a reference may read any earlier binding: every
      binding of such a key is taken, wherever it is);
    - the ``needed`` names and, transitively, every name a taken binding references.

    Every other binding keeps its value whatever happens to these: it is not affected and
    reads nothing that is. None also when the search has not settled within
    :data:`AFFECTED_ROUNDS` rounds (long chains: the caller lexes the whole file).
    """
    g = simple_text(text)
    if g is None:
        return None
    forward = set(affected)
    backward = set(needed) - forward
    found: dict[int, Entry] = {}  # line start -> entry (line numbers are set at the end)
    pattern = _mentions(frozenset(forward | backward))  # round 1: every mention at all
    for _ in range(AFFECTED_ROUNDS):
        for match in pattern.finditer(text):
            start = text.rfind("\n", 0, match.start()) + 1
            if start not in found:
                found[start] = lex_line(text, g, start)
        new_forward: set[str] = set()
        new_backward: set[str] = set()
        for _ in range(AFFECTED_ROUNDS):
            grown = False
            for entry in found.values():
                key = entry.key
                if key is None:
                    continue
                names = references(entry.value)
                if key not in forward and names & forward:
                    forward.add(key)
                    backward.discard(key)
                    new_forward.add(key)
                    grown = True
                if key in forward or key in backward:
                    for name in names - forward - backward:
                        backward.add(name)
                        new_backward.add(name)
                        grown = True
            if not grown:
                break
        else:
            return None
        if not new_forward and not new_backward:
            return _numbered(text, [e for e in found.values() if e.key in forward | backward])
        pattern = _bindings_or_references(frozenset(new_forward), frozenset(new_backward))
    return None


def _numbered(text: str, entries: list[Entry]) -> list[Entry]:
    """Entries lexed at their line starts, in file order, with their line numbers."""
    out = []
    line, counted = 1, 0
    for entry in sorted(entries):
        line += text.count("\n", counted, entry.start)
        counted = entry.start
        out.append(_new(Entry, (*entry[:3], line, *entry[4:11], line)))  # line, first_line
    return out


@functools.cache
def _mentions(names: frozenset[str]) -> re.Pattern[str]:
    """Any mention of one of ``names`` (in any order: only where a match starts counts)."""
    return re.compile("|".join(map(re.escape, names)))


def _bindings_or_references(forward: frozenset[str], backward: frozenset[str]) -> re.Pattern[str]:
    """Simple lines that bind a name of either set, or reference one of ``forward``."""

    def alternatives(names: frozenset[str]) -> str:
        # in any order: a delimiter follows each alternative
        return "|".join(re.escape(n) for n in names if n)

    parts = []
    if forward:
        parts.append(rf"\$\{{(?:{alternatives(forward)})[}}:]")
    keys = alternatives(forward | backward)
    if keys:
        parts.append(rf"^[ \t]*(?:export[ \t]+)?(?:{keys})[ \t]*=")
    return re.compile("|".join(parts) or "(?!)", re.MULTILINE)


# -- fallback: python-dotenv's own parser ------------------------------------------------


def _lex_fallback(text: str) -> list[Entry]:
    """Run ``parse_stream``; locate spans by re-reading each binding with a known dialect."""
    import io

    from dotenv.parser import parse_stream

    bindings = list(parse_stream(io.StringIO(text, newline="")))
    pos = len(text) - sum(len(b.original.string) for b in bindings)
    entries: list[Entry] = []
    for binding in bindings:
        original = binding.original.string
        entries.append(_locate(text, pos, binding.original.line, binding))
        pos += len(original)
    return entries


def _locate(text: str, pos: int, line: int, binding: "Binding") -> Entry:
    key, value, error = binding.key, binding.value, binding.error
    end = pos + len(binding.original.string)
    for name in reversed(DIALECTS):
        g = grammar(name)
        entry = next(_lex(text, g, pos, line))
        if (entry.end, entry.key, entry.value, entry.error) == (end, key, value, error):
            return entry
    raise GrammarError(line)
