"""YAML deployment config: docker-compose, GitHub/GitLab workflows, Kubernetes manifests.

Line based, with an indentation stack for context (no YAML library needed, and every
byte of the file stays put). A name is a hit when it is:

- a key under ``env:``, ``environment:``, ``variables:`` or ``args:`` (map form);
- a list item under those (``- NAME=value`` or ``- NAME``, compose list form);
- the value of ``name:`` in an ``env:`` list (Kubernetes ``- name: NAME``);
- a reference anywhere: ``$NAME``, ``${NAME}``, ``${NAME:-x}``, ``${{ env.NAME }}``.

``secrets.NAME``, ``vars.NAME``, ``secretKeyRef`` keys and the keys of a Kubernetes Secret
name things stored elsewhere (CI secrets, Kubernetes Secrets): renaming them here alone
would deploy an empty credential, so they are reported with the store they live in
(``migrate`` prints the commands that rename them there) and never rewritten.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from envmigrate.rules import RenameTable
from envmigrate.scanners.hits import Hit, as_setting, name_hit, store_hit
from envmigrate.scanners.text import alternation, watched

ENV_KEYS = frozenset(
    {"env", "environment", "variables", "args", "extraenv", "extraenvvars", "envvars", "envs",
     "environmentvariables", "containerenv", "secretenv", "buildargs", "build_args"}
)  # fmt: skip
#: Keys whose value is the name of a variable: Kubernetes/ECS ``- name: X`` in an env list,
#: and custom config that names the variable it reads.
NAME_KEYS = frozenset({"name", "envname", "env_name", "envvar", "env_var", "variable"})
#: ``data`` of a Kubernetes ConfigMap: variables through ``envFrom`` (renamed, with the
#: ``configMapKeyRef`` keys); a Secret's keys name what is stored: reported, not renamed.
_KIND = re.compile(r"kind:[ \t]*[\"']?(?P<kind>\w+)")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_KEY = re.compile(
    r"(?P<indent>[ \t]*)(?P<dash>-[ \t]+)?(?P<q>[\"']?)(?P<key>[\w.\-<]+)(?P=q)[ \t]*:(?=[ \t]|$)"
)
_ITEM = re.compile(
    r"(?P<indent>[ \t]*)-[ \t]+(?P<q>[\"']?)(?P<value>[\w.\-]+)(?=[=]|(?P=q)[ \t]*(?:#|$))"
)
_VALUE = re.compile(r"[ \t]*(?P<q>[\"']?)(?P<value>[\w.\-]+)(?P=q)[ \t]*(?:#.*)?$")
_ANCHOR = re.compile(r"[ \t]*(?:![\w!/.:-]*[ \t]+)?&(?P<a>[\w.\-]+)")
_FLOW_KEY = re.compile(
    r"(?:(?<=,)|(?<=\{)(?<!\$\{))[ \t]*(?P<q>[\"']?)(?P<key>[\w.\-]+)(?P=q)[ \t]*:"
)
_FLOW_NAME = re.compile(
    r"(?<=[{,])[ \t]*name[ \t]*:[ \t]*(?P<q>[\"']?)(?P<value>[\w.\-]+)(?P=q)[ \t]*(?=[,}])"
)
_FLOW_ITEM = re.compile(r"(?<=[\[,])[ \t]*(?P<q>[\"']?)(?P<key>[\w.\-]+)(?=[=]|(?P=q)[ \t]*[,\]])")
#: A flow map or list after an env key: its keys, its items, the ``name:`` of its entries.
_FLOW_PATTERNS = ((_FLOW_KEY, "key"), (_FLOW_ITEM, "key"), (_FLOW_NAME, "value"))


@lru_cache(maxsize=8)
def _refs(key: tuple[str, ...]) -> re.Pattern[str]:
    names = alternation(key)
    return re.compile(
        rf"(?:\$[{{(]?|\$\{{env:[ \t]*|(?<![\w.])env\.|\.Values(?:\.[\w-]+)*\.)({names})(?!\w)"
    )


@lru_cache(maxsize=8)
def _stored(key: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.])(secrets|vars)\.({alternation(key)})(?!\w)")


#: ``secrets.X`` / ``vars.X`` in a workflow -> the store that holds X.
_WORKFLOW_STORES = {"secrets": "github", "vars": "github-vars"}


class _State:
    def __init__(self, text: str, rules: RenameTable, anchors: frozenset[str]) -> None:
        self.rules = rules
        self.names = {*rules.renames, *rules.obsolete}
        self.env_keys = ENV_KEYS
        self.kind = ""  # the Kubernetes kind of the current document
        self.secret = ""  # the ``name:`` of the Secret being read (metadata or secretKeyRef)
        self.anchors = anchors  # anchors whose node is used as an env map
        self.used: set[str] = set()  # anchors used in an env context (found on this pass)
        self.stack: list[tuple[int, str]] = []
        self.hits: list[Hit] = []
        self.scripts: list[tuple[int, int]] = []  # spans of shell (``run:``, ``script:``)
        self.comments: list[int] = []  # where trailing comments start (outside block scalars)

    def hit(self, offset: int, name: str) -> None:
        self.hits.append(name_hit(offset, name, self.rules, config=True))

    def in_env(self) -> bool:
        return bool(self.stack) and self.stack[-1][1] in self.env_keys


def scan(text: str, rules: RenameTable) -> list[Hit]:
    state = _lines(text, rules, frozenset())
    if state.used:  # anchors used as env maps: a second pass knows their keys are env keys
        state = _lines(text, rules, frozenset(state.used))
    comments = state.comments
    refs = [
        name_hit(m.start(1), m.group(1), rules, config=True)
        for m in _refs(watched(rules)).finditer(text)
        if not _commented(text, m.start(), comments)
    ]
    stored = [
        store_hit(m.start(2), m.group(2), rules, _WORKFLOW_STORES[m.group(1)])
        for m in _stored(tuple(sorted(rules.renames))).finditer(text)
        if not _commented(text, m.start(), comments)
    ]
    found = [*_scripts(text, state.scripts, rules), *refs, *state.hits, *stored]
    hits = {hit.start: hit for hit in found}
    return sorted(hits.values())


def _scripts(text: str, spans: list[tuple[int, int]], rules: RenameTable) -> list[Hit]:
    """The shell in ``run:``/``script:`` values, read as shell (offsets kept)."""
    if not spans:
        return []
    from envmigrate.scanners.shell import scan_shell

    keep = bytearray(len(text))
    for start, end in spans:
        keep[start:end] = b"\x01" * (end - start)
    shell = "".join(c if keep[i] or c in "\r\n" else " " for i, c in enumerate(text))
    return [as_setting(h) for h in scan_shell(shell, rules)]


def _commented(text: str, at: int, comments: list[int]) -> bool:
    """In a comment line, or after the ``#`` of a trailing comment (``comments``: the
    offsets where they start, in order, one per line)."""
    start = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
    if text[start:at].lstrip().startswith("#"):
        return True
    index = bisect.bisect_right(comments, at) - 1
    return index >= 0 and comments[index] >= start


def _comment_start(line: str) -> int:
    """Where a trailing ``# comment`` starts (a ``#`` after a blank, outside quotes), or -1."""
    quote = ""
    for i, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"" and (i == 0 or line[i - 1] in " \t[{,:"):
            quote = char
        elif char == "#" and i and line[i - 1] in " \t":
            return i
    return -1


