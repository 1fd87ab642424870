"""A small tokenizer for the languages whose reads are renamed by token, not by regex.

One lexer with a dialect per language family: C-like (Go, Java, Kotlin, C#, Rust, PHP,
Groovy), Ruby and Elixir. It knows only what decides whether a name is code, a comment or
a string: comments (line, block, nested block), string literals with their escapes, raw
strings, text blocks, heredocs, sigils and ``%q()`` literals, char literals, Groovy's
slashy strings, and the code inside string interpolation (``${...}``, ``#{...}``,
``{$...}``, C# ``{...}``, Groovy's ``$name.name``), which is lexed as code again.
Everything else is a name, a number or one operator character. A file it cannot lex (an
unterminated string or comment, a ``/`` Groovy could read two ways) raises ``LexError``
and is left alone by the scanners.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from envmigrate.i18n import N_

#: Token kinds.
NAME, STR, NUM, OP, COMMENT = "name", "str", "num", "op", "comment"

_OPEN = {"(": ")", "[": "]", "{": "}", "<": ">"}
_TWO = frozenset(
    {"::", "->", "=>", "<>", "..", "?.", "!!", "++", "==", "!=", "&&", "||", "=~", "!~"}
    | {"+=", ".=", "<<"}  # the operators that append a string (``k += "_APP_KEY"``)
)


#: Interpolations inside interpolations (``"${"${…}"}"``) deeper than this are refused (code
#: never nests them this deep; each level is a few frames of recursion, more under a tracer).
MAX_NESTING = 16


class LexError(ValueError):
    """The text does not lex in this dialect (unterminated string or comment)."""


class Tok(NamedTuple):
    """``text[start:end]`` is the token; a string's content is ``text[body:body_end]``."""

    kind: str
    start: int
    end: int
    body: int = 0
    body_end: int = 0
    plain: bool = True  # a string without interpolation


#: An identifier: an ASCII letter, ``_`` or any non-ASCII character, then word characters
#: or non-ASCII ones (``[A-Za-z_\x80-\U0010ffff][\w\x80-\U0010ffff]*``). Spelled as the
#: ASCII characters it excludes: the same sets (tests/scanners/test_code_lexer.py compares
#: them over every code point), but ``re`` compiles a range up to U+10FFFF into a table, which
#: cost a run that met one Go or Java file some 20 ms.
_IDENT = r"[^\x00-\x40\x5b-\x5e\x60\x7b-\x7f][^\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]*"


class Dialect(NamedTuple):
    name: str
    line_comments: tuple[str, ...] = ("//",)
    block: tuple[str, str] | None = ("/*", "*/")
    nested_block: bool = False
    ident: re.Pattern[str] = re.compile(_IDENT)


GO = Dialect("go")
JAVA = Dialect("java")
KOTLIN = Dialect("kotlin", nested_block=True)
CSHARP = Dialect("csharp")
RUST = Dialect("rust", nested_block=True, ident=re.compile(rf"{_IDENT}(?:!(?!=))?"))
PHP = Dialect("php", line_comments=("//", "#"), ident=re.compile(rf"\$*{_IDENT}"))
RUBY = Dialect("ruby", line_comments=("#",), block=None, ident=re.compile(rf"[@$]*{_IDENT}[?!]?"))
ELIXIR = Dialect("elixir", line_comments=("#",), block=None, ident=re.compile(rf"{_IDENT}[?!]?"))
#: Groovy (Jenkins pipelines, Gradle): ``$`` is an identifier character.
GROOVY = Dialect(
    "groovy", ident=re.compile(rf"\$*{_IDENT}(?:\$[^\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]*)*")
)

#: File kind -> dialect (the token-scanned languages; ``erb`` is Ruby inside tags).
DIALECTS = {
    "go": GO,
    "java": JAVA,
    "kotlin": KOTLIN,
    "csharp": CSHARP,
    "rust": RUST,
    "php": PHP,
    "ruby": RUBY,
    "elixir": ELIXIR,
    "groovy": GROOVY,
}

