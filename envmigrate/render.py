"""Human and JSON renderings of a verification (strings only; the command prints them)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from envmigrate import __version__
from envmigrate.errors import ExitCode
from envmigrate.ui import Ui
from envmigrate.verify.results import JSON_VERSION

VERDICTS = {
    "verified": ("ok", "verified: DingTalk accepted these credentials"),
    "rejected": ("error", "rejected: DingTalk refused these credentials"),
    "inconclusive": ("warning", "inconclusive: could not tell (nothing says they are wrong)"),
    "skipped": ("dim", "skipped"),
}


def text(results: Sequence[dict[str, object]], *, endpoint: str, ui: Ui) -> str:
    """One block per credential set: a header, a line per step (hint below a failure), verdict."""
    blocks = [_block(result, endpoint, ui) for result in results]
    return "\n".join(blocks)


def _block(result: dict[str, object], endpoint: str, ui: Ui) -> str:
    status = str(result["status"])
    lines = [f"verify {ui.style(str(result['source']), 'path')} against {endpoint}"]
    steps = result["steps"]
    for step in steps if isinstance(steps, list) else []:
        lines += _step_lines(step, ui)
    notes = result["notes"]
    for note in notes if isinstance(notes, list) else []:
        lines.append(f"  note: {note}")
    kind, verdict = VERDICTS[status]
    lines.append("  " + ui.style(verdict, kind))
    return "\n".join(lines)


def _step_lines(step: dict[str, object], ui: Ui) -> list[str]:
    ok = step["status"] == "ok"
    mark = ui.style("ok    ", "ok") if ok else ui.style("FAILED", "error")
    head = f"  {step['step']:<7}{mark} {step['latency_ms']:>6} ms  "
    if ok:
        return [head + str(step["detail"]) + _attempts(step)]
    facts = [f"HTTP {step['http_status']}"] if step["http_status"] else []
    facts += [f"{name} {step[name]}" for name in ("code", "requestid") if step[name]]
    detail = str(step["detail"]) + (f" ({', '.join(facts[1:])})" if len(facts) > 1 else "")
    return [
        head + ui.style(str(step["classification"]), "code") + ": " + detail + _attempts(step),
        " " * 24 + "hint: " + str(step["hint"]),
    ]


def _attempts(step: dict[str, object]) -> str:
    count = step["attempts"]
    return f" [{count} attempts]" if isinstance(count, int) and count > 1 else ""


def as_json(results: Sequence[dict[str, object]], *, endpoint: str, exit_code: ExitCode) -> str:
    """The ``verify --format json`` document."""
    statuses = {str(r["status"]) for r in results}
    overall = {0: "verified", 1: "rejected"}.get(int(exit_code), "inconclusive")
    if statuses == {"skipped"}:
        overall = "skipped"
    document = {
        "version": JSON_VERSION,
        "tool": {"name": "envmigrate", "version": __version__},
        "command": "verify",
        "endpoint": endpoint,
        "status": overall,
        "exit_code": int(exit_code),
        "results": list(results),
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