def _lines(text: str, rules: RenameTable, anchors: frozenset[str]) -> _State:
    state = _State(text, rules, anchors)
    block: tuple[int, bool] | None = None  # a block scalar: its key's indent, is it shell
    for match in _LINE.finditer(text):
        line = match.group().rstrip("\r\n")
        if block is not None:
            if not line.strip() or _indent(line) > block[0]:
                if block[1]:
                    state.scripts.append((match.start(), match.start() + len(line)))
                continue
            block = None
        if line.startswith("---"):
            state.kind = state.secret = ""
        elif kind := _KIND.match(line):
            state.kind = kind.group("kind")
        if line.strip() and not line.lstrip().startswith("#"):
            if (comment := _comment_start(line)) >= 0:
                state.comments.append(match.start() + comment)
            _line_hits(line, match.start(), state)
            block = _script(line, match.start(), state)
    return state


SCRIPT_KEYS = frozenset({"run", "script", "before_script", "after_script", "commands"})
_BLOCK = re.compile(
    r"(?P<indent>[ \t]*)(?:-[ \t]+)?(?:(?P<q>[\"']?)(?P<key>[\w.\-]+)(?P=q)[ \t]*:[ \t]+)?"
    r"(?:&[\w.\-]+[ \t]+)?[|>][-+0-9]*[ \t]*(?:#.*)?$"
)
#: A one-line shell value: plain, or quoted without escapes (``'…'``, ``"…"``).
_PLAIN = re.compile(
    r"[ \t]*(?:(?P<v>[^\s'\"\[{|>&*!#%@`][^\r\n]*)"
    r"|'(?P<s>[^'\r\n]*)'[ \t]*(?:#.*)?|\"(?P<d>[^\"\\\r\n]*)\"[ \t]*(?:#.*)?)$"
)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _script(line: str, offset: int, state: _State) -> tuple[int, bool] | None:
    """Record the shell of a ``run:``/``script:`` line; a block scalar it opens, if any."""
    parent = state.stack[-1][1].lower() if state.stack else ""
    key = _KEY.match(line)
    if opener := _BLOCK.match(line):
        name = (opener.group("key") or "").lower()
        is_item = line.lstrip().startswith("-")
        shell = name in SCRIPT_KEYS or (not name and is_item and parent in SCRIPT_KEYS)
        return _indent(line), shell
    if key is not None and key.group("key").lower() in SCRIPT_KEYS:
        value = _PLAIN.match(line, key.end())
    elif key is None and parent in SCRIPT_KEYS and line.lstrip().startswith("- "):
        value = _PLAIN.match(line, line.index("-") + 1)
    else:
        return None
    if value:
        group = (
            "v" if value.group("v") is not None else "s" if value.group("s") is not None else "d"
        )
        state.scripts.append((offset + value.start(group), offset + value.end(group)))
    return None


