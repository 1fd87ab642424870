"""Lossless model of a ``.env`` file: bytes -> entries with exact spans -> bytes.

The entries are exactly what the installed python-dotenv's ``parse_stream`` reads (keys,
values, original text, line numbers, unparsable lines); :mod:`envmigrate.dotenv_lexer` produces
them with their key and value spans, and is the only module that knows the grammar. The
UTF-8 BOM is owned here (python-dotenv releases disagree about it): it is stripped before
lexing and put back by :meth:`EnvFile.render`; a second one is refused.
"""

import functools
import re
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from envmigrate.dotenv_lexer import BOM, REFERENCE, Entry, GrammarError, lex, lex_mentions
from envmigrate.errors import InputError
from envmigrate.i18n import Msg

__all__ = [
    "BOM",
    "MAX_BYTES",
    "Entry",
    "EnvFile",
    "decode",
    "parse",
    "parse_for_check",
    "parse_text",
    "resolve",
]

#: Files larger than this are refused (exit 2): a .env file is never this big, and the
#: limit keeps a mistaken argument (a database dump, a log) from being read into memory.
MAX_BYTES = 16 * 1024 * 1024


class EnvFile(NamedTuple):
    """A decoded env file: ``text`` (BOM stripped) plus its entries, in file order."""

    text: str
    entries: tuple[Entry, ...]
    bom: bool = False
    #: False for :func:`parse_for_check`'s partial read: never rewrite from it.
    complete: bool = True

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
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        which = "UTF-32" if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00")) else "UTF-16"
        raise InputError(
            Msg(
                "{path}: encoded as {which} (byte-order mark); save it as UTF-8",
                path=name,
                which=which,
            )
        )
    if b"\x00" in data:
        raise InputError(
            Msg("{path}: binary file (contains NUL bytes), not an env file", path=name)
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = data[: exc.start]  # lines end at LF, CR or CRLF, as python-dotenv counts them
        line = head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
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
    return parse_text(text, bom, name=name)


def parse_text(text: str, bom: bool = False, *, name: str = "<input>") -> EnvFile:
    """Lex text that :func:`decode` returned (BOM already stripped): decode once, parse once.

    Raises InputError (one line, exit 2) for a file python-dotenv cannot be trusted to read
    the way the tool would show it: a second byte-order mark, or a binding the lexer cannot
    locate under an unknown python-dotenv.
    """
    if text.startswith(BOM):
        raise InputError(
            Msg(
                "{path}: starts with more than one byte-order mark (U+FEFF); python-dotenv "
                "would read it as part of the first name: remove the extra mark",
                path=name,
            )
        )
    try:
        entries = lex(text)
    except GrammarError as exc:
        raise InputError(
            Msg(
                "{path}: line {line}: the installed python-dotenv reads this line in a "
                "way envmigrate does not know; file skipped",
                path=name,
                line=exc.line,
            )
        ) from None
    if BOM in text:  # rare: files joined with `cat`, each with its own BOM
        for entry in entries:
            if entry.key is not None and BOM in entry.key:
                raise InputError(
                    Msg(
                        "{path}: line {line}: a byte-order mark (U+FEFF) inside the file "
                        "makes python-dotenv read a name with an invisible character: remove it",
                        path=name,
                        line=entry.line,
                    )
                )
    return EnvFile(text=text, entries=tuple(entries), bom=bom)


def parse_for_check(
    text: str, bom: bool, names: frozenset[str], *, name: str = "<input>"
) -> EnvFile:
    """What a read-only check needs: the entries of the lines that mention ``names``.

    For an ordinary file (simple lines only, see :func:`dotenv_lexer.lex_mentions`) only those
    lines are lexed; detection and the credentials come out the same as from the full
    parse (the differential test in tests/test_check_scan.py proves it). Anything else
    (a multi-line or escaped value, an unparsable line, a ``${…}`` in a watched value, a
    CR) gets the full parse. The result has ``complete=False``: never rewrite from it.
    """
    entries = lex_mentions(text, _needles(names))
    if entries is None or (
        "${" in text  # (most files hold no reference at all)
        and any(e.key in names and "${" in (e.value or "") for e in entries if e.key is not None)
    ):
        return parse_text(text, bom, name=name)
    return _new(EnvFile, (text, tuple(entries), bom, False))  # complete=False


_new = tuple.__new__  # (an EnvFile per file checked: its NamedTuple __new__ is Python code)


@functools.cache
def _needles(names: frozenset[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))


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


class LazyValues:
    """``resolve(env)`` computed on first call (or given), then shared by every caller."""

    def __init__(self, env: EnvFile, value: dict[str, str | None] | None = None) -> None:
        self.env = env
        self.value = value

    def __call__(self) -> dict[str, str | None]:
        if self.value is None:
            self.value = resolve(self.env)
        return self.value


def _interpolate(value: str, values: Mapping[str, str | None], environ: Mapping[str, str]) -> str:
    def substitute(match: re.Match[str]) -> str:
        name = match["name"]
        found = values[name] if name in values else environ.get(name)
        if found is None and name not in values:
            return match["default"] or ""
        return found or ""

    return REFERENCE.sub(substitute, value)
