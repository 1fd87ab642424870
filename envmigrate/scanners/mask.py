"""Masked text for code and config files: an allow-list, like ``redact`` for env files.

A masked line keeps names, references (``${X}``, ``$X``, ``${{ env.X }}``), syntax and
structure; every other character of a string literal, number, value, block scalar,
heredoc or line the lexer cannot place becomes ``****`` (one mask per run, line ends kept,
so a diff of two masked texts lines up with the real one). Each kind has a small lexer:
Python uses ``tokenize``; JavaScript/TypeScript, shell, Dockerfile, YAML and dependency
files have their own line-aware scanners. Comments keep their letter words only (see
``redact.mask_comment``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from envmigrate.redact import is_name, mask_comment, mask_literal

if TYPE_CHECKING:
    from envmigrate.diff import Edit

_NEWLINE = re.compile(r"\r\n|\n|\r")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)?")
#: References kept inside masked values: ``${NAME}`` / ``${NAME:-default}``, ``$NAME``,
#: and a GitHub expression that only names a context value (``${{ env.NAME }}``).
_REF = re.compile(
    r"\$\{\{[^\S\r\n]*(?P<expr>[A-Za-z_][\w.]*)[^\S\r\n]*\}\}"
    r"|\$\{(?P<braced>[A-Za-z_]\w*)(?P<default>:?[-=?+][^}\r\n]*)?\}"
    r"|\$\((?P<paren>[A-Za-z_]\w*)\)"
    r"|\$(?P<plain>[A-Za-z_]\w*)"
)


class _Out:
    """Output segments; adjacent hidden ones become one mask per line."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.hidden = ""

    def keep(self, text: str) -> None:
        if text:
            self._flush()
            self.parts.append(text)

    def hide(self, text: str) -> None:
        self.hidden += text

    def _flush(self) -> None:
        if self.hidden:
            self.parts.append(mask_literal(self.hidden))
            self.hidden = ""

    def text(self) -> str:
        self._flush()
        return "".join(self.parts)


def _ref_shown(match: re.Match[str], names: Iterable[str]) -> bool:
    if match["expr"] is not None:
        return all(is_name(p, names) or p.islower() for p in match["expr"].split(".")[:-1]) and (
            is_name(match["expr"].split(".")[-1], names)
        )
    return is_name(match["braced"] or match["paren"] or match["plain"], names)


def _refs_only(out: _Out, text: str, names: Iterable[str]) -> None:
    """A value: references whose names are shown stay; everything else is hidden."""
    cursor = 0
    for match in _REF.finditer(text):
        if not _ref_shown(match, names):
            continue
        out.hide(text[cursor : match.start()])
        if match["braced"] is not None:
            out.keep("${" + match["braced"])
            default = match["default"] or ""
            op = default[:2] if default.startswith(":") else default[:1]
            out.keep(op)
            out.hide(default[len(op) :])
            out.keep("}")
        else:
            out.keep(match.group())
        cursor = match.end()
    out.hide(text[cursor:])


_INNER_NAME = re.compile(r"(?<![\w$])([A-Za-z_]\w*)(?==)")


def _refs_and_names(out: _Out, text: str, names: Iterable[str]) -> None:
    """Like ``_refs_only``, and a variable name before ``=`` stays (``"K=v cmd"``)."""
    cursor = 0
    for match in _INNER_NAME.finditer(text):
        if is_name(match.group(1), names):
            _refs_only(out, text[cursor : match.start()], names)
            out.keep(match.group(1))
            cursor = match.end()
    _refs_only(out, text[cursor:], names)


def _safe_literal(body: str, names: Iterable[str]) -> bool:
    """A string literal shown whole: a variable name, or one plain reference."""
    if is_name(body, names):
        return True
    match = _REF.fullmatch(body)
    return match is not None and match["default"] is None and _ref_shown(match, names)


def _comment(out: _Out, text: str) -> None:
    """``#``/``//`` and the comment's text (letter words only)."""
    head = re.match(r"(?:#|//[/!]?|/\*[*!]?|<!--|!|=begin)?[^\S\r\n]*", text)
    assert head is not None  # the pattern matches the empty string
    out.keep(head.group())
    out.keep(mask_comment(text[head.end() :]))