_SPACE = re.compile(r"[ \t\f\v\r\n\ufeff]+")
_NUM = re.compile(r"[0-9]\w*(?:\.[0-9]\w*)?")
_PHP_HEREDOC = re.compile(r"<<<[ \t]*(['\"]?)([A-Za-z_]\w*)\1\r?\n")
_RUBY_HEREDOC = re.compile(r"<<([~-]?)(['\"`]?)([A-Za-z_]\w*)\2")
_RUBY_PERCENT = re.compile(r"%([qQwWiIrsx]?)([^\w\s])")
_SIGIL = re.compile(r"~([a-zA-Z]+)(\"\"\"|'''|[^\w\s])")
_RUST_RAW = re.compile(r"(?:br|cr|r)(#*)\"")
_END = re.compile(r"^=end\b.*$", re.MULTILINE)
_CS_PREFIX = re.compile(r"(\$+)?(@)?(\$+)?(\"{3,}|\")")
#: Groovy: a GString's ``$name.name`` (letters, digits, ``_``; no ``$``), and the unicode
#: escapes Groovy's reader turns into other characters before it lexes (``\u0022``).
_GROOVY_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_UNICODE_ESCAPE = re.compile(r"\\u+([0-9a-fA-F]{4})")
#: Names after which Groovy reads ``/`` as the start of a slashy string, not a division.
_GROOVY_KEYWORDS = frozenset(
    {"return", "case", "assert", "in", "throw", "yield", "else", "instanceof", "new", "do"}
)


