"""Markdown summary (``--format markdown``): the JSON report document in, Markdown out.

Written for a GitHub job summary and for the body of a pull request opened by a fleet tool
(multi-gitter, turbolift): the verdict first, the counts, a table of findings, the masked
diff folded in ``<details>``, the verification, and what to do next.

Everything that comes from files (paths, messages) is escaped, so a file name cannot
break the table, open a fold, mention someone or inject HTML. Diffs are the report's own
(masked unless ``--show-secrets``) and sit in a fence longer than any backtick run in them.
The text stays under GitHub's 65,536-character limit for a pull-request body: long tables
and diffs are cut with a note.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence
from typing import Any

from envmigrate.i18n import N_, _, plural, tr

#: GitHub refuses a pull-request body over 65,536 characters; leave room for the tool's own.
LIMIT = 60_000
MAX_ROWS = 200
_ESCAPE = re.compile(r"([\\`*_\[\]<>|~&@#$])")
_BACKTICKS = re.compile(r"`+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
#: Codes that mean "something still uses an old name" (the migration is incomplete).
_OLD_NAME_CODES = frozenset({"EM001", "EM002", "EM004", "EM005", "EM006", "EM101", "EM102"})


def _one_line(text: str) -> str:
    """Line breaks become spaces and other control characters U+FFFD (as CommonMark does
    with NUL), so nothing from a file can end a table row or reach a terminal."""
    return _CONTROL.sub("\ufffd", _LINE_BREAK.sub(" ", text))


def escape(text: str) -> str:
    """Plain text for a Markdown paragraph or table cell: punctuation escaped, one line."""
    return _ESCAPE.sub(r"\\\1", _one_line(text))


def code(text: str, *, cell: bool = False) -> str:
    """An inline code span that holds ``text`` whatever backticks it contains (one line).

    In a table ``cell``, ``|`` is escaped too (GFM splits cells before it sees code spans).
    """
    text = _one_line(text)
    text = text.replace("|", "\\|") if cell else text
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
    ticks = "`" * (longest + 1)
    spaced = text[:1] == " " and text[-1:] == " " and text.strip(" ") != ""
    pad = " " if text[:1] == "`" or text[-1:] == "`" or spaced else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def fence(text: str, info: str = "") -> str:
    """A fenced code block that no line of ``text`` can close."""
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
    ticks = "`" * max(3, longest + 1)
    body = text if text.endswith("\n") or not text else text + "\n"
    return f"{ticks}{info}\n{body}{ticks}\n"


def render(document: Mapping[str, Any]) -> str:
    """The Markdown summary of one ``check`` or ``migrate`` report document."""
    before = [_title(document), _verdict(document), _counts(document), _errors(document)]
    before += [_findings(document), _leftovers(document)]
    after = [_verification(document), _next_steps(document)]
    room = LIMIT - sum(map(len, before + after))
    parts = [*before, _diffs(document, room=room), *after]
    text = "\n".join(p for p in parts if p)
    return text if len(text) <= LIMIT else text[:LIMIT] + _("\n\n*(cut: summary too long)*\n")


def _summary(document: Mapping[str, Any]) -> Mapping[str, int]:
    summary = document.get("summary") or {}
    return {str(k): int(v) for k, v in summary.items()}


def _title(document: Mapping[str, Any]) -> str:
    command = escape(str(document.get("command", "check")))
    return f"### envmigrate {command}\n"


def _verdict(document: Mapping[str, Any]) -> str:
    exit_code = int(document.get("exit_code", 0))
    lines = [_("{verdict} (exit {code})").format(verdict=_completeness(document), code=exit_code)]
    verdict = _verification_verdict(document)
    if verdict:
        lines.append(verdict)
    return "\n\n".join(lines) + "\n"


def _completeness(document: Mapping[str, Any]) -> str:
    summary = _summary(document)
    findings = document.get("findings") or []
    old = sum(1 for f in findings if f.get("code") in _OLD_NAME_CODES)
    unusable = summary.get("error", 0) or len(document.get("errors") or [])
    if unusable:
        return plural(
            "⛔ **Not finished**: {count} error stopped the run.",
            "⛔ **Not finished**: {count} errors stopped the run.",
            unusable,
        )
    if document.get("command") == "migrate":
        return _migrate_verdict(summary, old + len(document.get("leftovers") or []))
    if old:
        return plural(
            "❌ **Migration incomplete**: {count} place still uses the old names.",
            "❌ **Migration incomplete**: {count} places still use the old names.",
            old,
        )
    if findings:
        return plural(
            "⚠️ **Migrated, with {count} finding to review.**",
            "⚠️ **Migrated, with {count} findings to review.**",
            len(findings),
        )
    return _("✅ **Migration complete**: no old DingTalk names found.")


def _migrate_verdict(summary: Mapping[str, int], old: int) -> str:
    pending, refused = summary.get("would-change", 0), summary.get("refused", 0)
    changed = summary.get("changed", 0)
    if refused:
        return plural(
            "❌ **Migration incomplete**: {count} file refused (conflict).",
            "❌ **Migration incomplete**: {count} files refused (conflict).",
            refused,
        )
    if pending:
        head = plural(
            "⏳ **{count} file would change**: nothing written yet",
            "⏳ **{count} files would change**: nothing written yet",
            pending,
        )
        left = plural(
            "; {count} place would still use the old names",
            "; {count} places would still use the old names",
            old,
        )
        return _("{head}{left}.").format(head=head, left=left if old else "")
    if old:
        done = plural("{count} file migrated, ", "{count} files migrated, ", changed)
        left = plural(
            "{count} place still uses the old names",
            "{count} places still use the old names",
            old,
        )
        return _("❌ **Migration incomplete**: {left}.").format(
            left=(done if changed else "") + left
        )
    if changed:
        return plural("✅ **Migrated {count} file**.", "✅ **Migrated {count} files**.", changed)
    return _("✅ **Nothing to migrate**: no old DingTalk names found.")


def _verification_verdict(document: Mapping[str, Any]) -> str:
    results = document.get("verification")
    if results is None:
        return ""
    statuses = {str(r.get("status")) for r in results}
    if not results or statuses == {"skipped"}:
        return _("🔑 Credentials not verified (nothing to verify, or skipped).")
    if "rejected" in statuses:
        return _("🔑 ❌ **DingTalk rejected the credentials.**")
    if "inconclusive" in statuses:
        return _("🔑 ⚠️ **Verification inconclusive**: DingTalk could not be asked.")
    return _("🔑 ✅ **Credentials verified**: DingTalk accepted them.")


_COUNTS = (
    ("files", N_("files")),
    ("errors", N_("errors")),
    ("warnings", N_("warnings")),
    ("changed", N_("changed")),
    ("would-change", N_("would change")),
    ("refused", N_("refused")),
    ("error", N_("unusable")),
)


def _counts(document: Mapping[str, Any]) -> str:
    summary = _summary(document)
    shown = [(key, label) for key, label in _COUNTS if key in summary]
    if document.get("command") == "check":
        migrate_only = ("changed", "would-change", "refused")
        shown = [(k, label) for k, label in shown if k not in migrate_only]
    if not shown:
        return ""
    head = "| " + " | ".join(_(label) for _key, label in shown) + " |"
    rule = "|" + "---:|" * len(shown)
    row = "| " + " | ".join(str(summary[key]) for key, _label in shown) + " |"
    return f"{head}\n{rule}\n{row}\n"


def _errors(document: Mapping[str, Any]) -> str:
    errors = document.get("errors") or []
    if not errors:
        return ""
    shown = "".join(f"- {escape(tr(e))}\n" for e in errors[:50])
    more = _("- …and {count} more\n").format(count=len(errors) - 50) if len(errors) > 50 else ""
    return _("#### Errors\n\n") + shown + more


def _where(finding: Mapping[str, Any]) -> str:
    path = str(finding.get("path", ""))
    line = int(finding.get("line") or 0)
    return f"{path}:{line}:{int(finding.get('column') or 0)}" if line else path


def _findings(document: Mapping[str, Any]) -> str:
    findings: Sequence[Mapping[str, Any]] = document.get("findings") or []
    if not findings:
        return ""
    rows: list[str] = []
    size = 0
    for f in findings[:MAX_ROWS]:
        row = (
            f"| {escape(str(f.get('severity', '')))} | {escape(str(f.get('code', '')))} "
            f"| {code(_where(f), cell=True)} | {escape(tr(f.get('message', '')))} |\n"
        )
        size += len(row)
        if size > LIMIT // 2:
            break
        rows.append(row)
    more = len(findings) - len(rows)
    tail = _("\n…and {count} more (see `--format json`).\n").format(count=more) if more > 0 else ""
    table = _("| severity | code | where | message |\n") + "|---|---|---|---|\n" + "".join(rows)
    return _("#### Findings\n\n") + table + tail


#: Why a place still uses an old name (the JSON ``leftovers[].reason``).
_REASONS = {
    "code": N_("code: run migrate with --code"),
    "manual": N_("rename it by hand"),
    "refused": N_("its file was refused (conflict)"),
    "store": N_("a secret kept in a store: see the next steps"),
}


def _leftovers(document: Mapping[str, Any]) -> str:
    """migrate's completeness verdict, place by place."""
    leftovers: Sequence[Mapping[str, Any]] = document.get("leftovers") or []
    if not leftovers or document.get("command") != "migrate":
        return ""
    rows = [
        f"| {code(_where(lo), cell=True)} | {escape(str(lo.get('code', '')))} "
        f"| {escape(str(lo.get('key', '')))} → {escape(str(lo.get('new', '')))} "
        f"| {escape(_(_REASONS.get(str(lo.get('reason')), str(lo.get('reason', '')))))} |\n"
        for lo in leftovers[:MAX_ROWS]
    ]
    more = len(leftovers) - len(rows)
    tail = _("\n…and {count} more (see `--format json`).\n").format(count=more) if more > 0 else ""
    head = _("| where | code | rename | why it is left |\n") + "|---|---|---|---|\n"
    return _("#### Still using the old names\n\n") + head + "".join(rows) + tail