def mask(text: str, kind: str, names: Iterable[str] = ()) -> str:
    """The text with everything but names, references and structure masked."""
    names = frozenset(names)
    if kind == "python":
        return _python(text, names)
    if kind == "js":
        return _js(text, names)
    if kind == "yaml":
        return _yaml(text, names)
    if kind == "properties":
        return _properties(text, names)
    from envmigrate.scanners.lexer import DIALECTS

    if kind in DIALECTS:
        return _tokens(text, kind, names)
    return _shell(text, names, docker=kind == "docker")


# -- languages read by the token lexer (Go, Java, Kotlin, C#, Rust, PHP, Ruby, Elixir, Groovy) -


def _tokens(text: str, kind: str, names: frozenset[str]) -> str:
    """Names and operators stay; string text, numbers and comment values are hidden; the
    code inside a string's interpolation is lexed as code again (its names stay)."""
    from envmigrate.scanners.lexer import COMMENT, DIALECTS, NUM, STR, LexError, Tok, lex

    try:  # lone CRs read as LFs (same offsets): the lexer's heredocs end lines with LF
        toks = lex(re.sub(r"\r(?!\n)", "\n", text), DIALECTS[kind])
    except LexError:
        return _shell(text, names, docker=False)  # not code the lexer can place: strict
    out = _Out()
    pos = 0
    open_strings: list[Tok] = []
    # Groovy's strings are often scripts (``sh '…'``, ``withEnv(["X=…"])``): their
    # references, ``NAME=`` and the given names stay, as in a shell mask
    hide = (lambda t: _script_text(out, t, names)) if kind == "groovy" else out.hide

    def close(tok: Tok) -> None:
        nonlocal pos
        hide(text[pos : tok.body_end])
        out.keep(text[tok.body_end : tok.end])
        pos = tok.end

    for tok in toks:
        while open_strings and tok.start >= open_strings[-1].end:
            close(open_strings.pop())
        gap = text[pos : tok.start]
        hide(gap) if open_strings else _gap(out, gap)
        pos = tok.end
        if tok.kind == STR:
            if tok.plain and _safe_literal(text[tok.body : tok.body_end], names):
                out.keep(text[tok.start : tok.end])
                continue
            out.keep(text[tok.start : tok.body])
            pos = tok.body
            open_strings.append(tok)
        elif tok.kind == NUM:
            out.hide(text[tok.start : tok.end])
        elif tok.kind == COMMENT:
            _comment(out, text[tok.start : tok.end])
        else:
            out.keep(text[tok.start : tok.end])
    while open_strings:
        close(open_strings.pop())
    _gap(out, text[pos:])
    return out.text()


def _script_text(out: _Out, text: str, names: frozenset[str]) -> None:
    """String text that may be a script: the given names (``%X%``, ``$env:X``,
    ``docker run -e X``) stay, and references and ``NAME=`` as in double quotes."""
    cursor = 0
    if names:
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        for match in re.finditer(rf"(?<![\w${{])(?:{alternatives})(?![\w=])", text):
            _refs_and_names(out, text[cursor : match.start()], names)
            out.keep(match.group())
            cursor = match.end()
    _refs_and_names(out, text[cursor:], names)


#: What the lexer skips between tokens and a mask shows: blanks and PHP's open tags. The rest
#: of a gap is PHP's inline HTML (or text before ``<?php``), which can hold anything.
_GAP_SHOWN = re.compile(r"[\s\ufeff]+|<\?(?:php\b|=)?")


def _gap(out: _Out, gap: str, shown: re.Pattern[str] = _GAP_SHOWN) -> None:
    """Text between tokens: what ``shown`` matches stays, the rest is hidden."""
    cursor = 0
    for match in shown.finditer(gap):
        out.hide(gap[cursor : match.start()])
        out.keep(match.group())
        cursor = match.end()
    out.hide(gap[cursor:])


# -- .properties / .conf ----------------------------------------------------------------------

_PROPERTY = re.compile(r"(?P<head>[^\S\r\n]*[\w.\-]+(?:[^\S\r\n]*[=:][^\S\r\n]*|[^\S\r\n]+))")


