"""JSON and Terraform/HCL: env maps, ``name``/``value`` env lists, npm scripts.

Both are read token by token with the path of keys that leads to each token, so every
byte outside the renamed names stays put. A name is a hit when it is:

- a key of an env map: ``"environment": {"X": …}`` (JSON), ``environment { variables =
  { X = … } }``, ``env = { X = … }`` (HCL);
- the ``name`` of an entry in an env or secrets list: ECS task definitions
  (``"environment": [{"name": "X", "value": …}]``, ``"secrets": [{"name": "X",
  "valueFrom": …}]``; the container variable, not the stored secret, which ``valueFrom``
  names), ``jsonencode([{ name = "X" }])`` and the Kubernetes provider's ``env { name = "X" }``;
- ``${X}`` inside a JSON string (CloudFormation ``Fn::Sub``, templated config);
- in ``package.json``, a read in an npm script (scanned as shell).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from envmigrate.rules import RenameTable
from envmigrate.scanners.hits import Hit, name_hit
from envmigrate.scanners.text import alternation, watched

ENV_KEYS = frozenset(
    {"env", "environment", "variables", "environment_variables", "env_vars", "envvars", "envs",
     "extraenv", "app_settings", "container_env", "build_args", "buildargs"}
)  # fmt: skip
LIST_KEYS = ENV_KEYS | {"secrets"}
_JSON_TOKEN = re.compile(r'"(?:\\.|[^"\\\r\n])*"|//[^\n]*|/\*.*?(?:\*/|\Z)|[{}\[\]:,]', re.DOTALL)


class _Frame(NamedTuple):
    kind: str  # "{" or "["
    name: str  # the key this container is the value of (lower case), or inherited


def _names(rules: RenameTable) -> set[str]:
    return {*rules.renames, *rules.obsolete}


def scan_json(text: str, rules: RenameTable) -> list[Hit]:
    names = _names(rules)
    ref = re.compile(rf"\$\{{(?P<n>{alternation(watched(rules))})(?=[}}:])")
    hits: list[Hit] = []
    stack = [_Frame("", "")]  # the open containers, under a root that is never closed
    key: str | None = None  # the last key seen in the innermost object
    tokens = [t for t in _JSON_TOKEN.finditer(text) if not t.group().startswith("/")]
    following: list[re.Match[str] | None] = [*tokens[1:], None]
    for token, after in zip(tokens, following, strict=False):  # no tokens: one None
        value = token.group()
        if value in ("{", "["):
            name = key.lower() if key is not None and stack[-1].kind == "{" else stack[-1].name
            stack.append(_Frame(value, name))
            key = None
        elif value in ("}", "]"):
            if len(stack) > 1:
                stack.pop()
        elif value.startswith('"'):
            body = value[1:-1]
            if after is not None and after.group() == ":":  # a key
                key = body
                if body in names and _env_map(stack):
                    hits.append(name_hit(token.start() + 1, body, rules, config=True))
                continue
            if body in names and key in ("name", "Name") and _env_list(stack):
                hits.append(name_hit(token.start() + 1, body, rules, config=True))
            if stack[-1] == ("{", "scripts"):
                hits += _script(text, token.start() + 1, token.end() - 1, rules)
            else:
                for match in ref.finditer(text, token.start() + 1, token.end() - 1):
                    hits.append(name_hit(match.start("n"), match.group("n"), rules, config=True))
    return hits


def _env_map(stack: list[_Frame]) -> bool:
    """The innermost container is an env map: an object that is the value of an env key
    in an object (not an entry of an env list)."""
    return stack[-1].kind == "{" and stack[-1].name in ENV_KEYS and stack[-2].kind == "{"


def _env_list(stack: list[_Frame]) -> bool:
    """The innermost container is an entry of an env (or secrets) list."""
    return stack[-1].name in LIST_KEYS and stack[-2].kind == "["


def _script(text: str, start: int, end: int, rules: RenameTable) -> list[Hit]:
    """An npm script: the JSON string read as shell (escapes blanked, offsets kept)."""
    from envmigrate.scanners.shell import scan_shell

    body = re.sub(
        r"\\(.)", lambda m: " " + (m.group(1) if m.group(1) in "\"\\'" else " "), text[start:end]
    )
    return [
        hit._replace(start=hit.start + start, end=hit.end + start)
        for hit in scan_shell(body, rules)
    ]


# -- HCL ------------------------------------------------------------------------------------

#: Comments and heredocs are matched to be skipped; ``tok`` is every other token.
_HCL_TOKEN = re.compile(
    r"#[^\n]*|//[^\n]*|/\*.*?(?:\*/|\Z)"  # unterminated: to the end (linear, never rescanned)
    r"|<<-?(?P<h>\w+)\r?\n(?:.*?^[ \t]*(?P=h)[ \t]*$|.*\Z)"
    r'|(?P<tok>"(?:\\.|\$\{[^}]*\}|[^"\\\r\n])*"'
    r"|[A-Za-z_][\w\-]*|[{}\[\]()=:,]|\n)",
    re.DOTALL | re.MULTILINE,
)
_HCL_NAME = re.compile(r"[A-Za-z_][\w\-]*")


def scan_hcl(text: str, rules: RenameTable) -> list[Hit]:
    names = _names(rules)
    hits: list[Hit] = []
    stack = [""]  # the names of the open containers, under a root that is never closed
    tokens = [t for t in _HCL_TOKEN.finditer(text) if t.group("tok") is not None]
    values = ["", *(t.group() for t in tokens), ""]  # values[i + 1] is tokens[i]
    for index, token in enumerate(tokens, 1):
        value, prev, follows = values[index], values[index - 1], values[index + 1]
        if value in ("{", "[", "("):
            # ``f(`` takes the name of the attribute it is the value of (``env = merge(``)
            stack.append(_opener_name(values, index - 1 if value == "(" else index) or stack[-1])
        elif value in ("}", "]", ")"):
            if len(stack) > 1:
                stack.pop()
        else:
            quoted = value.startswith('"')
            body = value[1:-1] if quoted else value
            if body not in names:
                continue
            start = token.start() + quoted
            env_key = follows in ("=", ":") and stack[-1] in ENV_KEYS and prev in ("{", ",", "\n")
            entry_name = (  # ``name = "X"`` in an entry of an env or secrets list
                quoted
                and prev in ("=", ":")
                and stack[-1] in LIST_KEYS
                and values[index - 2].strip('"') == "name"
            )
            if env_key or entry_name:
                hits.append(name_hit(start, body, rules, config=True))
    return hits


def _opener_name(values: list[str], index: int) -> str:
    """``environment {``, ``environment = {``, ``env "x" {``: the block or attribute name
    (``values[index]`` is the opener; ``values[0]`` is an empty sentinel)."""
    i = index - 1
    if values[i] in ("=", ":"):
        i -= 1
    while values[i].startswith('"'):
        i -= 1  # block labels
    return values[i].lower() if _HCL_NAME.fullmatch(values[i]) else ""
