"""Lossless model of a ``.env`` file: bytes -> entries with exact spans -> bytes.

python-dotenv's parser (``dotenv.parser.parse_stream``) decides what is a binding; this
module only adds the offsets the parser does not expose (the key and value spans), by
walking each binding's original text with the same grammar. This is the only module that
imports python-dotenv. The UTF-8 BOM is owned here (python-dotenv releases disagree about
it): it is stripped before parsing and put back by :meth:`EnvFile.render`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from envmigrate.errors import InputError
from envmigrate.i18n import Msg

BOM = "\ufeff"
#: Files larger than this are refused (exit 2): a .env file is never this big, and the
#: limit keeps a mistaken argument (a database dump, a log) from being read into memory.
MAX_BYTES = 16 * 1024 * 1024

# The same grammar as python-dotenv's parser, used to find spans inside one binding.
_EXPORT = re.compile(r"(?:export[^\S\r\n]+)?", re.UNICODE)
_SPACE_EQ = re.compile(r"[^\S\r\n]*=[^\S\r\n]*", re.UNICODE)
_SQ_VALUE = re.compile(r"'((?:\\'|[^'])*)'", re.UNICODE)
_DQ_VALUE = re.compile(r'"((?:\\"|[^"])*)"', re.UNICODE)


class Entry(NamedTuple):
    """One binding, comment/blank run or unparsable line, with offsets into the text.

    ``start:end`` is the entry's whole text (python-dotenv's ``original``); it may begin
    with blank lines and indentation. ``line_start`` is the offset of the line that holds
    the key (or the first non-blank character). ``key_start``/``value_start``/``value_end``
    are -1 when absent. ``quote`` is ``'``, ``"`` or empty for an unquoted value.
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
    quote: str = ""

    @property
    def key_end(self) -> int:
        return self.key_start + len(self.key) if self.key is not None else -1


class EnvFile(NamedTuple):
    """A decoded env file: ``text`` (BOM stripped) plus its entries, in file order."""

    text: str
    entries: tuple[Entry, ...]
    bom: bool = False

    def render(self, text: str | None = None) -> bytes:
        """Encode ``text`` (default: the parsed text) back to bytes, BOM restored."""
        body = self.text if text is None else text
        return ((BOM if self.bom else "") + body).encode("utf-8")

    def bindings(self) -> Iterator[Entry]:
        return (e for e in self.entries if e.key is not None)


def decode(data: bytes, *, name: str = "<input>") -> tuple[str, bool]:
    """Bytes -> (text without BOM, had BOM). No newline translation. Raises InputError."""
    if len(data) > MAX_BYTES:
        raise InputError(
            Msg(
                "{path}: larger than {size} MiB, not an env file",
                path=name,
                size=MAX_BYTES // (1024 * 1024),
            )
        )
    if b"\x00" in data:
        raise InputError(
            Msg("{path}: binary file (contains NUL bytes), not an env file", path=name)
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            Msg(
                "{path}: not valid UTF-8 (line {line}, byte {byte})",
                path=name,
                line=line,
                byte=exc.start,
            )
        ) from None
    if text.startswith(BOM):
        return text[1:], True
    return text, False


def parse(data: bytes | str, *, name: str = "<input>") -> EnvFile:
    """Parse bytes (or already-decoded text) into an :class:`EnvFile`; lossless."""
    if isinstance(data, bytes):
        text, bom = decode(data, name=name)
    else:
        text, bom = (data[1:], True) if data.startswith(BOM) else (data, False)
    return EnvFile(text=text, entries=tuple(_entries(text)), bom=bom)


def _entries(text: str) -> Iterator[Entry]:
    offset = 0
    line = 1
    from dotenv.parser import parse_stream  # imported when a file is parsed, not at start-up

    for binding in parse_stream(io.StringIO(text, newline="")):
        original = binding.original.string
        yield _entry(text, offset, line, original, binding.key, binding.value, binding.error)
        offset += len(original)
        line += _count_newlines(original)
    if offset != len(text):  # pragma: no cover - python-dotenv guarantees a full cover
        raise AssertionError("python-dotenv's parser did not cover the whole file")


def _count_newlines(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _entry(
    text: str,
    start: int,
    line: int,
    original: str,
    key: str | None,
    value: str | None,
    error: bool,
) -> Entry:
    """Locate the key and value of one binding (the hot path: plain string operations)."""
    end = start + len(original)
    lead = len(original) - len(original.lstrip())  # str.isspace() is the parser's \s
    line_start = start
    if lead:
        head = original[:lead]
        after_nl = max(head.rfind("\n"), head.rfind("\r")) + 1
        line += _count_newlines(head[:after_nl])
        line_start = start + after_nl
    column = start + lead - line_start + 1
    if key is None:
        return Entry(start, end, line_start, line, column, None, None, error)
    pos = start + lead
    if text.startswith("export", pos):
        pos = _EXPORT.match(text, pos, end).end()  # type: ignore[union-attr]
    quoted = text.startswith("'", pos)
    key_start = pos + quoted
    if text[key_start : key_start + len(key)] != key:  # pragma: no cover - grammar drift
        raise AssertionError(f"key span mismatch at line {line}")
    column = key_start - line_start + 1
    if value is None:
        return Entry(start, end, line_start, line, column, key, None, False, key_start)
    eq = _SPACE_EQ.match(text, key_start + len(key) + quoted, end)
    assert eq is not None
    vstart, vend, quote = _value_span(text, eq.end(), end, value)
    return Entry(
        start, end, line_start, line, column, key, value, False, key_start, vstart, vend, quote
    )


def _value_span(text: str, vstart: int, end: int, value: str) -> tuple[int, int, str]:
    char = text[vstart : vstart + 1]
    if char == "'" or char == '"':
        match = (_SQ_VALUE if char == "'" else _DQ_VALUE).match(text, vstart, end)
        assert match is not None
        return match.start(1), match.end(1), char
    # An unquoted value is taken verbatim (no escapes), minus its inline comment.
    return vstart, vstart + len(value), ""


_REFERENCE = re.compile(r"\$\{(?P<name>[^\}:]*)(?::-(?P<default>[^\}]*))?\}")


def resolve(env: EnvFile, *, environ: Mapping[str, str] | None = None) -> dict[str, str | None]:
    """Values with ``${VAR}`` / ``${VAR:-default}`` resolved, as ``dotenv_values`` does.

    Earlier bindings in the file win over ``environ`` (python-dotenv's ``override=True``).
    Linear in the file size, unlike ``dotenv_values`` (which copies the environment for
    every value).
    """
    outside: Mapping[str, str] = {} if environ is None else environ
    values: dict[str, str | None] = {}
    for entry in env.entries:
        if entry.key is None:
            continue
        values[entry.key] = (
            None if entry.value is None else _interpolate(entry.value, values, outside)
        )
    return values


def _interpolate(value: str, values: Mapping[str, str | None], environ: Mapping[str, str]) -> str:
    def substitute(match: re.Match[str]) -> str:
        name = match["name"]
        found = values[name] if name in values else environ.get(name)
        if found is None and name not in values:
            return match["default"] or ""
        return found or ""

    return _REFERENCE.sub(substitute, value)
