"""Masking: the one place that decides what of a value may be shown.

Masking is an allow-list. A masked line keeps key names, ``${NAME}`` references, syntax
and structure; every other character of a value, a commented-out assignment, the
continuation lines of a (commented-out) multi-line value or an unparsable line becomes
``****`` (one mask per run, line ends kept, so diffs line up). Comment prose stays
readable word by word, but only words made of letters and variable names: a token with a
digit or a symbol, and anything after a ``NAME=``/``name:`` in a comment, is masked.
:class:`EnvView` masks only the entries a diff shows. ``scrub`` removes known secret
strings from any free text (exception messages, URLs, logs) as a last line of defence.
The code scanners' masks (``scanners/mask.py``) are built from the same pieces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from urllib.parse import quote, quote_plus

from envmigrate.diff import Edit, edited_lines, edits_within, splice, split_lines
from envmigrate.dotenv_lexer import grammar, installed_dialect, lex_lines
from envmigrate.envfile import Entry, EnvFile

MASK = "****"
# Patterns are compiled on first use (``re`` keeps them), and only when the text needs
# them: each use is guarded by a plain string test that tells when the pattern cannot
# match (no ``${``: no reference; a word of letters only is a word, one without any is
# none), and names, keys, comment lines and the words in them are read without one, so
# the lines a dry run usually shows (keys, plain values, prose comments) compile none.
_REFERENCE = r"\$\{([^}:]*)(?::-([^}]*))?\}"
#: What an unparsable entry may show: its leading blank lines and indentation, then on its
#: first line an optional ``export`` and a name (if ``is_name``), the blanks and ``=`` after
#: it. Everything after, continuation lines included, is masked.
_ERROR_HEAD = r"(?P<lead>\s*)(?:(?:export[^\S\r\n]+)?(?P<name>[^\s=]+)[^\S\r\n]*=?[^\S\r\n]*)?"
_NEWLINES = r"([\r\n])"
#: In a comment: an assignment (``NAME=``, ``name:``), from which on the line is a value.
_COMMENT_ASSIGN = r"(?:export[^\S\r\n]+)?[\w.\-]+[^\S\r\n]*(?:=|:(?=[^\S\r\n]|$))"
_ASSIGNED_NAME = r"(?:export[^\S\r\n]+)?(?P<name>[\w.\-]+)"
_PUNCT = "()[]\"'`*.,;:!?"
#: A comment word shown as is: letters (with inner ``-``/``'``), wrapped in punctuation.
_WORD = r"[(\[\"'`*_]*[A-Za-z]{1,24}(?:[-'/][A-Za-z]{1,24})*[)\]\"'`*_.,;:!?]*"
#: The value of a ``# KEY="…`` comment that opens a quote it does not close.
_OPEN_QUOTE = r"""(?P<q>["'])(?:\\.|(?!(?P=q)).)*$"""
#: Secrets shorter than this are not scrubbed from free text (it would mangle ordinary words).
MIN_SCRUB = 4


def is_name(text: str, names: Iterable[str] = ()) -> bool:
    """True for a conventional variable name or one of ``names``.

    A name may stand where a value could: upper-case words of at most 12 characters
    joined by underscores (``LOG_LEVEL``, ``K``, ``_``; ``AKIAIOSFODNN7EXAMPLE`` is not):
    ``_*[A-Z][A-Z0-9]{0,11}(?:_+[A-Z0-9]{1,12})*_*|_``.
    """
    return text == "_" or _words(text, "_", lower=False) or text in names


def is_key(text: str) -> bool:
    r"""A key shown before ``=``: a name, or short words of one case joined by ``_``, ``.``
    or ``-`` (``database_url``, ``app.name``); ``Zq8vW3kP0x`` or ``dingabc123xyz`` is not:
    ``_*(?:[a-z][a-z0-9]{0,11}(?:[_.\-]+[a-z0-9]{1,12})*|`` the same upper-case ``)_*``."""
    return _words(text, "_.-", lower=True)


def _words(text: str, joiners: str, *, lower: bool) -> bool:
    """Whether ``text`` is words of ASCII letters and digits of one case (upper, or also
    lower), joined by runs of ``joiners`` (``_`` first), underscores around them: the first
    word a letter and at most 11 more, each other one 1 to 12 characters. Read without a
    pattern: names and keys are on every line a diff shows."""
    core = text.strip("_")
    if not (core[:1].isalpha() and core.isascii()):
        return False
    for joiner in joiners[1:]:
        core = core.replace(joiner, "_")
    words = core.split("_")  # a run of joiners leaves empty words between two
    letters = "".join(words)
    return (
        bool(words[-1])  # a last joiner joins nothing
        and max(map(len, words)) <= 12
        and letters.isalnum()
        # one case (it has a letter: the first): no upper-case one, or no lower-case one
        and (letters.islower() if lower and core[0].islower() else letters.isupper())
    )


def mask_value(raw: str) -> str:
    """Mask a raw value: literal text becomes ``****`` per line; references stay visible."""
    if "${" not in raw:  # no reference
        return mask_literal(raw)
    parts: list[str] = []
    cursor = 0
    for match in re.finditer(_REFERENCE, raw):
        parts.append(mask_literal(raw[cursor : match.start()]))
        default = match.group(2)
        masked_default = "" if default is None else ":-" + mask_literal(default)
        name = match.group(1)
        shown = name if is_name(name) else MASK if name else ""
        parts.append("${" + shown + masked_default + "}")
        cursor = match.end()
    parts.append(mask_literal(raw[cursor:]))
    return "".join(parts)


def mask_literal(text: str) -> str:
    """Replace each non-empty run between newlines with MASK, keeping the newlines."""
    if "\n" not in text and "\r" not in text:  # one line
        return MASK if text else ""
    pieces = re.split(_NEWLINES, text)
    return "".join(p if i % 2 else (MASK if p else "") for i, p in enumerate(pieces))


def mask_comment(body: str) -> str:
    """Comment text (after ``#``): letter words stay; an assignment's value, the rest masked."""
    out: list[str] = []
    cursor = 0
    assigns = "=" in body or ":" in body  # else no token starts an assignment
    for word in body.split():  # the runs of non-blanks (``[^\s]+``)
        start = body.find(word, cursor)
        out.append(body[cursor:start])
        assign = re.compile(_COMMENT_ASSIGN).match(body, start) if assigns else None
        if assign:
            name = re.match(_ASSIGNED_NAME, assign.group())
            shown = name is not None and (is_name(name["name"]) or assign.group().endswith(":"))
            out.append(assign.group() if shown else MASK + assign.group()[-1])
            rest = body[assign.end() :]
            value = rest.lstrip(" \t")
            return "".join(out) + rest[: len(rest) - len(value)] + mask_value(value)
        shown = is_word(word) or is_name(word.strip(_PUNCT))
        out.append(word if shown else MASK)
        cursor = start + len(word)
    out.append(body[cursor:])
    return "".join(out)


def is_word(word: str) -> bool:
    """A comment word shown as it is (``_WORD``)."""
    if len(word) <= 24 and word.isascii() and word.isalpha():  # letters only
        return True
    if word.lower() == word.upper():  # no letter at all: ``_WORD`` needs one
        return False
    return bool(re.fullmatch(_WORD, word))


def comment_value(body: str) -> int:
    """Where the value of a commented-out ``KEY=value`` starts in ``body`` (-1: none)."""
    if "=" not in body:
        return -1
    assign = re.match(_COMMENT_ASSIGN, body)
    if assign is None or not assign.group().endswith("="):
        return -1
    return len(body) - len(body[assign.end() :].lstrip(" \t"))


def masked_text(env: EnvFile) -> str:
    """The file's text with every value masked (line structure kept, so diffs line up)."""
    return mask_entries(env.text, env.entries)


def mask_entries(
    text: str, entries: Iterable[Entry], start: int = 0, end: int = -1, unsure: bool = False
) -> str:
    """``text[start:end]`` masked, where ``entries`` cover exactly that span, in order.

    ``unsure``: the span may begin inside a commented-out value (its comments are masked
    until a quote closes).
    """
    out: list[str] = []
    cursor = start
    quote = "\"'" if unsure else ""  # an open quote: the comment lines it spans are masked
    for entry in entries:
        if entry.key is None and not entry.error:
            out.append(text[cursor : entry.start])
            masked, quote = _mask_comments(text[entry.start : entry.end], quote)
            out.append(masked)
            cursor = entry.end
            continue
        quote = ""
        if entry.key is not None and entry.value is None and not is_name(entry.key):
            # A bare "key" that is no variable name is most likely a pasted value (a quoted
            # one may span lines: its line ends stay, so the diff's lines line up).
            out.append(text[cursor : entry.key_start])
            out.append(mask_literal(entry.key))
            cursor = entry.key_end
        elif entry.value_start >= 0:
            if not is_key(entry.key or ""):  # no key name: most likely a pasted value
                out.append(text[cursor : entry.key_start])
                out.append(mask_literal(entry.key or ""))
                cursor = entry.key_end
            out.append(text[cursor : entry.value_start])
            out.append(mask_value(text[entry.value_start : entry.value_end]))
            cursor = entry.value_end
        elif entry.key is None:
            out.append(text[cursor : entry.start])
            out.append(_mask_error(text[entry.start : entry.end]))
            cursor = entry.end
        out.append(_mask_tail(text[cursor : entry.end]))
        cursor = entry.end
    out.append(text[cursor : len(text) if end < 0 else end])
    return "".join(out)


class EnvView:
    """The masked lines of an env file and of its rewrite, masked only where a diff shows.

    A span is widened to whole entries (a value may span lines) and masked with the parse
    of its text: the old file's, and the new text's (``after``, which the rewrite parsed
    already to prove it keeps every value).
    """

    def __init__(self, env: EnvFile, edits: Sequence[Edit], after: EnvFile) -> None:
        self.old = _Parsed(env) if env.complete else _Lines(env.text)
        self.edits = sorted(edits)
        self.new: _Parsed | _Spliced
        self.edit_starts: list[int] = []
        self.shift = [0]  # shift[i]: how much the first i edits move later text
        if not after.complete:  # the fast path's: the new text is not built, the old is edited
            self.new = _Spliced(env.text, self.edits)
            return
        self.new = _Parsed(after)
        self.edit_starts = [e.start for e in self.edits]
        for edit in self.edits:
            self.shift.append(self.shift[-1] + len(edit.text) - (edit.end - edit.start))

    def before(self, first: int, count: int, start: int, end: int) -> list[str]:
        return self.old.lines(start, end, count)

    def after(self, first: int, count: int, start: int, end: int) -> list[str]:
        if isinstance(self.new, _Spliced):
            return self.new.lines(start, end, count)  # it takes old offsets
        return self.new.lines(self._moved(start), self._moved(end), count)

    def _moved(self, pos: int) -> int:
        """Where old offset ``pos`` (a line start or end) is in the new text; an insertion
        at ``pos`` belongs to the line that starts there."""
        import bisect  # not for the fast path's new text (:class:`_Spliced`)

        return pos + self.shift[bisect.bisect_left(self.edit_starts, pos)]


class _Parsed:
    """One parsed text: the masked lines of a line-aligned span, from whole entries."""

    def __init__(self, env: EnvFile) -> None:
        self.text = env.text
        self.entries = env.entries
        self.starts = [e.start for e in env.entries]

    def lines(self, start: int, end: int, count: int) -> list[str]:
        if not count:
            return []
        low, high, unsure = self._widen(start, end)
        entries = self.entries[low:high]
        masked = mask_entries(self.text, entries, entries[0].start, entries[-1].end, unsure)
        skip = _line_ends(self.text[entries[0].start : start])
        return split_lines(masked)[skip : skip + count]

    def _widen(self, start: int, end: int) -> tuple[int, int, bool]:
        """Entry indexes ``[low, high)`` that cover ``text[start:end]``; True when the span
        may begin inside a commented-out value opened too far above to look."""
        import bisect  # a full parse's text only (the fast path's is :class:`_Lines`)

        text, entries = self.text, self.entries
        low = max(bisect.bisect_right(self.starts, start) - 1, 0)
        high = max(bisect.bisect_left(self.starts, end), low + 1)
        while low > 0 and text[entries[low].start - 1 : entries[low].start + 1] == "\r\n":
            low -= 1  # an entry that starts inside a CRLF: take the line's start too
        # A comment may continue a commented-out value opened above: start the run there.
        floor = max(low - _COMMENT_RUN, 0)
        while low > floor and _is_comment(entries[low - 1]):
            low -= 1
        unsure = low == floor and low > 0 and _is_comment(entries[low - 1])
        while (
            high < len(entries)
            and text[entries[high].start - 1 : entries[high].start + 1] == "\r\n"
        ):
            high += 1
        return low, high, unsure


#: How far back a diff looks for the start of a comment run (beyond: comments are masked).
_COMMENT_RUN = 200


class _Lines:
    """A simple text (``dotenv_lexer.simple_text``: every line one entry, LF only), lexed
    only where a diff shows it; the same masked lines as :class:`_Parsed` of its full parse.

    The full parse starts an entry after the blank lines before it (a blank run is the
    next entry's lead); masking shows blank lines as they are, so lexing from a line start
    masks alike. The comment run above is found as ``_Parsed._widen`` finds it: up to
    ``_COMMENT_RUN`` comment entries (blank lines are no entries of their own).
    """

    def __init__(self, text: str) -> None:
        dialect = installed_dialect()
        assert dialect is not None, "a simple text was lexed line by line"
        self.text = text
        self.grammar = grammar(dialect)

    def lines(self, start: int, end: int, count: int) -> list[str]:
        if not count:
            return []
        low, unsure = self._comment_run(start)
        return self._masked(self.text, low, start, end, count, unsure)

    def _masked(
        self, text: str, low: int, start: int, end: int, count: int, unsure: bool
    ) -> list[str]:
        """The ``count`` masked lines from ``start`` on, masked from the line start ``low``.

        A plain binding line (:func:`_plain_masked`) is masked as it is read; the lines
        between two of them are lexed and masked together (a comment run carries an open
        quote from line to line; a binding ends it), and blank lines before a plain line
        stay as they are (they are its entry's lead). The masked text may run past ``end``
        (the entry that blank lines at the end lead into): only ``count`` lines are kept.
        """
        out: list[str] = []
        run = -1  # where the lines not yet masked start (-1: none)
        blank = -1  # where the blank lines at the end of that run start (-1: none)
        pos = low
        while pos < end:
            newline = text.find("\n", pos, end)
            line_end = end if newline < 0 else newline + 1
            plain = _plain_masked(text, pos, line_end)
            if plain is None:
                if run < 0:
                    run = pos
                blank = -1 if text[pos:line_end].strip() else pos if blank < 0 else blank
            else:
                if run >= 0:
                    stop = pos if blank < 0 else blank  # blank lines lead into this line
                    self._run(out, text, run, stop, unsure and run == low)
                    out.append(text[stop:pos])
                    run = blank = -1
                out.append(plain)
            pos = line_end
        if run >= 0:  # (blank lines at its end lex with the line after: not shown)
            self._run(out, text, run, end, unsure and run == low)
        skip = _line_ends(text[low:start])
        return split_lines("".join(out))[skip : skip + count]

    def _run(self, out: list[str], text: str, start: int, end: int, unsure: bool) -> None:
        """Mask the lines ``text[start:end]`` (whole entries: none of them plain) into ``out``."""
        if start == end:
            return
        entries: list[Entry] = []
        for entry in lex_lines(text, self.grammar, start):  # each starts where the last ended
            entries.append(entry)
            if entry.end >= end:
                break
        out.append(mask_entries(text, entries, start, end, unsure))

    def _comment_run(self, start: int) -> tuple[int, bool]:
        """Where the comment lines right above ``start`` begin; True when there may be
        more of them than ``_COMMENT_RUN``."""
        text = self.text
        low = start
        found = 0
        end = start
        while end > 0:
            line_start = text.rfind("\n", 0, end - 1) + 1
            body = self._line(line_start, end).strip(" \t\n")
            end = line_start
            if not body:
                continue  # a blank (or deleted) line: part of the next entry's lead
            if not body.startswith("#"):
                break
            if found == _COMMENT_RUN:
                return low, True
            found += 1
            low = line_start
        return low, False

    def _line(self, start: int, end: int) -> str:
        """The line from ``start`` to ``end`` of the text the diff shows."""
        return self.text[start:end]


class _Spliced(_Lines):
    """The new text of a simple text's edits (each inside one line, or a whole line's
    deletion), never built whole: the lines a diff shows are spliced from the old text
    (and the lines above them, for the comment run), then masked as :class:`_Lines`
    masks the new text. It takes offsets into the old text."""

    def __init__(self, text: str, edits: list[Edit]) -> None:
        super().__init__(text)
        self.edits = edits
        self.changed = {start: new for start, _end, new in edited_lines(text, edits)}

    def lines(self, start: int, end: int, count: int) -> list[str]:
        if not count:
            return []
        text = self.text
        low, unsure = self._comment_run(start)
        inside = edits_within(self.edits, low, end)
        window = splice(text, inside, low, end)

        def moved(pos: int) -> int:  # an insertion at ``pos`` belongs to the line there
            return pos - low + sum(len(e.text) - (e.end - e.start) for e in inside if e.start < pos)

        return self._masked(window, 0, moved(start), moved(end), count, unsure)

    def _line(self, start: int, end: int) -> str:
        """The new line from ``start`` to ``end`` (a deleted line is empty)."""
        return self.changed.get(start, self.text[start:end])


#: What a plain line's key is made of (``dotenv_lexer._PLAIN_LINE``), and may start with.
_KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-"
_KEY_FIRST = _KEY_CHARS[:52] + "_"


def _plain_masked(text: str, start: int, end: int) -> str | None:
    """The line ``text[start:end]`` masked when it is a plain binding, ``KEY=value`` with
    a value that starts with neither a blank nor a quote and holds no ``#`` and no
    ``${`` (one entry of a simple text, whatever the dialect); None for any other line.

    As :func:`mask_entries` masks it: the key if it is one (:func:`is_key`), ``=``, one
    MASK for the value, and the blanks after the value as they are.
    """
    equals = text.find("=", start, end)
    if equals <= start:
        return None
    first = text[equals + 1 : equals + 2]
    if not first or first.isspace() or first in "'\"" or text[start] not in _KEY_FIRST:
        return None
    line = text[start:end]
    if "#" in line or "${" in line:
        return None
    key = line[: equals - start]
    if key.strip(_KEY_CHARS):
        return None
    value = line[equals - start + 1 :]
    kept = value.rstrip()
    return (key if is_key(key) else MASK) + "=" + MASK + value[len(kept) :]


def _is_comment(entry: Entry) -> bool:
    return entry.key is None and not entry.error


def _line_ends(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _mask_tail(tail: str) -> str:
    """What follows a value or key: a closing quote, blanks, an inline comment, the newline."""
    hash_at = tail.find("#")  # after a value or a closing quote: nothing else is a value
    if hash_at < 0:
        return tail
    masked, _ = _mask_comments(tail[hash_at:], "")
    return tail[:hash_at] + masked


def _mask_prose(text: str) -> str:
    """What follows the quote that closes a commented-out value: comment prose (see
    ``mask_comment``), then an inline comment, if any."""
    hash_at = text.find("#")
    if hash_at < 0:
        return mask_comment(text)
    masked, _ = _mask_comments(text[hash_at:], "")
    return mask_comment(text[:hash_at]) + masked


def _mask_comments(text: str, quote: str) -> tuple[str, str]:
    """Comment lines (and blank lines): see ``mask_comment``; an open quote carries over."""
    out: list[str] = []
    cursor = 0
    for start, end, head, body in _comment_lines(text):
        out.append(text[cursor:start])
        cursor = end
        if quote:
            closing = _closing(body, quote)
            if closing < 0:
                out.append(head + (MASK if body else ""))
                continue
            rest = _mask_prose(body[closing + 1 :])
            out.append(head + (MASK if closing else "") + body[closing] + rest)
            quote = ""
            continue
        masked = mask_comment(body)
        out.append(head + masked)
        value = comment_value(body)
        opened = re.compile(_OPEN_QUOTE).match(body, value) if value >= 0 else None
        if opened:
            quote = opened.group("q")
    out.append(text[cursor:])
    return "".join(out), quote


def _comment_lines(text: str) -> Iterator[tuple[int, int, str, str]]:
    r"""Each comment in ``text``, from its ``#`` to its line end: its start, its end, its
    head (the ``#`` and the blanks after it) and its body (the rest of its line), as
    ``(?P<head>#[^\S\r\n]*)(?P<body>[^\r\n]*)`` finds them (the indentation before a
    ``#`` is copied as it is)."""
    at = text.find("#")
    while at >= 0:
        end = len(text)
        for line_end in "\n\r":
            found = text.find(line_end, at, end)
            end = found if found >= 0 else end
        body = text[at + 1 : end].lstrip()  # blanks (``str.isspace``, as ``\s``)
        yield at, end, text[at : end - len(body)], body
        at = text.find("#", end)


def _closing(body: str, quote: str) -> int:
    """Offset of the quote that closes a continued value in ``body`` (-1: still open)."""
    index = 0
    while index < len(body):
        char = body[index]
        if char == "\\":
            index += 2
            continue
        if char in quote:
            return index
        index += 1
    return -1


def _mask_error(text: str) -> str:
    """An unparsable entry keeps at most a leading ``export`` and name (``_ERROR_HEAD``);
    the rest of it is masked, one MASK per line (its value may run on over lines)."""
    head = re.match(_ERROR_HEAD, text)
    assert head is not None  # every part of the pattern is optional
    shown = head.group() if head["name"] and is_name(head["name"]) else head["lead"]
    return shown + mask_literal(text[len(shown) :])


def scrub(text: str, secrets: Iterable[str | None]) -> str:
    """Replace every occurrence of each secret (also URL-quoted) in free text with MASK.

    No character of an occurrence survives, however secrets overlap: occurrences that
    overlap (one secret inside or across another) become one MASK; adjacent ones, one each.
    """
    spans: list[tuple[int, int]] = []
    for secret in {s for s in secrets if s and len(s) >= MIN_SCRUB}:
        for form in {secret, quote(secret, safe=""), quote_plus(secret)}:
            at = text.find(form)
            while at >= 0:
                spans.append((at, at + len(form)))
                at = text.find(form, at + 1)
    out: list[str] = []
    cursor = 0  # the end of the text copied or masked so far
    for start, end in sorted(spans):
        if start < cursor:  # overlaps the MASK before it: that one covers it too
            cursor = max(cursor, end)
            continue
        out.append(text[cursor:start])
        out.append(MASK)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


#: Secrets are masked wherever this many of their characters appear in a row.
MIN_FRAGMENT = 6
#: Longest piece of server-supplied text shown (after escaping).
UNTRUSTED_LIMIT = 200


def untrusted(text: str, secrets: Iterable[str | None], limit: int = UNTRUSTED_LIMIT) -> str:
    """Server-supplied text made safe to print anywhere (terminal, JSON, CI annotations).

    Any run of ``MIN_FRAGMENT``+ characters of a secret (or of its URL-quoted forms) becomes
    MASK, so an echo of the secret minus a character shows nothing of it; every character
    that is not printable (newlines, ANSI escapes, bidi overrides, separators other than the
    space) is shown as a ``\\x..``/``\\u....`` escape, so the text stays on its one line and cannot
    forge output; the result is cut to ``limit`` characters with an ellipsis.
    """
    secrets = tuple(secrets)
    masked = _mask_fragments(text, secrets)
    # again after escaping: an escape's hex digits next to a piece could complete a run
    escaped = _mask_fragments("".join(_escape(char) for char in masked), secrets)
    return escaped if len(escaped) <= limit else escaped[: limit - 1] + "…"


def _mask_fragments(text: str, secrets: Iterable[str | None]) -> str:
    grams: set[str] = set()
    for secret in {s for s in secrets if s and len(s) >= MIN_FRAGMENT}:
        for form in {secret, quote(secret, safe=""), quote_plus(secret)}:
            grams.update(form[i : i + MIN_FRAGMENT] for i in range(len(form) - MIN_FRAGMENT + 1))
    if not grams:
        return text
    hidden = [False] * len(text)
    for start in range(len(text) - MIN_FRAGMENT + 1):
        if text[start : start + MIN_FRAGMENT] in grams:
            hidden[start : start + MIN_FRAGMENT] = [True] * MIN_FRAGMENT
    out: list[str] = []
    for index, char in enumerate(text):
        if not hidden[index]:
            out.append(char)
        elif index == 0 or not hidden[index - 1]:
            out.append(MASK)
    return "".join(out)


def _escape(char: str) -> str:
    if char == "\\":
        return "\\\\"
    if char.isprintable():
        return char
    code = ord(char)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )
