"""Masked diffs for code and config files: values could be secrets, names are not.

Every string literal is masked unless it is a variable name or a pure reference
(``${X}``, ``$X``, ``${{ secrets.X }}``); in config formats (YAML, Dockerfile, shell) an
unquoted value after ``NAME=``, ``key:`` or ``ENV NAME`` is masked too. Lines are masked
the same way before and after, so the diff lines up and context lines leak nothing.
"""

from __future__ import annotations

import re

from envmigrate.diff import unified
from envmigrate.redact import MASK

_STRING = re.compile(r"(?P<q>['\"`])(?P<body>(?:\\.|(?!(?P=q))[^\\\r\n])*)(?P=q)")
#: Shown as is: upper-case variable names, plain references, CI expressions, nothing.
_SAFE = re.compile(r"[A-Z_][A-Z0-9_]*|\$\{?[A-Za-z_]\w*\}?|\$\{\{[^}]*\}\}|")
_ASSIGNED = re.compile(
    r"(?P<head>(?:^|(?<=[\s\-]))[\w.\-]+[ \t]*(?:=|:[ \t]+))(?P<value>[^\s'\"#$|>&{\[][^\r\n#]*)",
    re.MULTILINE,
)
_DOCKER = re.compile(
    r"(?im)^(?P<head>[ \t]*(?:ENV|ARG)[ \t]+[\w.\-]+[ \t]+)(?P<value>[^\s=][^\r\n]*)"
)
CONFIG_KINDS = frozenset({"yaml", "docker", "shell", "properties"})
_LINE_TEXT = re.compile(r"[^\r\n]+")


def _string(match: re.Match[str]) -> str:
    if _SAFE.fullmatch(match.group("body")):
        return match.group()
    return f"{match.group('q')}{MASK}{match.group('q')}"


def _value(match: re.Match[str]) -> str:
    value = match.group("value").rstrip()
    if _SAFE.fullmatch(value):
        return match.group()
    return match.group("head") + MASK + match.group("value")[len(value) :]


def mask(text: str, kind: str) -> str:
    """The text with possible secret values replaced by ``****`` (line structure kept)."""
    text = _token_strings(text, kind)
    text = _STRING.sub(_string, text)
    if kind in CONFIG_KINDS:
        text = _ASSIGNED.sub(_value, text)
        if kind == "docker":
            text = _DOCKER.sub(_value, text)
    return text


def _token_strings(text: str, kind: str) -> str:
    """Token-scanned languages: every string literal's text, multi-line ones (text blocks,
    heredocs, raw strings) included, line by line; interpolated code stays readable."""
    from envmigrate.scanners.lexer import DIALECTS, STR, LexError, lex

    dialect = DIALECTS.get(kind)
    if dialect is None:
        return text
    try:
        toks = lex(text, dialect)
    except LexError:
        return text
    spans: list[tuple[int, int]] = []
    for k, tok in enumerate(toks):
        if tok.kind != STR or _SAFE.fullmatch(text[tok.body : tok.body_end]):
            continue
        at = tok.body
        for inner in toks[k + 1 :]:
            if inner.start >= tok.end:
                break
            if inner.start >= at:
                spans.append((at, min(inner.start, tok.body_end)))
                at = inner.end
        if at < tok.body_end:
            spans.append((at, tok.body_end))
    out, at = [], 0
    for start, end in spans:
        if start < at:
            continue
        out.append(text[at:start])
        out.append(_LINE_TEXT.sub(MASK, text[start:end]))
        at = end
    out.append(text[at:])
    return "".join(out)


def masked_diff(before: str, after: str, path: str, kind: str, *, show_secrets: bool) -> str:
    if show_secrets:
        return unified(before, after, path)
    return unified(mask(before, kind), mask(after, kind), path)
