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

from envmigrate.i18n import Msg
from envmigrate.rules import RenameTable
from envmigrate.scanners.hits import Hit, Lines, name_hit

_FIELD = re.compile(r"(?<!\{)\{(?!\{)([^{}]*)\}")
_WORD = re.compile(r"\w+")
_LONE_CR = re.compile(r"\r(?!\n)")
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


#: Calls whose string arguments are message text: ``print("X")``, ``logger.error("X")``,
#: ``ValueError("X")``, ``self.assertIn("X", str(err))``, ``pytest.fail("X")``.
MENTION_CALLS = frozenset(
    {"print", "echo", "secho", "debug", "info", "warning", "warn", "error", "exception",
     "critical", "log", "fail", "skip", "xfail", "exit", "assertIn", "assertNotIn",
     "assertRegex", "assertNotRegex", "assertRaisesRegex", "assertWarnsRegex", "_"}
)  # fmt: skip
_SKIP_TYPES = frozenset({tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT})


def _mention_call(name: str) -> bool:
    return name in MENTION_CALLS or name.endswith(("Error", "Exception", "Warning", "Exit"))


def _tokens(text: str, lines: Lines, rules: RenameTable) -> Iterator[Hit]:
    names = rules.old_names | set(rules.obsolete)
    # Lines split as ``Lines`` splits them: a lone CR ends a line for Python, not for
    # ``tokenize`` (an LF in its place keeps every offset)
    readline = io.StringIO(_LONE_CR.sub("\n", text)).readline
    tokens = [t for t in tokenize.generate_tokens(readline) if t.type not in _SKIP_TYPES]
    calls: list[str] = []  # the callee of each open bracket ("" when not a call)
    statement = ""  # the first token of the current logical line
    for index, tok in enumerate(tokens):
        prev = tokens[index - 1] if index else None
        if tok.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
            statement = ""  # (these two may sit on a line past the text's end)
            continue
        start = lines.starts[tok.start[0] - 1] + tok.start[1]
        statement = statement or tok.string
        if tok.type == tokenize.OP and tok.string in "([{":
            callee = prev.string if prev and prev.type == tokenize.NAME else ""
            calls.append(callee if tok.string == "(" else "")
        elif tok.type == tokenize.OP and tok.string in ")]}" and calls:
            calls.pop()
        if tok.type == tokenize.NAME and tok.string in names:
            yield name_hit(start, tok.string, rules, config=False)
        elif tok.type == tokenize.STRING and (found := _string_name(tok.string, names)):
            if not _mention(tokens, index, calls, statement):
                yield name_hit(start + found[0], found[1], rules, config=False)
            continue
        elif tok.type == tokenize.STRING and _is_fstring(tok.string):
            for offset, name in _fstring_names(tok.string, names):
                yield name_hit(start + offset, name, rules, config=False)


def _mention(
    tokens: list[tokenize.TokenInfo], index: int, calls: list[str], statement: str
) -> bool:
    """A string that is message text: a mention call's argument, ``match="X"``, or
    ``assert "X" in message``."""
    if calls and _mention_call(calls[-1]):
        return True
    before = [t.string for t in tokens[max(0, index - 2) : index]]
    if before == ["match", "="]:
        return True
    after = tokens[index + 1].string if index + 1 < len(tokens) else ""
    if statement != "assert" or after not in ("in", "not"):
        return False
    rest = []  # what the name is looked for in: message text, or data (``REQUIRED``)?
    for tok in tokens[index + 2 :]:
        if tok.type == tokenize.NEWLINE:
            break
        rest.append(tok.string.lower())
    return any(word in part for part in rest for word in _MESSAGE_WORDS)


#: Words of ``assert "X" in <expr>`` that say the expression is message text.
_MESSAGE_WORDS = ("str", "repr", "err", "out", "message", "msg", "text", "log", "exc", "value")


def _string_name(token: str, names: Set[str]) -> tuple[int, str] | None:
    """(offset, name) when a string token's whole content is a watched name."""
    skip = len(token) - len(token.lstrip("rRbBuU"))
    for quote in _QUOTES:
        if token.startswith(quote, skip) and token.endswith(quote):
            inner = token[skip + len(quote) : len(token) - len(quote)]
            return (skip + len(quote), inner) if inner in names else None
    return None


def _is_fstring(token: str) -> bool:
    prefix = token[: len(token) - len(token.lstrip("rRbBuUfF"))]
    return "f" in prefix.lower()


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
    fixer = _Fixer(text, tree, lines)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name_of(node.func) == CLIENT:
            hits += _client_call(node, lines)
        elif isinstance(node, ast.Attribute) and node.attr == "Credential":
            if _name_of(node.value) == CLIENT:
                where = _offset(lines, node.lineno, node.col_offset)
                message = Msg(
                    "{client}.Credential does not exist: use dingtalk_stream.Credential",
                    client=CLIENT,
                )
                hits.append(Hit(where, where, "EM107", CLIENT, message))
        elif isinstance(node, ast.ClassDef) and _is_settings(node):
            hits += _settings_fields(node, lines, rules, fixer)
    if (hit := fixer.import_hit()) is not None:
        hits.append(hit)
    return hits


