"""JavaScript/TypeScript: reads of the variables, and the env schemas that parse them.

The source is split into code, strings, template literals and comments first, so a name
in a comment or inside message text never matches. In code, a name is a hit when it is:

- a property: ``process.env.X``, ``process.env?.X``, ``import.meta.env.X``,
  ``Bun.env.X``, and the parsed object of an env schema (``config.X``, ``env?.X``);
- an object key: ``z.object({ X: z.string() })``, ``cleanEnv(process.env, { X: str() })``,
  t3-env's ``server``/``runtimeEnv``, joi, a TypeScript ``interface Env { X: string }``,
  and destructuring ``const { X: local } = process.env``;
- a shorthand property ``{ X }`` (rewritten to ``{ NEW: X }``, so the local name still
  works), except in ``import``/``export`` lists and enums.

A string literal that is exactly the name is a read (``process.env["X"]``,
``Deno.env.get("X")``, computed keys ``{ ["X"]: id }``) unless it only *mentions* the
name: an argument of ``console.*``/logger calls, ``Error`` constructors and test matchers on
message text (``toContain('X')``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from envmigrate.rules import RenameTable
from envmigrate.scanners.hits import Hit, name_hit
from envmigrate.scanners.text import alternation, watched

_PIECE = re.compile(
    r"//[^\r\n]*|/\*.*?(?:\*/|\Z)"
    r"|'(?:\\.|[^'\\\r\n])*'|\"(?:\\.|[^\"\\\r\n])*\"|`(?:\\.|[^`\\])*`"
    # a regex literal where an expression starts (``.replace(/'/g, "")``): not a quote
    r"|(?<=[(,=:\[!&|?{};\s])/(?![/*\s])(?:\\.|\[(?:\\.|[^\]\\\r\n])*\]|[^/\\\r\n\[])+/[a-z]*",
    re.DOTALL,
)
#: Calls whose string arguments are message text, not variable names.
MENTION = re.compile(
    r"(?:\b(?:console|logger|log|logging)\s*\??\.\s*\w+"
    r"|\b\w*(?:Error|Exception|Warning)|\b(?:alert|print|fail|warn|die)"
    r"|\.\s*(?:toContain|toMatch|toThrow\w*|toMatch\w*Snapshot|stringContaining"
    r"|stringMatching|includes|startsWith|endsWith|indexOf|match|replace\w*|regex|throws))"
    r"\s*\(\s*(?:(?:[^()]|\([^()]*\))*,\s*)?$"
)
_TEMPLATE_EXPR = re.compile(r"\$\{([^{}`]*)\}")


class Piece(NamedTuple):
    kind: str  # "code", "string", "template", "comment"
    start: int
    end: int


def pieces(text: str) -> list[Piece]:
    """The source split into code, string literals, template literals and comments."""
    out: list[Piece] = []
    at = 0
    for match in _PIECE.finditer(text):
        if match.start() > at:
            out.append(Piece("code", at, match.start()))
        first = match.group()[0]
        kind = {"/": "comment", "`": "template"}.get(first, "string")  # a regex: "comment"
        out.append(Piece(kind, match.start(), match.end()))
        at = match.end()
    if at < len(text):
        out.append(Piece("code", at, len(text)))
    return out


@lru_cache(maxsize=8)
def _patterns(key: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    names = alternation(key)
    prop = re.compile(rf"(?:\?\.|(?<!\.)\.)[ \t]*(?P<n>{names})(?![\w$])")
    word = re.compile(rf"(?<![\w$.])(?P<n>{names})(?![\w$])")
    return prop, word


def scan(text: str, rules: RenameTable) -> list[Hit]:
    prop, word = _patterns(watched(rules))
    names = set(watched(rules))
    split = pieces(text)
    code = _code_only(text, split)
    hits: list[Hit] = []
    for piece in split:
        if piece.kind == "string":
            body = text[piece.start + 1 : piece.end - 1]
            if body in names and not MENTION.search(code[max(0, piece.start - 120) : piece.start]):
                hits.append(name_hit(piece.start + 1, body, rules, config=False))
        elif piece.kind == "template":
            for expr in _TEMPLATE_EXPR.finditer(text, piece.start, piece.end):
                for match in prop.finditer(text, expr.start(1), expr.end(1)):
                    hits.append(name_hit(match.start("n"), match.group("n"), rules, config=False))
            body = text[piece.start + 1 : piece.end - 1]
            if body in names and not MENTION.search(code[max(0, piece.start - 120) : piece.start]):
                hits.append(name_hit(piece.start + 1, body, rules, config=False))
        elif piece.kind == "code":
            for match in prop.finditer(text, piece.start, piece.end):
                hits.append(name_hit(match.start("n"), match.group("n"), rules, config=False))
            for match in word.finditer(text, piece.start, piece.end):
                hits += _word(code, match.start("n"), match.group("n"), rules)
    return hits


def _code_only(text: str, split: list[Piece]) -> str:
    """The text with the insides of strings and templates blanked, and comments (regex
    literals too) blanked whole: same offsets, line ends kept."""
    out = []
    for piece in split:
        chunk = text[piece.start : piece.end]
        if piece.kind == "code":
            out.append(chunk)
        elif piece.kind == "comment":
            out.append(_BLANK.sub(" ", chunk))
        else:  # a string or template: its quotes stay, so a key ``"X":`` still reads as one
            out.append(chunk[0] + _BLANK.sub(" ", chunk[1:-1]) + chunk[-1])
    return "".join(out)


_BLANK = re.compile(r"[^\r\n]")


def _prev(code: str, at: int) -> str:
    """The last non-blank character before ``at`` ("" at the start)."""
    return code[max(0, at - 4096) : at].rstrip()[-1:]  # a window: linear in the file


def _next(code: str, at: int) -> str:
    rest = code[at : at + 4096].lstrip()
    return rest[:2]


def _word(code: str, start: int, name: str, rules: RenameTable) -> Iterator[Hit]:
    """A bare name in code: an object key, or a shorthand property."""
    end = start + len(name)
    prev, nxt = _prev(code, start), _next(code, end)
    line_start = code.rfind("\n", 0, start) + 1
    at_line_start = not code[line_start:start].strip()
    is_key = nxt.startswith((":", "?:"))
    if is_key and (prev in ("{", ",", ";") or (at_line_start and prev not in ("?", ":"))):
        if _opener_context(code, start) != "import":
            yield name_hit(start, name, rules, config=False)
        return
    shorthand = prev in ("{", ",") and (
        nxt[:1] in (",", "}") or (nxt[:1] == "=" and nxt[1:2] not in ("=", ">"))
    )
    if shorthand and _opener_context(code, start) == "object":
        hit = name_hit(start, name, rules, config=False)
        if hit.replacement is not None:
            hit = hit._replace(replacement=f"{hit.replacement}: {name}")
        yield hit


_IMPORTISH = re.compile(r"(?:\b(?:import|export)(?:\s+type)?|\benum\s+[\w$]+|\)|=>)\s*\Z")


def _opener_context(code: str, at: int) -> str:
    """What the innermost ``{`` around ``at`` opens: "import" (import/export list, enum,
    block), "object", or "none"."""
    depth = 0
    for i in range(at - 1, max(-1, at - 65536), -1):  # a bounded look back
        char = code[i]
        if char == "}":
            depth += 1
        elif char == "{":
            if depth == 0:
                head = code[max(0, i - 80) : i]
                return "import" if _IMPORTISH.search(head) else "object"
            depth -= 1
    return "none"