def _properties(text: str, names: frozenset[str]) -> str:
    """``key=value``, ``key: value``, ``key value``: keys stay, values are hidden."""
    out = _Out()
    continued = False
    for match in _LINE.finditer(text):
        line = match.group()
        body = line.rstrip("\r\n")
        stripped = body.lstrip()
        if continued or not stripped or stripped[0] in "#!":
            if stripped[:1] in ("#", "!") and not continued:
                out.keep(body[: len(body) - len(stripped)])
                _comment(out, stripped)
            else:
                _refs_only(out, body, names)
        elif head := _PROPERTY.match(body):
            out.keep(head.group())
            _refs_only(out, body[head.end() :], names)
        else:
            _refs_only(out, body, names)
        out.keep(line[len(body) :])
        continued = body.endswith("\\")
    return out.text()


# -- Python -------------------------------------------------------------------------------

_STRING_HEAD = re.compile(r"(?P<prefix>[A-Za-z]*)(?P<q>'''|\"\"\"|'|\")")
_FIELD = re.compile(r"\{\{|\}\}|\{(?P<expr>[^{}]*)\}")


def _python(text: str, names: frozenset[str]) -> str:
    import io
    import tokenize

    starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]
    out = _Out()
    cursor = 0
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text, newline="").readline))
    except (tokenize.TokenError, SyntaxError):
        return _shell(text, names, docker=False)
    for tok in tokens:
        if tok.type == tokenize.ENDMARKER or tok.start[0] > len(starts):
            break  # (DEDENTs of a last line without a line end sit on a line past the text)
        start = starts[tok.start[0] - 1] + tok.start[1]
        end = starts[tok.end[0] - 1] + tok.end[1]
        if tok.type == tokenize.ERRORTOKEN and tok.string.strip():
            return _shell(text, names, docker=False)  # not Python we can place: strict
        _gap(out, text[cursor:start], _PYTHON_GAP)
        cursor = end
        if tok.type == tokenize.STRING:
            _python_string(out, tok.string, names)
        elif tok.type == tokenize.COMMENT:
            _comment(out, tok.string)
        elif tokenize.tok_name.get(tok.type) in _PYTHON_SHOWN or tok.type == tokenize.ERRORTOKEN:
            out.keep(tok.string)
        else:  # numbers, and what this Python's tokenize adds (3.12: f-string text)
            out.hide(text[start:end])
    _gap(out, text[cursor:], _PYTHON_GAP)
    return out.text()


#: Token kinds a Python mask shows as they are (an allow-list: a kind a newer ``tokenize``
#: adds is hidden until it is placed here). 3.12 splits an f-string into a start, the text
#: (``FSTRING_MIDDLE``, hidden) and the fields' tokens, and an end.
_PYTHON_SHOWN = frozenset(
    {"NAME", "OP", "NEWLINE", "NL", "INDENT", "DEDENT", "FSTRING_START", "FSTRING_END"}
)
#: Between Python tokens: blanks and line continuations.
_PYTHON_GAP = re.compile(r"[\s\\]+")


def _python_string(out: _Out, token: str, names: frozenset[str]) -> None:
    head = _STRING_HEAD.match(token)
    assert head is not None  # a STRING token: a prefix, then its quotes
    body = token[head.end() : len(token) - len(head["q"])]
    out.keep(head.group())
    if _safe_literal(body, names):
        out.keep(body)
    elif "f" in head["prefix"].lower():
        cursor = 0
        for field in _FIELD.finditer(body):
            if field["expr"] is None:
                continue
            out.hide(body[cursor : field.start()])
            out.keep("{")
            out.keep(_js(field["expr"], names))  # an expression: names stay, literals go
            out.keep("}")
            cursor = field.end()
        out.hide(body[cursor:])
    else:
        out.hide(body)
    out.keep(head["q"])


# -- JavaScript / TypeScript ----------------------------------------------------------------

_JS_TOKEN = re.compile(
    r"(?P<comment>//[^\r\n]*|/\*(?:[^*]|\*(?!/))*(?:\*/|$))"
    r"|(?P<string>'(?:\\.|[^'\\\r\n])*'?|\"(?:\\.|[^\"\\\r\n])*\"?)"
    r"|(?P<template>`)"
    r"|(?P<number>(?<![\w$])\.?\d[\w.]*)"
    r"|(?P<word>[A-Za-z_$][\w$]*)"
    r"|(?P<other>\s+|[^\sA-Za-z_$'\"`/\d]+|/)",
    re.DOTALL,
)


