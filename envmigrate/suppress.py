"""Which findings are reported: ``--select``/``--ignore`` and inline suppressions.

A comment ``envmigrate: ignore[EM103]`` (several codes: ``ignore[EM101,EM102]``; bare
``ignore``: every code) in the comment syntax of the file's language (``#`` for env files,
shell, Python, YAML, Dockerfiles, Makefiles, systemd units, Ruby, Elixir and TOML/INI;
``//`` or ``/* */`` for JavaScript/TypeScript, JSON with comments, Go, Java, Kotlin, C#,
Rust and Groovy (Jenkinsfiles, Gradle); all three for Terraform and PHP; ``#``, ``!`` or
``//`` for .properties and HOCON) silences the findings on its own line; in an env file,
also those of the binding the comment ends (a multi-line value). A silenced rename is
neither reported nor rewritten. ``--select``/``--ignore`` take code prefixes (``EM1``,
``EM10``, ``EM103``); the longest prefix that matches a code decides, as in ruff. Under
``--strict``, a suppression that silenced nothing is reported as EM900.
"""

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from envmigrate.findings import Finding, Severity
from envmigrate.i18n import Msg

UNUSED = "EM900"
# Patterns are compiled on first use (``re`` keeps them): start-up stays light.
_PREFIX = r"EM[0-9]{0,3}"
_DIRECTIVE = r"(?P<opener>#|//|/\*|!)[ \t]*envmigrate:[ \t]*ignore\b(?:\[(?P<codes>[^\]\r\n]*)\])?"
_C_LIKE = ("//", "/*")
_OPENERS = {
    **dict.fromkeys(("js", "json", "go", "java", "kotlin", "csharp", "rust", "groovy"), _C_LIKE),
    **dict.fromkeys(("hcl", "php"), ("#", *_C_LIKE)),
    "properties": ("#", "!", "//"),  # .properties and HOCON .conf
    "erb": ("#",),  # inside the tag: <% ... # envmigrate: ignore %>
}
_LINE_END = re.compile(r"\r\n|\r|\n")


def is_prefix(text: str) -> bool:
    """A code or a code prefix, as ``--select``/``--ignore`` and the config take them."""
    return re.fullmatch(_PREFIX, text) is not None


class Selection(NamedTuple):
    """``--select``/``--ignore`` prefixes (empty select: every code)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def wants(self, code: str) -> bool:
        best, chosen = -1, not self.select
        for prefixes, verdict in ((self.select, True), (self.ignore, False)):
            for prefix in prefixes:
                if code.startswith(prefix) and len(prefix) >= best:
                    best, chosen = len(prefix), verdict
        return chosen


ALL = Selection()


class Directive(NamedTuple):
    line: int
    column: int
    codes: tuple[str, ...] | None  # None: every code


def directives(text: str, kind: str) -> dict[int, Directive]:
    """The suppression comments of a text, by line (1-based), in the kind's comment syntax."""
    if "envmigrate:" not in text:
        return {}
    openers = _OPENERS.get(kind, ("#",))
    found: dict[int, Directive] = {}
    line, start = 1, 0
    for match in re.finditer(_DIRECTIVE, text):
        if match.group("opener") not in openers:
            continue
        for end in _LINE_END.finditer(text, start, match.start()):
            line, start = line + 1, end.end()
        codes = match.group("codes")
        parsed = None if codes is None else tuple(c.strip() for c in codes.split(",") if c.strip())
        found.setdefault(line, Directive(line, match.start() - start + 1, parsed))
    return found


class Filter:
    """Decides finding by finding (in file order) and remembers which suppressions worked."""

    def __init__(
        self,
        text: str,
        kind: str,
        selection: Selection = ALL,
        *,
        ends: Mapping[int, int] | None = None,
    ) -> None:
        self.selection = selection
        self.directives = directives(text, kind)
        self.ends = ends or {}  # env: first line of a binding -> its last line
        self.used: dict[int, set[str]] = {}

    def allows(self, finding: Finding) -> bool:
        """False: deselected or silenced by a comment on its line (or its binding's end)."""
        if not self.selection.wants(finding.code):
            return False
        for line in {finding.line, self.ends.get(finding.line, finding.line)}:
            directive = self.directives.get(line)
            if directive is None:
                continue
            matched = _matching(directive, finding.code)
            if matched is not None:
                self.used.setdefault(line, set()).add(matched)
                return False
        return True

    def silences_all(self, line: int) -> bool:
        """A bare ``ignore`` on this line (or on the end of the binding it starts)."""
        for where in {line, self.ends.get(line, line)}:
            directive = self.directives.get(where)
            if directive is not None and directive.codes is None:
                return True
        return False

    def keep(self, findings: Iterable[Finding]) -> list[Finding]:
        if not self.directives and self.selection == ALL:  # nothing can drop one
            return list(findings)
        return [f for f in findings if self.allows(f)]

    def unused(self, path: str) -> list[Finding]:
        """EM900 for every suppression (or listed code) that silenced nothing."""
        out = []
        for line, directive in sorted(self.directives.items()):
            used = self.used.get(line, set())
            if directive.codes is None:
                stale = [] if used else ["ignore"]
            else:
                stale = [code for code in directive.codes if code not in used]
            for what in stale:
                message = (
                    Msg("unused suppression: nothing on this line to ignore")
                    if what == "ignore"
                    else Msg("unused suppression: no {code} finding on this line", code=what)
                )
                finding = Finding(
                    UNUSED, Severity.WARNING, path, line, directive.column, what, message
                )
                if self.selection.wants(UNUSED):
                    out.append(finding)
        return out


def _matching(directive: Directive, code: str) -> str | None:
    if directive.codes is None:
        return "*"
    return next((c for c in directive.codes if c and code.startswith(c)), None)