def _diffs(document: Mapping[str, Any], *, room: int) -> str:
    files = [f for f in document.get("files") or [] if f.get("diff")]
    if not files:
        return ""
    body = "".join(str(f["diff"]) for f in files)
    summary = plural("Masked diff: {count} file", "Masked diff: {count} files", len(files))
    if len(body) > room - 500:
        body = body[: max(0, room - 500)]
        body = body[: body.rfind("\n") + 1]
        summary += _(" (cut: too long for a summary; run migrate --dry-run to see it all)")
    return f"<details><summary>{escape(summary)}</summary>\n\n{fence(body, 'diff')}\n</details>\n"


def _verification(document: Mapping[str, Any]) -> str:
    results = document.get("verification") or []
    if not results:
        return ""
    rows = []
    for result in results:
        steps = {str(s.get("step")): s for s in result.get("steps") or []}
        source, status = str(result.get("source", "")), str(result.get("status", ""))
        cells = [code(source, cell=True), escape(status)]
        cells += [_step_cell(steps.get(name)) for name in ("token", "stream")]
        rows.append("| " + " | ".join(cells) + " |\n")
    head = _("| credentials | status | token | stream |\n") + "|---|---|---|---|\n"
    return _("#### Verification\n\n") + head + "".join(rows)


def _step_cell(step: Mapping[str, Any] | None) -> str:
    if step is None:
        return "–"
    if step.get("status") == "ok":
        return f"ok ({int(step.get('latency_ms') or 0)} ms)"
    facts = [str(step.get("classification") or "failed")]
    facts += [f"{k} {step[k]}" for k in ("code", "requestid") if step.get(k)]
    return escape(", ".join(facts))