_JS_REGEX = re.compile(
    r"/(?P<body>(?:\\.|\[(?:\\.|[^\]\\\r\n])*\]|[^/\\\r\n\[])+)/(?P<flags>[a-z]*)"
)
#: After these (or at the start), a ``/`` opens a regular expression, not a division.
_REGEX_AFTER = frozenset({"", "(", ",", "=", ":", "[", "!", "&", "|", "?", "{", "}", ";"})


def _js(text: str, names: frozenset[str]) -> str:
    out = _Out()
    _js_into(out, text, 0, names, stop_at_brace=False)
    return out.text()


def _js_into(out: _Out, text: str, pos: int, names: frozenset[str], *, stop_at_brace: bool) -> int:
    """Lex from ``pos``; with ``stop_at_brace``, return after the ``}`` closing a field."""
    depth = 0
    prev = ""  # the last character that is not a blank: tells a regex from a division
    while pos < len(text):
        if text[pos] == "/" and prev in _REGEX_AFTER and text[pos + 1 : pos + 2] not in "/*":
            regex = _JS_REGEX.match(text, pos)
            if regex:
                out.keep("/")
                out.hide(regex.group("body"))
                out.keep("/" + regex.group("flags"))
                pos, prev = regex.end(), "x"
                continue
        if stop_at_brace and text[pos] in "{}":
            depth += 1 if text[pos] == "{" else -1
            if depth < 0:
                return pos
            out.keep(text[pos])
            pos += 1
            continue
        match = _JS_TOKEN.match(text, pos)
        assert match is not None
        kind = match.lastgroup
        if kind == "comment":
            _comment(out, match.group())
        elif kind == "string":
            token = match.group()
            quote = token[0]
            closed = len(token) > 1 and token.endswith(quote)
            body = token[1:-1] if closed else token[1:]
            out.keep(quote)
            out.keep(body) if _safe_literal(body, names) else out.hide(body)
            out.keep(quote if closed else "")
        elif kind == "template":
            pos = _template(out, text, match.end(), names)
            continue
        elif kind == "number":
            out.hide(match.group())
        elif kind == "other" and stop_at_brace and any(c in match.group() for c in "{}"):
            piece = re.match(r"[^{}]*", match.group())
            assert piece is not None
            out.keep(piece.group())
            pos += piece.end()
            continue
        else:
            out.keep(match.group())
        pos = match.end()
        prev = match.group().rstrip()[-1:] or prev
    return pos


def _template(out: _Out, text: str, pos: int, names: frozenset[str]) -> int:
    """A template literal from after its opening backtick: text hidden, fields lexed."""
    out.keep("`")
    body_start = pos
    while pos < len(text):
        char = text[pos]
        if char == "\\":
            pos += 2
            continue
        if char == "`":
            body = text[body_start:pos]
            out.keep(body) if _safe_literal(body, names) else out.hide(body)
            out.keep("`")
            return pos + 1
        if text.startswith("${", pos):
            out.hide(text[body_start:pos])
            out.keep("${")
            pos = _js_into(out, text, pos + 2, names, stop_at_brace=True)
            if pos < len(text):
                out.keep("}")
                pos += 1
            body_start = pos
            continue
        pos += 1
    out.hide(text[body_start:])
    return len(text)


# -- shell, Dockerfile, dependency files ------------------------------------------------------

_SH_TOKEN = re.compile(
    r"(?P<space>[^\S\r\n]+|\\?(?:\r\n|\n|\r))"
    r"|(?P<heredoc><<-?[^\S\r\n]*(?P<hq>['\"]?)(?P<delim>[A-Za-z_][\w.\-]*)(?P=hq))"
    r"|(?P<assign>[A-Za-z_][\w.\-]*\+?=)"
    r"|(?P<ref>\$\{[^}\r\n]*\}|\$\([A-Za-z_]\w*\)|\$[A-Za-z_]\w*)"
    r"|(?P<quote>['\"])"
    r"|(?P<op>[;&|()<>]+)"
    r"|(?P<punct>[{}\[\],])"
    r"|(?P<word>[^\s;&|()<>'\"{}\[\],=$]+=?|[=$])"
)
#: An unquoted word shown as is: a name, or letters with ``-``, ``.``, ``/``, ``_`` (no digits).
_SH_WORD = re.compile(r"-{0,2}[A-Za-z][A-Za-z\-./_]{0,40}:?|[./~]?/[A-Za-z\-./_]{0,60}")
#: ``NAME = value`` with blanks around the operator (Makefile ``:=``/``?=``/``+=``, HCL).
_SPACED_ASSIGN = re.compile(
    r"[^\S\r\n]*(?:(?:export|override)[^\S\r\n]+)?[\"']?[A-Za-z_][\w.\-]*[\"']?"
    r"[^\S\r\n]+(?:[:?+!]|::)?=[^\S\r\n]*(?!=)"
)
_DOCKER_HEAD = re.compile(r"[^\S\r\n]*(?P<op>[A-Za-z]+)(?=[^\S\r\n]|$)")
_DOCKER_ENV_SPACE = re.compile(
    r"(?P<space>[^\S\r\n]+)(?P<name>[A-Za-z_][\w.\-]*)(?P<sep>[^\S\r\n]+)"
)