class Lexer:
    """``Lexer(text, dialect).tokens()``: every token in order, comments included."""

    def __init__(self, text: str, dialect: Dialect) -> None:
        self.text = text
        self.d = dialect
        self.out: list[Tok] = []
        self.heredocs: list[tuple[str, bool, bool]] = []  # Ruby: (id, squiggly/dash, interp)
        #: Groovy: the interpolations of GStrings, ``$`` to their end (what a string's value
        #: does not hold as written).
        self.holes: list[tuple[int, int]] = []
        self.interp_at: list[int] = []  # Groovy: where the interpolations being lexed start
        self.nesting = 0  # interpolations being lexed, one inside the other

    def tokens(self) -> list[Tok]:
        pos = 0
        if self.d is PHP:
            pos = self._php_html(0)
        if self.d is GROOVY:
            pos = self._groovy_start()
        self._code(pos, brace=False)
        return self.out

    # -- code --------------------------------------------------------------------------

    def _last_significant(self) -> Tok | None:
        for tok in reversed(self.out):
            if tok.kind != COMMENT:
                return tok
        return None

    def _operand_before(self) -> bool:
        """True when the previous token ends an operand (so ``/`` or ``%`` is an operator)."""
        last = self._last_significant()
        if last is None:
            return False
        if last.kind in (NAME, NUM, STR):
            return True
        return self.text[last.start : last.end] in (")", "]", "}")

    def _shift_before(self, heredoc: re.Match[str]) -> bool:
        """``a <<B`` is a shift (or an append) unless B looks like a heredoc tag after a call
        (``puts <<EOS``): an upper-case tag after a name."""
        last = self._last_significant()
        if last is None or not self._operand_before():
            return False
        return not (last.kind == NAME and heredoc.group(3).isupper())

    def _code(self, pos: int, *, brace: bool) -> int:
        """Lex code from ``pos``; with ``brace``, stop at the ``}`` closing an interpolation
        (nested at most ``MAX_NESTING`` deep: deeper is refused, never a deep stack)."""
        if not brace:
            return self._lex_code(pos, brace=False)
        if self.nesting >= MAX_NESTING:
            raise LexError(N_("interpolation nested too deep"))
        self.nesting += 1
        try:
            return self._lex_code(pos, brace=True)
        finally:
            self.nesting -= 1

    def _lex_code(self, pos: int, *, brace: bool) -> int:
        text, n, depth = self.text, len(self.text), 0
        while pos < n:
            ch = text[pos]
            if ch in " \t\f\v\r\n\ufeff":
                space = _SPACE.match(text, pos)
                assert space is not None
                if self.heredocs and "\n" in space.group():
                    pos = self._ruby_heredoc_bodies(text.index("\n", pos) + 1)
                    continue
                pos = space.end()
                continue
            new = self._comment(pos)
            if new is None:
                new = self._string(pos)
            if new is not None:
                pos = new
                continue
            if ch == "}" and brace and depth == 0:
                return pos
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth < 0 and not brace:
                    raise LexError(N_("unbalanced '}'"))
            if self.d is PHP and text.startswith("?>", pos):
                self.out.append(Tok(OP, pos, pos + 2))
                pos = self._php_html(pos + 2)
                continue
            ident = self.d.ident.match(text, pos)
            if ident is not None and not "0" <= ch <= "9":
                self.out.append(Tok(NAME, pos, ident.end()))
                pos = ident.end()
                continue
            if "0" <= ch <= "9":
                num = _NUM.match(text, pos)
                assert num is not None
                self.out.append(Tok(NUM, pos, num.end()))
                pos = num.end()
                continue
            width = 2 if text[pos : pos + 2] in _TWO else 1
            if self.d is GROOVY and text.startswith("==~", pos):
                width = 3
            self.out.append(Tok(OP, pos, pos + width))
            pos += width
        if brace:
            raise LexError(N_("unterminated interpolation"))
        if self.heredocs:
            raise LexError(N_("unterminated heredoc"))
        return pos

    def _comment(self, pos: int) -> int | None:
        text = self.text
        for marker in self.d.line_comments:
            if text.startswith(marker, pos):
                if marker == "#" and self.d is PHP and text.startswith("#[", pos):
                    return None  # a PHP 8 attribute
                end = _line_end(text, pos)
                if self.d is PHP:
                    close = text.find("?>", pos, end)
                    end = end if close < 0 else close
                self.out.append(Tok(COMMENT, pos, end))
                return end
        if self.d is RUBY and text.startswith("=begin", pos) and _at_line_start(text, pos):
            end_mark = _END.search(text, pos)
            if end_mark is None:
                raise LexError(N_("unterminated =begin"))
            self.out.append(Tok(COMMENT, pos, end_mark.end()))
            return end_mark.end()
        if self.d is CSHARP and text.startswith("#", pos) and _first_on_line(text, pos):
            end = _line_end(text, pos)  # a preprocessor line
            self.out.append(Tok(COMMENT, pos, end))
            return end
        if self.d.block is not None and text.startswith(self.d.block[0], pos):
            end = self._block_end(pos)
            self.out.append(Tok(COMMENT, pos, end))
            return end
        return None

    def _block_end(self, pos: int) -> int:
        opener, closer = self.d.block or ("/*", "*/")
        depth, i = 0, pos + len(opener)
        while True:
            close = self.text.find(closer, i)
            if close < 0:
                raise LexError(N_("unterminated block comment"))
            if not self.d.nested_block:
                return close + len(closer)
            open_ = self.text.find(opener, i, close)
            if open_ >= 0:
                depth += 1
                i = open_ + len(opener)
            elif depth == 0:
                return close + len(closer)
            else:
                depth -= 1
                i = close + len(closer)

    # -- strings -----------------------------------------------------------------------

    def _string(self, pos: int) -> int | None:
        text, d, ch = self.text, self.d, self.text[pos]
        if d is GO:
            if ch == "`":
                return self._raw(pos, 1, "`")
            if ch in "\"'":
                return self._quoted(pos, 1, ch, line=True)
        elif d is JAVA:
            if text.startswith('"""', pos):
                return self._quoted(pos, 3, '"""')
            if ch in "\"'":
                return self._quoted(pos, 1, ch, line=True)
        elif d is KOTLIN:
            if text.startswith('"""', pos):
                return self._quoted(pos, 3, '"""', interp="${", escapes=False)
            if ch == '"':
                return self._quoted(pos, 1, '"', interp="${", line=True)
            if ch == "'":
                return self._quoted(pos, 1, "'", line=True)
        elif d is CSHARP:
            return self._csharp(pos)
        elif d is RUST:
            return self._rust(pos)
        elif d is PHP:
            if ch == "'":
                return self._quoted(pos, 1, "'")
            if ch in '"`':
                return self._quoted(pos, 1, ch, interp="{$")
            heredoc = _PHP_HEREDOC.match(text, pos)
            if heredoc:
                return self._php_heredoc(pos, heredoc)
        elif d is RUBY:
            return self._ruby(pos)
        elif d is ELIXIR:
            return self._elixir(pos)
        elif d is GROOVY:
            return self._groovy(pos)
        return None

    def _quoted(
        self,
        pos: int,
        skip: int,
        close: str,
        *,
        interp: str = "",
        escapes: bool = True,
        line: bool = False,
    ) -> int:
        """A string from ``pos`` whose content starts ``skip`` characters on; with ``line``
        a newline before the closing quote means this is not a string of the language."""
        text = self.text
        special = _special(close, interp, escapes, line)
        i = body = pos + skip
        plain = True
        mark = len(self.out)
        while (found := special.search(text, i)) is not None:
            i = found.start()
            if escapes and text[i] == "\\":
                i += 2
            elif text.startswith(close, i):
                self.out.insert(mark, Tok(STR, pos, i + len(close), body, i, plain))
                return i + len(close)
            elif interp and text.startswith(interp, i):
                plain = False
                i = self._code(i + len(interp), brace=True) + 1
            else:
                raise LexError(N_("newline in a one-line string"))
        raise LexError(N_("unterminated string"))

    def _raw(self, pos: int, skip: int, close: str) -> int:
        end = self.text.find(close, pos + skip)
        if end < 0:
            raise LexError(N_("unterminated raw string"))
        self.out.append(Tok(STR, pos, end + len(close), pos + skip, end))
        return end + len(close)

    def _csharp(self, pos: int) -> int | None:
        text = self.text
        if text[pos] == "'":
            return self._quoted(pos, 1, "'", line=True)
        match = _CS_PREFIX.match(text, pos)
        if match is None or (pos and (text[pos - 1].isalnum() or text[pos - 1] == "_")):
            return None
        interp = "{" if (match.group(1) or match.group(3)) else ""
        quotes = match.group(4)
        if len(quotes) >= 3:
            return self._quoted(pos, match.end() - pos, quotes, interp=interp, escapes=False)
        if match.group(2):  # verbatim: "" is a quote, no backslash escapes
            return self._verbatim(pos, match.end() - pos, interp)
        return self._cs_interpolated(pos, match.end() - pos, interp)

    def _verbatim(self, pos: int, skip: int, interp: str) -> int:
        text, i, plain = self.text, pos + skip, True
        mark = len(self.out)
        while i < len(text):
            if text.startswith('""', i) or (interp and text.startswith("{{", i)):
                i += 2
            elif text[i] == '"':
                self.out.insert(mark, Tok(STR, pos, i + 1, pos + skip, i, plain))
                return i + 1
            elif interp and text[i] == "{":
                plain = False
                i = self._code(i + 1, brace=True) + 1
            else:
                i += 1
        raise LexError(N_("unterminated string"))

    def _cs_interpolated(self, pos: int, skip: int, interp: str) -> int:
        if not interp:
            return self._quoted(pos, skip, '"', line=True)
        text, i, plain = self.text, pos + skip, True
        mark = len(self.out)
        while i < len(text):
            if text[i] == "\\" or text.startswith("{{", i):
                i += 2
            elif text[i] == '"':
                self.out.insert(mark, Tok(STR, pos, i + 1, pos + skip, i, plain))
                return i + 1
            elif text[i] == "{":
                plain = False
                i = self._code(i + 1, brace=True) + 1  # a hole may span lines (C# 11)
            elif text[i] in "\r\n":  # the text of a one-line string may not
                raise LexError(N_("newline in a one-line string"))
            else:
                i += 1
        raise LexError(N_("unterminated string"))

    def _rust(self, pos: int) -> int | None:
        text = self.text
        if pos and (text[pos - 1].isalnum() or text[pos - 1] == "_"):
            return None
        raw = _RUST_RAW.match(text, pos)
        if raw:
            return self._raw(pos, raw.end() - pos, '"' + raw.group(1))
        if text.startswith(('b"', 'c"'), pos):
            return self._quoted(pos, 2, '"')
        if text[pos] == '"':
            return self._quoted(pos, 1, '"')
        quote = pos + (1 if text.startswith("b'", pos) else 0)
        if text[quote] == "'":
            if text.startswith("\\", quote + 1):
                return self._quoted(pos, quote + 1 - pos, "'")
            if text.startswith("'", quote + 2):
                self.out.append(Tok(STR, pos, quote + 3, quote + 1, quote + 2))
                return quote + 3
            return None  # a lifetime or label: an operator then a name
        return None

    def _php_html(self, pos: int) -> int:
        """Skip inline HTML up to ``<?php`` / ``<?=`` / ``<?``; the position after the tag."""
        match = re.compile(r"<\?(?:php\b|=)?").search(self.text, pos)
        return len(self.text) if match is None else match.end()

    def _php_heredoc(self, pos: int, opener: re.Match[str]) -> int:
        closing = re.compile(rf"^[ \t]*{opener.group(2)}\b", re.MULTILINE)
        nowdoc = opener.group(1) == "'"
        mark = len(self.out)
        close, _ = self._heredoc(opener.end(), closing, "" if nowdoc else "{$")
        self.out.insert(mark, Tok(STR, pos, close.end(), opener.end(), close.start(), nowdoc))
        return close.end()

    def _heredoc(
        self, start: int, closing: re.Pattern[str], interp: str
    ) -> tuple[re.Match[str], bool]:
        """A heredoc body from ``start`` up to its ``closing`` line, the code of each
        interpolation in it lexed (escaped ones skipped): (the closing line, no interpolation)."""
        text = self.text
        close = closing.search(text, start)
        at, plain = start, True
        while close is not None and interp:
            found = _special(interp, "", True, False).search(text, at, close.start())
            if found is None:
                break
            if text[found.start()] == "\\":
                at = found.start() + 2
                continue
            plain = False
            at = self._code(found.end(), brace=True) + 1
            if at > close.start():
                close = closing.search(text, at)
        if close is None:
            raise LexError(N_("unterminated heredoc"))
        return close, plain

    # -- Ruby --------------------------------------------------------------------------

    def _ruby(self, pos: int) -> int | None:
        text, ch = self.text, self.text[pos]
        if ch == "'":
            return self._quoted(pos, 1, "'")
        if ch in '"`':
            return self._quoted(pos, 1, ch, interp="#{")
        if ch == ":" and text.startswith('"', pos + 1):
            return self._quoted(pos, 2, '"', interp="#{")
        if ch == "?" and not self._operand_before() and pos + 1 < len(text):
            end = pos + (3 if text[pos + 1] == "\\" else 2)
            if end <= len(text) and not (
                end < len(text) and (text[end].isalnum() or text[end] == "_")
            ):
                self.out.append(Tok(STR, pos, end, pos + 1, end))
                return end
        if ch == "/" and not self._operand_before():
            return self._quoted(pos, 1, "/", interp="#{")
        if ch == "%" and not self._operand_before():
            percent = _RUBY_PERCENT.match(text, pos)
            if percent:
                end = self._delimited(
                    pos, percent.end() - pos, percent.group(2), interp=percent.group(1) in "QWIrx"
                )
                if percent.group(1) in ("w", "W", "i", "I"):
                    self._split_words(pos)
                return end
        if ch == "<":
            heredoc = _RUBY_HEREDOC.match(text, pos)
            if heredoc and not (
                heredoc.group(1) == "" and heredoc.group(2) == "" and self._shift_before(heredoc)
            ):
                self.heredocs.append(
                    (heredoc.group(3), bool(heredoc.group(1)), heredoc.group(2) != "'")
                )
                self.out.append(Tok(OP, pos, heredoc.end()))
                return heredoc.end()
        return None

    def _split_words(self, pos: int) -> None:
        """``%w[A B]``: one string token per word (each word is a string of its own)."""
        at = next(k for k in range(len(self.out) - 1, -1, -1) if self.out[k].start == pos)
        whole = self.out.pop(at)
        for word in re.finditer(r"\S+", self.text[whole.body : whole.body_end]):
            start, end = whole.body + word.start(), whole.body + word.end()
            self.out.append(
                Tok(STR, start, end, start, end, whole.plain or "#{" not in word.group())
            )

    def _delimited(self, pos: int, skip: int, opener: str, *, interp: bool) -> int:
        """``%q(...)``-style and sigil bodies: bracket delimiters nest, others do not."""
        text, closer = self.text, _OPEN.get(opener, opener)
        i, depth, plain = pos + skip, 0, True
        mark = len(self.out)
        while i < len(text):
            c = text[i]
            if c == "\\":
                i += 2
                continue
            if interp and text.startswith("#{", i):
                plain = False
                i = self._code(i + 2, brace=True) + 1
                continue
            if c == closer and depth == 0:
                self.out.insert(mark, Tok(STR, pos, i + 1, pos + skip, i, plain))
                return i + 1
            if closer != opener and c == opener:
                depth += 1
            elif closer != opener and c == closer:
                depth -= 1
            i += 1
        raise LexError(N_("unterminated literal"))

    def _ruby_heredoc_bodies(self, pos: int) -> int:
        """The bodies of the heredocs opened on the line that just ended."""
        heredocs, self.heredocs = self.heredocs, []
        for ident, indented, interp in heredocs:
            lead = r"[ \t]*" if indented else ""
            closing = re.compile(rf"^{lead}{re.escape(ident)}[ \t]*\r?$", re.MULTILINE)
            mark = len(self.out)
            close, plain = self._heredoc(pos, closing, "#{" if interp else "")
            self.out.insert(mark, Tok(STR, pos, close.end(), pos, close.start(), plain))
            pos = close.end()
        return pos

    # -- Elixir ------------------------------------------------------------------------

    def _elixir(self, pos: int) -> int | None:
        text, ch = self.text, self.text[pos]
        for triple in ('"""', "'''"):
            if text.startswith(triple, pos):
                return self._quoted(pos, 3, triple, interp="#{")
        if ch in "\"'":
            return self._quoted(pos, 1, ch, interp="#{")
        if ch == "?" and pos + 1 < len(text) and not self._operand_before():
            end = pos + (3 if text[pos + 1] == "\\" else 2)
            if end <= len(text):
                self.out.append(Tok(STR, pos, end, pos + 1, end))
                return end
        if ch == "~":
            sigil = _SIGIL.match(text, pos)
            if sigil:
                interp = sigil.group(1)[0].islower()
                delim = sigil.group(2)
                if len(delim) == 3:
                    return self._quoted(
                        pos, sigil.end() - pos, delim, interp="#{" if interp else ""
                    )
                end = self._delimited(pos, sigil.end() - pos, delim, interp=interp)
                if sigil.group(1) in ("w", "W"):
                    self._split_words(pos)
                return end
        return None

    # -- Groovy ------------------------------------------------------------------------

    def _groovy_start(self) -> int:
        """A ``#!`` line at the very start is a comment. A unicode escape that Groovy's
        reader turns into code (a quote, slash, brace, ``$``, line end or name character)
        is refused: the text would not mean what it shows."""
        text = self.text
        for match in _UNICODE_ESCAPE.finditer(text):
            char = chr(int(match.group(1), 16))
            if char.isascii() and (char.isalnum() or char in "_$\"'/\\{}*\r\n"):
                raise LexError(N_("a unicode escape stands for code"))
        if text.startswith("#!"):
            end = _line_end(text, 0)
            self.out.append(Tok(COMMENT, 0, end))
            return end
        return 0

    def _groovy(self, pos: int) -> int | None:
        text, ch = self.text, self.text[pos]
        for triple in ('"""', "'''"):
            if text.startswith(triple, pos):
                return self._groovy_quoted(pos, triple)
        if ch in "\"'":
            return self._groovy_quoted(pos, ch)
        if ch == "/" and self._slashy_allowed(pos):
            return self._groovy_slashy(pos, 1, "/")
        if text.startswith("$/", pos):
            if not self._slashy_allowed(pos):
                raise LexError(N_("'$/' after an operand"))
            return self._groovy_slashy(pos, 2, "/$")
        return None

    def _slashy_allowed(self, pos: int) -> bool:
        """Where Groovy reads ``/`` as a slashy string: not after an operand (a name, a
        literal, a closing bracket, ``++``/``--``). A name, blanks, then ``/`` and no blank
        (``f /x/``) could be either: refused."""
        last = self._last_significant()
        if last is None or (self.interp_at and last.end <= self.interp_at[-1]):
            return True
        text, word = self.text, self.text[last.start : last.end]
        if last.kind == NAME:
            if word in _GROOVY_KEYWORDS:
                return True
            if last.end < pos and not text[pos + 1 : pos + 2].isspace():
                raise LexError(N_("'/' could start a slashy string or divide"))
            return False
        if last.kind in (NUM, STR) or word in (")", "]", "}", "++"):
            return False
        return not (word == "-" and text[last.start - 1 : last.start] == "-")

    def _groovy_quoted(self, pos: int, quote: str) -> int:
        """``'…'``, ``"…"``, ``'''…'''``, ``\"\"\"…\"\"\"``: backslash escapes; the
        double-quoted ones are GStrings (``${expr}``, ``$name.name``)."""
        text, skip = self.text, len(quote)
        interp = quote[0] == '"'
        special = _special(quote, "$" if interp else "", True, skip == 1)
        i = body = pos + skip
        plain, mark = True, len(self.out)
        while (found := special.search(text, i)) is not None:
            i = found.start()
            if text[i] == "\\":
                i += 2
            elif text.startswith(quote, i):
                if skip == 3 and text.startswith(quote[0], i + 3):
                    raise LexError(N_("a quote right before the closing quotes"))
                self.out.insert(mark, Tok(STR, pos, i + skip, body, i, plain))
                return i + skip
            elif text[i] == "$":
                plain = False
                i = self._groovy_hole(i, strict=True)
            else:
                raise LexError(N_("newline in a one-line string"))
        raise LexError(N_("unterminated string"))

    def _groovy_slashy(self, pos: int, skip: int, close: str) -> int:
        """``/…/`` (only ``\\/`` is an escape) and ``$/…/$`` (``$$`` and ``$/`` are);
        ``$`` before a name or ``{`` interpolates, any other ``$`` is text."""
        text, i = self.text, pos + skip
        plain, mark = True, len(self.out)
        stops = re.compile(r"[\\/$]")
        while (found := stops.search(text, i)) is not None:
            i, ch = found.start(), found.group()
            after = text[i + 1 : i + 2]
            if ch == "\\":
                if close == "/" and after == "/":
                    if text[i - 1] == "\\":
                        raise LexError(N_("'\\\\/' in a slashy string"))
                    i += 2
                else:
                    i += 1
            elif ch == "/":
                if close == "/" or after == "$":
                    if close == "/$" and text[i + 2 : i + 3] == "$":
                        raise LexError(N_("'/$$' in a dollar-slashy string"))
                    self.out.insert(mark, Tok(STR, pos, i + len(close), pos + skip, i, plain))
                    return i + len(close)
                i += 1
            elif close == "/$" and after in ("$", "/"):
                i += 2
            elif after == "{" or _GROOVY_DOTTED.match(text, i + 1):
                plain = False
                i = self._groovy_hole(i, strict=False)
            else:
                i += 1
        raise LexError(N_("unterminated string"))

    def _groovy_hole(self, i: int, *, strict: bool) -> int:
        """The interpolation at ``text[i] == "$"``: its code lexed, its span kept in
        ``holes``; the position after it. ``strict``: a ``$`` before anything else is an
        error (a GString), else it is not reached."""
        text = self.text
        if text.startswith("${", i):
            self.interp_at.append(i + 2)
            try:
                end = self._code(i + 2, brace=True) + 1
            finally:
                self.interp_at.pop()
            self.holes.append((i, end))
            return end
        dotted = _GROOVY_DOTTED.match(text, i + 1)
        if dotted is None:
            assert strict  # the slashy scan only calls with a name or a brace after "$"
            raise LexError(N_("'$' without a name or '{' in a GString"))
        for part in re.finditer(r"[^.]+|\.", dotted.group()):
            kind = OP if part.group() == "." else NAME
            self.out.append(Tok(kind, dotted.start() + part.start(), dotted.start() + part.end()))
        self.holes.append((i, dotted.end()))
        return dotted.end()


@lru_cache(maxsize=64)
def _special(close: str, interp: str, escapes: bool, line: bool) -> re.Pattern[str]:
    """The characters a string scan stops at: escape, closing quote, interpolation, newline."""
    parts = [re.escape(close)]
    if escapes:
        parts.append(r"\\")
    if interp:
        parts.append(re.escape(interp))
    if line:
        parts.append(r"[\r\n]")
    return re.compile("|".join(parts))


def _line_end(text: str, pos: int) -> int:
    ends = [i for i in (text.find("\n", pos), text.find("\r", pos)) if i >= 0]
    return min(ends) if ends else len(text)


def _first_on_line(text: str, pos: int) -> bool:
    start = max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1
    return not text[start:pos].strip()


def _at_line_start(text: str, pos: int) -> bool:
    return pos == 0 or text[pos - 1] in "\r\n"


def lex(text: str, dialect: Dialect) -> list[Tok]:
    """Every token of ``text`` (comments included), in source order."""
    return sorted(Lexer(text, dialect).tokens(), key=lambda t: t.start)
