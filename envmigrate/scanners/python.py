"""Python: string tokens and identifiers that are exactly an old name; the SDK misuses.

Tokens, not regex: ``"DINGTALK_APP_KEY"`` in ``os.getenv``, ``os.environ[...]``,
``.get``, ``Field(alias=...)`` or anywhere else is a reference; so is an identifier spelt
exactly like the name (a pydantic-settings field ``DINGTALK_APP_KEY: str`` and its
attribute uses). Comments, longer names and f-strings are left alone. ``ast`` finds what
the migration guide gets wrong: ``DingTalkStreamClient(id, secret)`` (the secret becomes
the SDK's ``logger``), ``DingTalkStreamClient.Credential`` (does not exist), and
pydantic-settings fields that read an old name through their lower-case field name.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator, Set

from envmigrate.rules import RenameTable
from envmigrate.scanners.hits import Hit, Lines, name_hit

_PREFIX = re.compile(r"[rRbBuU]*")
_FPREFIX = re.compile(r"[rRbBuUfF]*")
_FIELD = re.compile(r"(?<!\{)\{(?!\{)([^{}]*)\}")
_WORD = re.compile(r"\w+")
_QUOTES = ('"""', "'''", '"', "'")
CLIENT = "DingTalkStreamClient"


def scan(text: str, rules: RenameTable) -> list[Hit]:
    """Every hit in one Python source; a file that does not tokenize or parse yields none."""
    lines = Lines(text)
    try:
        hits = list(_tokens(text, lines, rules))
    except (tokenize.TokenError, SyntaxError):
        return []  # not Python we can read: left alone
    if CLIENT in text or "Settings" in text:
        hits += _ast_hits(text, lines, rules)
    return hits


def _tokens(text: str, lines: Lines, rules: RenameTable) -> Iterator[Hit]:
    names = rules.old_names | set(rules.obsolete)
    readline = io.StringIO(text, newline="").readline  # lines split as ``Lines`` splits them
    for tok in tokenize.generate_tokens(readline):
        start = lines.starts[tok.start[0] - 1] + tok.start[1]
        if tok.type == tokenize.NAME and tok.string in names:
            yield name_hit(start, tok.string, rules, config=False)
        elif tok.type == tokenize.STRING and (found := _string_name(tok.string, names)):
            yield name_hit(start + found[0], found[1], rules, config=False)
        elif tok.type == tokenize.STRING and _is_fstring(tok.string):
            for offset, name in _fstring_names(tok.string, names):
                yield name_hit(start + offset, name, rules, config=False)


def _string_name(token: str, names: Set[str]) -> tuple[int, str] | None:
    """(offset, name) when a string token's whole content is a watched name."""
    match = _PREFIX.match(token)
    skip = match.end() if match else 0
    for quote in _QUOTES:
        if token.startswith(quote, skip) and token.endswith(quote):
            inner = token[skip + len(quote) : len(token) - len(quote)]
            return (skip + len(quote), inner) if inner in names else None
    return None


def _is_fstring(token: str) -> bool:
    match = _FPREFIX.match(token)
    return match is not None and "f" in match.group().lower()


def _fstring_names(token: str, names: Set[str]) -> Iterator[tuple[int, str]]:
    """Names inside the ``{...}`` fields of an f-string (Python 3.11 keeps it one token;
    3.12 tokenizes the fields, and the result must be the same)."""
    for field in _FIELD.finditer(token):
        for match in _WORD.finditer(field.group(1)):
            if match.group() in names:
                yield field.start(1) + match.start(), match.group()


# -- ast: the SDK's constructor and pydantic-settings fields ----------------------------------


def _ast_hits(text: str, lines: Lines, rules: RenameTable) -> list[Hit]:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    hits: list[Hit] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name_of(node.func) == CLIENT:
            hits += _client_call(node, lines)
        elif isinstance(node, ast.Attribute) and node.attr == "Credential":
            if _name_of(node.value) == CLIENT:
                where = _offset(lines, node.lineno, node.col_offset)
                message = f"{CLIENT}.Credential does not exist: use dingtalk_stream.Credential"
                hits.append(Hit(where, where, "EM107", CLIENT, message))
        elif isinstance(node, ast.ClassDef) and _is_settings(node):
            hits += _settings_fields(node, lines, rules)
    return hits


def _name_of(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None


def _offset(lines: Lines, lineno: int, col: int) -> int:
    """ast columns are UTF-8 byte offsets; close enough for ASCII code, clamped otherwise."""
    return lines.starts[lineno - 1] + col


def _client_call(node: ast.Call, lines: Lines) -> list[Hit]:
    """Two positional plain arguments: the guide's form, which passes the secret as logger."""
    args = node.args
    if len(args) < 2 or any(isinstance(a, ast.Starred) for a in args[:2]):
        return []
    if isinstance(args[0], ast.Call) and _name_of(args[0].func) == "Credential":
        return []
    if "log" in (_name_of(args[1]) or "").lower() or isinstance(args[1], ast.Call):
        return []
    where = _offset(lines, node.lineno, node.col_offset)
    message = (
        f"{CLIENT}(id, secret) passes the secret as the SDK's logger: "
        f"use {CLIENT}(dingtalk_stream.Credential(id, secret))"
    )
    return [Hit(where, where, "EM106", CLIENT, message)]


def _is_settings(node: ast.ClassDef) -> bool:
    return any((_name_of(base) or "").endswith("Settings") for base in node.bases)


def _settings_fields(node: ast.ClassDef, lines: Lines, rules: RenameTable) -> Iterator[Hit]:
    """Fields whose env name (``env_prefix`` + field, case-insensitive) is an old name."""
    prefix = _env_prefix(node)
    olds = {name.upper(): name for name in [*rules.renames, *rules.obsolete]}
    for item in node.body:
        if not (isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)):
            continue
        field = item.target.id
        old = olds.get((prefix + field).upper())
        if old is None or field == old:  # exact identifiers are handled as tokens
            continue
        where = _offset(lines, item.lineno, item.col_offset)
        hint = rules.renames.get(old)
        fix = f"rename the field to match {hint}" if hint else "remove it when nothing uses it"
        message = f"settings field {field} reads {old}: {fix} (or give it an alias)"
        yield Hit(where, where + len(field), "EM108", old, message)


def _env_prefix(node: ast.ClassDef) -> str:
    """``env_prefix`` from ``model_config = SettingsConfigDict(...)`` or ``class Config``."""
    for item in ast.walk(node):
        keyword = isinstance(item, ast.keyword) and item.arg == "env_prefix"
        if keyword or (isinstance(item, ast.Assign) and _assigns(item, "env_prefix")):
            value = getattr(item, "value", None)
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                return value.value
    return ""


def _assigns(node: ast.Assign, name: str) -> bool:
    return any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