class _Shell:
    def __init__(self, names: frozenset[str]) -> None:
        self.names = names
        self.quote = ""
        self.heredocs: list[tuple[str, bool]] = []  # delimiter, strip tabs
        self.in_heredoc: tuple[str, bool] | None = None
        self.continued = False  # a Dockerfile instruction continued on this line
        self.continued_value = False  # a spaced assignment's value continued on this line

    def line(self, out: _Out, line: str, *, docker: bool) -> None:
        body = line.rstrip("\r\n")
        ending = line[len(body) :]
        if self.in_heredoc is not None:
            delim, tabs = self.in_heredoc
            if (body.lstrip("\t") if tabs else body) == delim:
                out.keep(body)
                self.in_heredoc = None
            else:
                _refs_only(out, body, self.names)
            out.keep(ending)
            return
        pos = 0
        if self.quote:
            pos = self._quoted(out, body, 0)
        elif docker and not self.continued:
            head = _DOCKER_HEAD.match(body)
            if head is not None:  # (a comment line is read by ``_words``)
                out.keep(head.group())
                pos = head.end()
                spaced = _DOCKER_ENV_SPACE.match(body, pos)
                if head["op"].upper() == "ENV" and spaced:
                    out.keep(spaced["space"] + spaced["name"] + spaced["sep"])
                    rest = body[spaced.end() :]
                    value = rest[:-1] if rest.endswith("\\") else rest
                    _refs_only(out, value, self.names)
                    out.keep(rest[len(value) :])
                    pos = len(body)
        value = ""
        if self.continued_value:
            value = "line"  # the value of ``NAME = a \`` goes on
        elif pos == 0 and (spaced := _SPACED_ASSIGN.match(body)):
            out.keep(spaced.group())  # NAME = value, NAME := value (Makefile, HCL, JSON-ish)
            pos, value = spaced.end(), "line"
        self._words(out, body, pos, value)
        self.continued_value = bool(value) and body.endswith("\\")
        out.keep(ending)
        self.continued = docker and body.endswith("\\") and not self.quote
        if self.heredocs and not self.quote:
            self.in_heredoc = self.heredocs.pop(0)

    def _words(self, out: _Out, body: str, pos: int, value: str = "") -> None:
        # In the value of NAME=... ("assign") all but references is hidden; in the value of
        # --flag=... ("flag") keys (``id=``), commas and variable names stay; the value of
        # ``NAME = …`` ("line") runs to the end of the line, like "flag".
        while pos < len(body):
            if self.quote:
                pos = self._quoted(out, body, pos)
                continue
            match = _SH_TOKEN.match(body, pos)
            assert match is not None
            kind, token = match.lastgroup, match.group()
            pos = match.end()
            if kind == "space" or kind == "op":
                value = "line" if value == "line" else ""
                out.keep(token)
            elif kind == "quote":
                self.quote = token
                out.keep(token)
            elif kind == "ref":
                _refs_only(out, token, self.names)
            elif value == "assign" and kind == "assign" and is_name(token[:-1], self.names):
                out.keep(token)  # Environment=NAME=value, env NAME=value: the inner name
            elif value == "assign":
                out.hide(token)
            elif value in ("flag", "line"):
                structure = kind in ("assign", "punct") or token == "="  # noqa: S105
                shown = structure or is_name(token, self.names)
                out.keep(token) if shown else out.hide(token)
            elif kind == "heredoc":
                out.keep(token)
                self.heredocs.append((match["delim"], token.startswith("<<-")))
            elif kind == "assign":
                out.keep(token)
                value = "assign"
            elif token.startswith("#"):
                _comment(out, body[match.start() :])
                return
            elif kind == "word" and token.endswith("=") and _SH_WORD.fullmatch(token[:-1]):
                out.keep(token)
                value = "flag" if token.startswith("-") else "assign"
            elif kind == "punct" or _SH_WORD.fullmatch(token) or is_name(token, self.names):
                out.keep(token)
            else:
                out.hide(token)

    def _quoted(self, out: _Out, body: str, pos: int) -> int:
        """Inside a quote: hidden up to the closing quote (references kept in ``"``)."""
        quote = self.quote
        index = pos
        while index < len(body):
            if body[index] == "\\" and quote == '"':
                index += 2
                continue
            if body[index] == quote:
                break
            index += 1
        inner = body[pos : min(index, len(body))]
        if _safe_literal(inner, self.names) and index < len(body):
            out.keep(inner)
        elif quote == '"':
            _refs_and_names(out, inner, self.names)
        else:
            out.hide(inner)
        if index < len(body):
            out.keep(quote)
            self.quote = ""
            return index + 1
        return len(body)