def _command(*args: str) -> str:
    return code(shlex.join(["envmigrate", *args]))


def _paths(findings: Sequence[Mapping[str, Any]]) -> list[str]:
    paths = sorted({str(f["path"]) for f in findings if f.get("line")})
    return paths if 0 < len(paths) <= 5 else ["."]


def _next_steps(document: Mapping[str, Any]) -> str:
    steps = _steps(document)
    return _("#### Next steps\n\n") + "".join(f"- {s}\n" for s in steps)


def _steps(document: Mapping[str, Any]) -> list[str]:
    findings: Sequence[Mapping[str, Any]] = document.get("findings") or []
    codes = {str(f.get("code")) for f in findings}
    summary = _summary(document)
    steps = []
    if document.get("errors") or summary.get("error"):
        steps.append(_("Fix the errors listed above; the files they name were left untouched."))
    if "EM004" in codes or summary.get("refused"):
        steps.append(
            _(
                "Old and new names hold different values: decide which wins, then run "
                "{command} (or `--prefer old`)."
            ).format(command=_command("migrate", "--prefer", "new"))
        )
    renames = [f for f in findings if f.get("code") in _OLD_NAME_CODES - {"EM004"}]
    in_environ = sorted({str(f.get("key")) for f in renames if not f.get("line")})
    if in_environ:
        names = ", ".join(code(k) for k in in_environ)
        steps.append(
            _(
                "The job's environment still sets {names}: rename those variables where they "
                "are defined (CI/CD settings, secret stores): add the new names first, remove "
                "the old ones after a deploy that reads the new ones."
            ).format(names=names)
        )
    renames = [f for f in renames if f.get("line")]
    if renames and document.get("command") == "check":
        paths = _paths(renames)
        flags = ["--code"] if any(str(f["code"]).startswith("EM1") for f in renames) else []
        steps.append(
            _("See the change with {preview}, then write it with {write}.").format(
                preview=_command("migrate", "--dry-run", *flags, *paths),
                write=_command("migrate", *flags, *paths),
            )
        )
    if "EM102" in codes and not document.get("next_steps"):
        steps.append(
            _(
                "Deployment config passes old names: rename the secrets where they are stored "
                "(CI variables, secret managers, Kubernetes secrets) before the next deploy."
            )
        )
    if codes & {"EM003", "EM103"}:
        steps.append(
            _("DINGTALK\\_AGENT\\_ID is not needed in Stream mode: remove it when unused.")
        )
    if summary.get("would-change") and document.get("command") == "migrate":
        steps.append(_("Run the same command without `--dry-run` (with `--yes` in CI) to write."))
    steps += _store_steps(document)
    steps += _verification_steps(document)
    return steps or [_("Nothing to do.")]


def _store_steps(document: Mapping[str, Any]) -> list[str]:
    """The exact commands (never values) that rename secrets kept in stores."""
    commands = [str(c) for c in document.get("next_steps") or []]
    if not commands:
        return []
    from envmigrate.stores import ORDER

    listed = "".join(f"\n  - {code(c)}" for c in commands)
    head = _("Rename the secrets kept in stores ({order}):").format(order=escape(_(ORDER)))
    return [head + listed]


def _verification_steps(document: Mapping[str, Any]) -> list[str]:
    statuses = {str(r.get("status")) for r in document.get("verification") or []}
    steps = []
    if "rejected" in statuses:
        steps.append(
            _(
                "Copy the client id and secret again from the DingTalk developer console "
                "(both from the same app), then run `envmigrate verify`."
            )
        )
    if "inconclusive" in statuses:
        steps.append(_("DingTalk could not be reached: retry later (exit 3 is not a rejection)."))
    changed = document.get("command") == "migrate" and _summary(document).get("changed")
    if changed and document.get("verification") is None:
        steps.append(_("Prove the new credentials work: `envmigrate verify FILE`."))
    return steps
