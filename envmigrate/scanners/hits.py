"""The record every scanner returns, and its conversion to a ``Finding``."""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from envmigrate.findings import Finding, Severity
from envmigrate.i18n import Msg
from envmigrate.report import Leftover
from envmigrate.rules import OBSOLETE, RenameTable

SEVERITY = {
    "EM101": Severity.ERROR,
    "EM102": Severity.ERROR,
    "EM103": Severity.WARNING,
    "EM104": Severity.ERROR,
    "EM105": Severity.WARNING,
    "EM106": Severity.ERROR,
    "EM107": Severity.ERROR,
    "EM108": Severity.WARNING,
    "EM109": Severity.ERROR,
}


_LINE_END = re.compile(r"\r\n|\r|\n")


class Hit(NamedTuple):
    """One finding in a text: ``text[start:end]`` is what it is about.

    ``replacement`` is what ``migrate --code`` puts there instead (``None``: reported only).
    ``store`` names the secret store the name also lives in (a key of
    ``envmigrate.stores.STORES``, optionally ``kind:name``): never renamed here.
    """

    start: int
    end: int
    code: str
    key: str
    message: str
    replacement: str | None = None
    store: str = ""


def name_hit(start: int, name: str, rules: RenameTable, *, config: bool, where: str = "") -> Hit:
    """The hit for an old or obsolete name at ``start`` (a rename when the rules have one)."""
    end = start + len(name)
    new = rules.renames.get(name)
    if new is None:
        if name in OBSOLETE:
            message = Msg(
                "{name} is not needed in Stream mode{where}: remove it when nothing uses it",
                name=name,
                where=where,
            )
        else:
            message = Msg(
                "{name} is listed as obsolete in your configuration{where}: "
                "remove it when nothing uses it",
                name=name,
                where=where,
            )
        return Hit(start, end, "EM103", name, message)
    if config:
        message = Msg(
            "sets deprecated {name}{where}: rename it to {new}", name=name, where=where, new=new
        )
        return Hit(start, end, "EM102", name, message, new)
    message = Msg(
        "reads deprecated {name}{where}: rename it to {new}", name=name, where=where, new=new
    )
    return Hit(start, end, "EM101", name, message, new)


def as_setting(hit: Hit) -> Hit:
    """A read reported in a config file: it sets the name (EM102). Other hits (an obsolete
    name, a name built at run time) keep their code."""
    if hit.code != "EM101":
        return hit
    message = hit.message
    if isinstance(message, Msg) and message.template.startswith("reads "):
        message = Msg("sets " + message.template[len("reads ") :], **message.params)
    return hit._replace(code="EM102", message=message)


class Lines:
    """Offset -> (line, column), both 1-based, for LF, CRLF and CR line ends."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in _LINE_END.finditer(text))]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def findings(hits: list[Hit], text: str, path: str) -> list[Finding]:
    """Findings sorted by position (one ``Lines`` table per file, built only when needed)."""
    if not hits:
        return []
    lines = Lines(text)
    out = []
    for hit in sorted(hits):
        line, column = lines.position(hit.start)
        out.append(Finding(hit.code, SEVERITY[hit.code], path, line, column, hit.key, hit.message))
    return out


def leftovers(
    hits: list[Hit], text: str, path: str, rules: RenameTable, *, renamed: bool
) -> list[Leftover]:
    """The hits that keep an old name in use: all of them, or (``renamed``) those not renamed."""
    kept = [h for h in hits if h.key in rules.renames and (h.replacement is None or not renamed)]
    found = findings(kept, text, path)
    out = []
    for hit, finding in zip(sorted(kept), found, strict=True):
        reason = "store" if hit.store else "manual" if renamed or not hit.replacement else "code"
        out.append(Leftover(finding, reason, rules.renames[hit.key], hit.store))
    return out


def store_hit(start: int, name: str, rules: RenameTable, store: str) -> Hit:
    """An old name that also names a secret kept in a store: reported, never renamed.

    ``store`` is a key of ``envmigrate.stores.STORES`` (optionally ``kind:name``). An
    obsolete name there is only reported as obsolete.
    """
    from envmigrate.stores import STORES

    new = rules.renames.get(name)
    if new is None:
        return name_hit(start, name, rules, config=True)
    title = STORES[store.partition(":")[0]].title
    message = Msg(
        "names {name}, kept in a {store}: add {new} there first, then rename this",
        name=name,
        store=Msg(title),
        new=new,
    )
    return Hit(start, start + len(name), "EM102", name, message, store=store)