def _line_hits(line: str, offset: int, state: _State) -> None:
    stack = state.stack
    key = _KEY.match(line)
    if key is None:
        item = _ITEM.match(line)
        if item is None:
            flow = re.match(r"[ \t]*-[ \t]+(?=[{\[&*])", line)
            if flow:
                _pop(stack, len(line) - len(line.lstrip()), strict=True)
            if flow and state.in_env():
                _value(line, flow.end(), offset, state, env=True)
            return
        _pop(stack, len(item.group("indent")), strict=True)
        if item.group("value") in state.names and state.in_env():
            state.hit(offset + item.start("value"), item.group("value"))
        return
    column = key.start("q") + len(key.group("q"))
    _pop(stack, key.start("q"), strict=False)
    name = key.group("key")
    in_env = state.in_env()
    parent = stack[-1][1].lower() if stack else ""
    if name in state.names and in_env:
        state.hit(offset + column, name)
    elif name in state.names and parent == "#secret":
        store = f"kubernetes:{state.secret}" if state.secret else "kubernetes"
        state.hits.append(store_hit(offset + column, name, state.rules, store))
    elif name in ("name", "key") and parent == "secretkeyref":
        value = _VALUE.match(line, key.end())
        if value and name == "name":
            state.secret = value.group("value")
        elif value and value.group("value") in state.names:
            store = f"kubernetes:{state.secret}" if state.secret else "kubernetes"
            state.hits.append(
                store_hit(offset + value.start("value"), value.group("value"), state.rules, store)
            )
    elif name == "name" and parent == "metadata" and state.kind == "Secret" and len(stack) == 1:
        value = _VALUE.match(line, key.end())
        state.secret = value.group("value") if value else ""
    elif (name == "key" and parent == "configmapkeyref") or (
        name.lower() in NAME_KEYS and (in_env or name.lower() != "name" or parent == "secrets")
    ):
        value = _VALUE.match(line, key.end())
        if value and value.group("value") in state.names:
            state.hit(offset + value.start("value"), value.group("value"))
    elif name.lower() == "environment" and stack and stack[-2:-1] == [(0, "secrets")]:
        # compose: a secret whose value comes from the host's variable (``environment: X``)
        value = _VALUE.match(line, key.end())
        if value and value.group("value") in state.names:
            state.hit(offset + value.start("value"), value.group("value"))
    elif name == "<<" and in_env:
        _value(line, key.end(), offset, state, env=True)
        return
    if name == "secretKeyRef":
        state.secret = ""
    env = name.lower() in state.env_keys
    if name in ("data", "stringData") and not stack:
        if state.kind == "ConfigMap":
            env = True
        elif state.kind == "Secret":
            name = "#secret"
    env = _value(line, key.end(), offset, state, env=env) or env
    stack.append((key.start("q"), "env" if env else name))


def _value(line: str, at: int, offset: int, state: _State, *, env: bool) -> bool:
    """The value after ``key:``: aliases and anchors, flow maps and lists; True when it
    opens an env map (its anchor is used as one)."""
    anchor = _ANCHOR.match(line, at)
    anchored = anchor is not None and anchor.group("a") in state.anchors
    rest = line[anchor.end() if anchor else at :]
    if env:
        for alias in re.finditer(r"\*(?P<a>[\w.\-]+)", rest):
            state.used.add(alias.group("a"))
    if (env or anchored) and re.match(r"[ \t]*[{\[]", rest):
        base = offset + len(line) - len(rest)
        for pattern, group in _FLOW_PATTERNS:
            for match in pattern.finditer(rest):
                if match.group(group) in state.names:
                    state.hit(base + match.start(group), match.group(group))
    return anchored


def _pop(stack: list[tuple[int, str]], indent: int, *, strict: bool) -> None:
    while stack and (stack[-1][0] > indent if strict else stack[-1][0] >= indent):
        stack.pop()
