"""YAML deployment config: docker-compose, GitHub/GitLab workflows, Kubernetes manifests.

Line based, with an indentation stack for context (no YAML library needed, and every
byte of the file stays put). A name is a hit when it is:

- a key under ``env:``, ``environment:``, ``variables:`` or ``args:`` (map form);
- a list item under those (``- NAME=value`` or ``- NAME``, compose list form);
- the value of ``name:`` in an ``env:`` list (Kubernetes ``- name: NAME``);
- a reference anywhere: ``$NAME``, ``${NAME}``, ``${NAME:-x}``, ``${{ env.NAME }}``.

``secrets.NAME``, ``vars.NAME`` and ``secretKeyRef`` keys name things stored elsewhere
(CI secrets, Kubernetes Secrets): renaming them here alone would deploy an empty
credential, so they are reported with the store they live in (``migrate`` prints the
commands that rename them there) and never rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from envmigrate.rules import RenameTable
from envmigrate.scanners.hits import Hit, name_hit
from envmigrate.scanners.text import alternation, watched

ENV_KEYS = frozenset({"env", "environment", "variables", "args"})
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_KEY = re.compile(
    r"(?P<indent>[ \t]*)(?P<dash>-[ \t]+)?(?P<q>[\"']?)(?P<key>[\w.\-]+)(?P=q)[ \t]*:(?=[ \t]|$)"
)
_ITEM = re.compile(
    r"(?P<indent>[ \t]*)-[ \t]+(?P<q>[\"']?)(?P<value>[\w.\-]+)(?=[=]|(?P=q)[ \t]*(?:#|$))"
)
_VALUE = re.compile(r"[ \t]*(?P<q>[\"']?)(?P<value>[\w.\-]+)(?P=q)[ \t]*(?:#.*)?$")


@lru_cache(maxsize=8)
def _refs(key: tuple[str, ...]) -> re.Pattern[str]:
    names = alternation(key)
    return re.compile(rf"(?:\$\{{?|(?<![\w.])env\.)({names})(?!\w)")


@lru_cache(maxsize=8)
def _stored(key: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.])(secrets|vars)\.({alternation(key)})(?!\w)")


#: ``secrets.X`` / ``vars.X`` in a workflow -> the store that holds X.
_WORKFLOW_STORES = {"secrets": "github", "vars": "github-vars"}


def scan(text: str, rules: RenameTable) -> list[Hit]:
    names = {*rules.renames, *rules.obsolete}
    hits = [
        name_hit(m.start(1), m.group(1), rules, config=True)
        for m in _refs(watched(rules)).finditer(text)
    ]
    hits += [
        store_hit(m.start(2), m.group(2), rules, _WORKFLOW_STORES[m.group(1)])
        for m in _stored(tuple(sorted(rules.renames))).finditer(text)
    ]
    stack: list[tuple[int, str]] = []
    secret = [""]  # the ``name:`` of the secretKeyRef being read
    for match in _LINE.finditer(text):
        line = match.group().rstrip("\r\n")
        if line.strip() and not line.lstrip().startswith("#"):
            hits += _line_hits(line, match.start(), stack, names, rules, secret)
    return hits


def store_hit(start: int, name: str, rules: RenameTable, store: str) -> Hit:
    """An old name that also names a secret kept in a store: reported, never renamed."""
    from envmigrate.stores import STORES

    title = STORES[store.partition(":")[0]].title
    new = rules.renames[name]
    message = f"names {name}, kept in a {title}: add {new} there first, then rename this"
    return Hit(start, start + len(name), "EM102", name, message, store=store)


def _line_hits(
    line: str,
    offset: int,
    stack: list[tuple[int, str]],
    names: set[str],
    rules: RenameTable,
    secret: list[str],
) -> Iterator[Hit]:
    key = _KEY.match(line)
    if key is None:
        item = _ITEM.match(line)
        if item is None:
            return
        _pop(stack, len(item.group("indent")), strict=True)
        if item.group("value") in names and _in_env(stack):
            yield name_hit(offset + item.start("value"), item.group("value"), rules, config=True)
        return
    column = key.start("q") + len(key.group("q"))
    _pop(stack, key.start("q"), strict=False)
    name = key.group("key")
    if name in names and _in_env(stack):
        yield name_hit(offset + column, name, rules, config=True)
    elif name == "name" and stack and stack[-1][1] == "env":
        value = _VALUE.match(line, key.end())
        if value and value.group("value") in names:
            yield name_hit(offset + value.start("value"), value.group("value"), rules, config=True)
    elif name in ("name", "key") and stack and stack[-1][1] == "secretKeyRef":
        value = _VALUE.match(line, key.end())
        if value and name == "name":
            secret[0] = value.group("value")
        elif value and value.group("value") in rules.renames:
            store = f"kubernetes:{secret[0]}" if secret[0] else "kubernetes"
            yield store_hit(offset + value.start("value"), value.group("value"), rules, store)
    if name == "secretKeyRef":
        secret[0] = ""
    stack.append((key.start("q"), name))


def _pop(stack: list[tuple[int, str]], indent: int, *, strict: bool) -> None:
    while stack and (stack[-1][0] > indent if strict else stack[-1][0] >= indent):
        stack.pop()


def _in_env(stack: list[tuple[int, str]]) -> bool:
    return bool(stack) and stack[-1][1] in ENV_KEYS