def _name_of(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None


def _offset(lines: Lines, lineno: int, col: int) -> int:
    """ast columns are UTF-8 byte offsets; close enough for ASCII code, clamped otherwise."""
    return lines.starts[lineno - 1] + col


def _end(lines: Lines, node: ast.stmt | ast.expr) -> int:
    """Where a parsed node ends (``ast.parse`` always sets the end position)."""
    assert node.end_lineno is not None
    assert node.end_col_offset is not None
    return _offset(lines, node.end_lineno, node.end_col_offset)


def _client_call(node: ast.Call, lines: Lines) -> list[Hit]:
    """Two positional plain arguments: the guide's form, which passes the secret as logger."""
    args = node.args
    if len(args) < 2 or any(isinstance(a, ast.Starred) for a in args[:2]):
        return []
    if isinstance(args[0], ast.Call) and _name_of(args[0].func) == "Credential":
        return []
    second = _name_of(args[1])
    if (second is not None and "log" in second.lower()) or isinstance(args[1], ast.Call):
        return []
    where = _offset(lines, node.lineno, node.col_offset)
    message = Msg(
        "{client}(id, secret) passes the secret as the SDK's logger: "
        "use {client}(dingtalk_stream.Credential(id, secret))",
        client=CLIENT,
    )
    return [Hit(where, where, "EM106", CLIENT, message)]


def _is_settings(node: ast.ClassDef) -> bool:
    names = (_name_of(base) for base in node.bases)
    return any(name is not None and name.endswith("Settings") for name in names)


def _settings_fields(
    node: ast.ClassDef, lines: Lines, rules: RenameTable, fixer: _Fixer
) -> Iterator[Hit]:
    """Fields whose env name (``env_prefix`` + field, case-insensitive) is an old name:
    renamed ones get ``validation_alias="NEW"`` (the attribute keeps its name)."""
    prefix = _env_prefix(node)
    olds = {name.upper(): name for name in [*rules.renames, *rules.obsolete]}
    for item in node.body:
        if not (isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)):
            continue
        field = item.target.id
        old = olds.get((prefix + field).upper())
        if old is None or field == old:  # exact identifiers are handled as tokens
            continue
        if _aliased(item.value):
            continue  # read through its alias, not its field name (the alias is a string token)
        where = _offset(lines, item.lineno, item.col_offset)
        new = rules.renames.get(old)
        edit = fixer.alias(item, new) if new else None
        if edit is None:
            if new:
                message = Msg(
                    "settings field {field} reads {old}: give it validation_alias={alias}",
                    field=field,
                    old=old,
                    alias=repr(new),
                )
            else:
                message = Msg(
                    "settings field {field} reads {old}: remove it when nothing uses it",
                    field=field,
                    old=old,
                )
            yield Hit(where, where + len(field), "EM108", old, message)
            continue
        start, end, text = edit
        message = Msg(
            "settings field {field} reads {old}: read {new} through validation_alias",
            field=field,
            old=old,
            new=new,
        )
        yield Hit(start, end, "EM108", old, message, text)


def _aliased(value: ast.expr | None) -> bool:
    """``Field(alias=…)`` or ``Field(validation_alias=…)``: the env name is the alias."""
    return isinstance(value, ast.Call) and any(
        k.arg in ("alias", "validation_alias") for k in value.keywords
    )


class _Fixer:
    """Source edits for settings fields: the ``validation_alias`` and, once, the import."""

    def __init__(self, text: str, tree: ast.Module, lines: Lines) -> None:
        self.text = text
        self.lines = lines
        self.field_name, self.import_at = _field_import(tree, lines)
        self.import_needed = False

    def alias(self, item: ast.AnnAssign, new: str) -> tuple[int, int, str] | None:
        if not self.text.isascii():
            return None  # ast columns are UTF-8 bytes: only ASCII sources are edited
        if self.field_name is None and self.import_at is None:
            return None  # nowhere to import Field: reported only
        value = item.value
        kwarg = f"validation_alias={new!r}".replace("'", '"')
        if value is None:
            end = _end(self.lines, item)
            return end, end, f" = {self._field()}({kwarg})"
        if isinstance(value, ast.Call) and _name_of(value.func) == "Field":
            # (a call with an alias never gets here: ``_aliased``)
            close = _end(self.lines, value) - 1  # the call's ')'
            before = self.text[:close].rstrip()
            sep = "" if before.endswith(("(", ",")) else ", "
            return close, close, f"{sep}{kwarg}"
        start = _offset(self.lines, value.lineno, value.col_offset)
        end = _end(self.lines, value)
        return start, end, f"{self._field()}({self.text[start:end]}, {kwarg})"

    def _field(self) -> str:
        if self.field_name is None:
            self.import_needed = True
            return "Field"
        return self.field_name

    def import_hit(self) -> Hit | None:
        if not self.import_needed or self.import_at is None:
            return None
        message = Msg("import Field for the settings aliases")
        return Hit(
            self.import_at,
            self.import_at,
            "EM108",
            "Field",
            message,
            "\nfrom pydantic import Field",
        )


def _field_import(tree: ast.Module, lines: Lines) -> tuple[str | None, int | None]:
    """How ``Field`` is spelt here (None: not imported), and where to add the import."""
    spelling: str | None = None
    at: int | None = None
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module in ("pydantic", "pydantic.fields"):
            for alias in node.names:
                if alias.name == "Field":
                    spelling = alias.asname or "Field"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "pydantic" and spelling is None:
                    spelling = f"{alias.asname or 'pydantic'}.Field"
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            at = _end(lines, node)
    return spelling, at


def _env_prefix(node: ast.ClassDef) -> str:
    """``env_prefix`` from ``model_config = SettingsConfigDict(...)`` or ``class Config``."""
    for item in ast.walk(node):
        if (isinstance(item, ast.keyword) and item.arg == "env_prefix") or (
            isinstance(item, ast.Assign) and _assigns(item, "env_prefix")
        ):
            value = item.value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                return value.value
    return ""


def _assigns(node: ast.Assign, name: str) -> bool:
    return any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