def _shell(text: str, names: frozenset[str], *, docker: bool) -> str:
    out = _Out()
    state = _Shell(names)
    for match in _LINE.finditer(text):
        if match.group():
            state.line(out, match.group(), docker=docker)
    return out.text()


# -- YAML -------------------------------------------------------------------------------------

_YAML_KEY = re.compile(
    r"(?P<lead>[^\S\r\n]*(?:-[^\S\r\n]+)*)"
    r"(?P<key>(?P<q>[\"']?)[\w.\-/ ]*?[\w.\-/](?P=q)|<<)[^\S\r\n]*:(?=[^\S\r\n]|$)"
)
_YAML_ITEM = re.compile(r"(?P<lead>[^\S\r\n]*-)(?=[^\S\r\n]|$)")
_YAML_PROPS = re.compile(r"(?:[&*!][^\s,\[\]{}]*[^\S\r\n]*)+")
_YAML_BLOCK = re.compile(r"[|>][-+0-9]*(?=[^\S\r\n]|$)")
_YAML_FLOW_KEY = re.compile(r"[\w.\-]+(?=[^\S\r\n]*:(?:[^\S\r\n]|$|[,}\]]))")


class _Yaml:
    def __init__(self, names: frozenset[str]) -> None:
        self.names = names
        self.block: int | None = None  # indent a block scalar's lines must exceed
        self.plain: int | None = None  # the same for a plain scalar's continuation lines
        self.quote = ""

    def line(self, out: _Out, line: str) -> None:
        body = line.rstrip("\r\n")
        ending = line[len(body) :]
        indent = len(body) - len(body.lstrip(" \t"))
        if self.block is not None and (not body.strip() or indent > self.block):
            out.keep(body[:indent])
            _refs_only(out, body[indent:], self.names)
            out.keep(ending)
            return
        self.block = None
        if self.plain is not None and (not body.strip() or indent > self.plain):
            # More text of a plain scalar, whatever it looks like ("x  key: y" included).
            out.keep(body[:indent])
            _refs_only(out, body[indent:], self.names)
            out.keep(ending)
            return
        self.plain = None
        if self.quote:
            pos = self._quoted(out, body, 0)
            self._tail(out, body, pos)
        elif body.lstrip().startswith("#"):
            out.keep(body[:indent])
            _comment(out, body[indent:])
        elif body.strip() in ("---", "...", ""):
            out.keep(body)
        elif key := _YAML_KEY.match(body):
            out.keep(key.group())
            self._value(out, body, key.end(), len(key["lead"]))
        elif item := _YAML_ITEM.match(body):
            out.keep(item.group())
            self._item(out, body, item.end(), len(item["lead"]) - 1)
        else:
            out.keep(body[:indent])
            _refs_only(out, body[indent:], self.names)  # a continued plain scalar
        out.keep(ending)

    def _item(self, out: _Out, body: str, pos: int, indent: int) -> None:
        rest = body[pos:]
        stripped = rest.lstrip()
        named = re.match(r"([A-Za-z_][\w.\-]*)=", stripped)
        if named:
            out.keep(rest[: len(rest) - len(stripped)] + named.group())
            self._scalar_value(out, body, pos + len(rest) - len(stripped) + named.end())
            self.plain = indent
            return
        self._value(out, body, pos, indent)

    def _value(self, out: _Out, body: str, pos: int, indent: int) -> None:
        space = re.compile(r"[^\S\r\n]*").match(body, pos)
        assert space is not None
        out.keep(space.group())
        pos = space.end()
        props = _YAML_PROPS.match(body, pos)
        if props:
            out.keep(props.group())
            pos = props.end()
        block = _YAML_BLOCK.match(body, pos)
        if block:
            out.keep(block.group())
            self.block = indent
            self._tail(out, body, block.end())
        elif body[pos : pos + 1] in ("'", '"'):
            self.quote = body[pos]
            out.keep(self.quote)
            end = self._quoted(out, body, pos + 1)
            self._tail(out, body, end)
        elif body[pos : pos + 1] in ("{", "["):
            self._flow(out, body[pos:])
        else:
            self._scalar_value(out, body, pos)
            if body[pos:].strip() and not body[pos:].lstrip().startswith("#"):
                self.plain = indent

    def _scalar_value(self, out: _Out, body: str, pos: int) -> None:
        comment = re.search(r"[^\S\r\n]#", body[pos:])
        end = pos + comment.start() if comment else len(body)
        value = body[pos:end].rstrip(" \t")
        if is_name(value, self.names):
            out.keep(value)
        else:
            _refs_only(out, value, self.names)
        self._tail(out, body, pos + len(value))

    def _quoted(self, out: _Out, body: str, pos: int) -> int:
        quote = self.quote
        index = pos
        while index < len(body):
            if quote == '"' and body[index] == "\\":
                index += 2
                continue
            if body[index] == quote:
                if quote == "'" and body.startswith("''", index):
                    index += 2
                    continue
                break
            index += 1
        inner = body[pos : min(index, len(body))]
        if index < len(body) and _safe_literal(inner, self.names):
            out.keep(inner)
        else:
            _refs_only(out, inner, self.names)
        if index < len(body):
            out.keep(quote)
            self.quote = ""
            return index + 1
        return len(body)

    def _tail(self, out: _Out, body: str, pos: int) -> None:
        """After a value: blanks and a comment; anything else is hidden."""
        rest = body[pos:]
        stripped = rest.lstrip(" \t")
        out.keep(rest[: len(rest) - len(stripped)])
        if stripped.startswith("#"):
            _comment(out, stripped)
        else:
            out.hide(stripped)

    def _flow(self, out: _Out, text: str) -> None:
        """``{a: x, b: [y]}`` on one line: structure and keys stay, scalars are hidden."""
        pos = 0
        while pos < len(text):
            char = text[pos]
            if char in "{}[],: \t":
                out.keep(char)
                pos += 1
                continue
            if char == "#" and text[pos - 1 : pos] in (" ", "\t"):
                _comment(out, text[pos:])
                return
            ref = _REF.match(text, pos)
            if ref:
                _refs_only(out, ref.group(), self.names)
                pos = ref.end()
                continue
            key = _YAML_FLOW_KEY.match(text, pos)
            if key:
                out.keep(key.group())
                pos = key.end()
                continue
            if char in "'\"":
                self.quote = char
                out.keep(char)
                pos = self._quoted(out, text, pos + 1)
                continue
            scalar = re.compile(r"[^,{}\[\]\r\n]*").match(text, pos)
            assert scalar is not None
            value = scalar.group().rstrip(" \t")  # not empty: it starts with ``char``
            if is_name(value, self.names):
                out.keep(value)
            else:
                _refs_only(out, value, self.names)
            pos += len(value)


def _yaml(text: str, names: frozenset[str]) -> str:
    out = _Out()
    state = _Yaml(names)
    for match in _LINE.finditer(text):
        if match.group():
            state.line(out, match.group())
    return out.text()


def masked_diff(
    before: str,
    edits: Sequence[Edit],
    path: str,
    kind: str,
    *,
    names: Iterable[str] = (),
) -> str:
    """The masked diff of a code file from its (sorted) edits (both texts masked whole:
    a lexer needs the lines above a line to place it)."""
    from envmigrate.diff import TextsView, from_edits, splice

    after = splice(before, edits)
    view = TextsView(mask(before, kind, names), mask(after, kind, names))
    return from_edits(before, edits, path, view)
