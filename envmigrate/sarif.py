"""SARIF 2.1.0 (``--format sarif``): the JSON report document in, one SARIF log out.

Pure: a report document (``Report.to_dict()``, the ``--format json`` data) in, a string
out. What it promises, and the tests check against the official schema:

- one ``reportingDescriptor`` per finding code, generated from ``rules.FINDINGS`` (id,
  name, short and full description, ``helpUri`` into README, default level);
- results carry the message, level, rule and a region (line, column) on an artifact whose
  URI is relative to ``SRCROOT`` (the current folder, ``/``-separated, percent-encoded);
  a file outside the current folder gets an absolute ``file://`` URI;
- no snippet, no context region, no value: messages never contain one;
- ``partialFingerprints`` hash the URI, code and key (and the occurrence of that triple
  in the file), so a finding keeps its fingerprint when lines move;
- findings about the process environment have no file, which GitHub code scanning cannot
  take as a result: they are tool notifications tied to their rule, like the run's errors
  and the verification outcome.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from envmigrate import __version__, project
from envmigrate.rules import FINDINGS

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "SRCROOT"
FINGERPRINT = "envmigrate/v1"
_RULE_INDEX = {code: index for index, code in enumerate(FINDINGS)}


def render(document: Mapping[str, Any], *, cwd: str | Path | None = None) -> str:
    """The SARIF log for one ``check`` or ``migrate`` report document."""
    return json.dumps(log(document, cwd=cwd), indent=2, ensure_ascii=False) + "\n"


def log(document: Mapping[str, Any], *, cwd: str | Path | None = None) -> dict[str, Any]:
    """The SARIF log as data (see ``render``)."""
    base = Path(cwd) if cwd is not None else Path.cwd()
    findings: list[Mapping[str, Any]] = list(document.get("findings") or ())
    findings += _new_leftovers(findings, document.get("leftovers") or ())
    in_files = [f for f in findings if f.get("line")]
    elsewhere = [f for f in findings if not f.get("line")]
    run: dict[str, Any] = {
        "tool": {"driver": _driver()},
        "invocations": [_invocation(document, elsewhere)],
        "originalUriBaseIds": {SRCROOT: {"description": {"text": "The folder envmigrate ran in."}}},
        "results": _results(in_files, base),
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _new_leftovers(
    findings: Sequence[Mapping[str, Any]], leftovers: Sequence[Mapping[str, Any]]
) -> list[Mapping[str, Any]]:
    """migrate's places still using an old name, as results (each place once)."""

    def place(f: Mapping[str, Any]) -> tuple[Any, ...]:
        return tuple(f.get(k) for k in ("path", "line", "column", "code", "key"))

    seen = {place(f) for f in findings}
    return [lo for lo in leftovers if place(lo) not in seen]


def _driver() -> dict[str, Any]:
    driver: dict[str, Any] = {
        "name": "envmigrate",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [_rule(code) for code in FINDINGS],
    }
    url = project.repository_url()
    if url:
        driver["informationUri"] = url
    return driver


def _rule(code: str) -> dict[str, Any]:
    rule = FINDINGS[code]
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.short},
        "fullDescription": {"text": rule.full},
        "defaultConfiguration": {"level": rule.severity},
        "properties": {"tags": ["dingtalk", "migration"]},
    }
    help_uri = project.docs_url(rule.doc)
    if help_uri:
        descriptor["helpUri"] = help_uri
    return descriptor


def _level(finding: Mapping[str, Any]) -> str:
    return "error" if finding.get("severity") == "error" else "warning"


def _results(findings: Sequence[Mapping[str, Any]], base: Path) -> list[dict[str, Any]]:
    seen: dict[tuple[str, str, str], int] = {}
    results = []
    for finding in findings:
        uri, relative = artifact_uri(str(finding["path"]), base)
        code, key = str(finding["code"]), str(finding.get("key") or "")
        occurrence = seen[uri, code, key] = seen.get((uri, code, key), 0) + 1
        location: dict[str, Any] = {"uri": uri}
        if relative:
            location["uriBaseId"] = SRCROOT
        result: dict[str, Any] = {
            "ruleId": code,
            "level": _level(finding),
            "message": {"text": str(finding["message"])},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": location,
                        "region": {
                            "startLine": int(finding["line"]),
                            "startColumn": max(1, int(finding.get("column") or 1)),
                        },
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT: fingerprint(uri, code, key, occurrence)},
        }
        if code in _RULE_INDEX:
            result["ruleIndex"] = _RULE_INDEX[code]
        results.append(result)
    return results


def fingerprint(uri: str, code: str, key: str, occurrence: int = 1) -> str:
    """Stable across runs and line moves: the file, the code, the key, its n-th time."""
    text = "\0".join((uri, code, key, str(occurrence)))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def artifact_uri(path: str, base: Path) -> tuple[str, bool]:
    """``(uri, relative)``: a ``/``-separated, percent-encoded URI for a reported path.

    Relative to ``base`` (SRCROOT) when the file is inside it, else an absolute
    ``file://`` URI. ``./`` and repeated separators are dropped, so the same file always
    gets the same URI (and the same fingerprints).
    """
    pure = PurePath(path)
    if pure.is_absolute() or ".." in pure.parts:
        absolute = Path(os.path.normpath(base / pure))
        try:
            pure = absolute.relative_to(os.path.normpath(base.absolute()))
        except ValueError:
            return absolute.as_uri(), False
    return quote(pure.as_posix().encode("utf-8", "surrogateescape"), safe="/"), True


def _notification(text: str, level: str, rule: str | None = None) -> dict[str, Any]:
    note: dict[str, Any] = {"level": level, "message": {"text": text}}
    if rule in _RULE_INDEX:
        note["associatedRule"] = {"id": rule, "index": _RULE_INDEX[rule]}
    return note


def _invocation(
    document: Mapping[str, Any], elsewhere: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    exit_code = int(document.get("exit_code", 0))
    notes = [
        _notification(f"environment: {f['message']}", _level(f), str(f["code"])) for f in elsewhere
    ]
    notes += [_notification(str(e), "error") for e in document.get("errors") or ()]
    notes += [_notification(str(n), "note") for n in document.get("notes") or ()]
    notes += [_verification_note(r) for r in document.get("verification") or ()]
    invocation: dict[str, Any] = {
        "executionSuccessful": exit_code != 2,
        "exitCode": exit_code,
    }
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return invocation


def _verification_note(result: Mapping[str, Any]) -> dict[str, Any]:
    """One notification per verified credential set (status and classification only)."""
    status = str(result.get("status"))
    failed = [s for s in result.get("steps") or () if s.get("status") != "ok"]
    why = "; ".join(f"{s.get('step')}: {s.get('classification')}" for s in failed)
    text = f"verification {status} for {result.get('source')}" + (f" ({why})" if why else "")
    level = {"rejected": "error", "inconclusive": "warning"}.get(status, "note")
    return _notification(text, level)
