"""The Markdown summary: parsed back with a CommonMark parser, a file name or message
can never break the table, open a fold, inject HTML or mention anyone; diffs stay in
their fence; the verdict and next steps follow the report; the size stays under GitHub's
pull-request limit."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from envmigrate import markdown

PARSER = MarkdownIt("commonmark").enable("table")


def finding(path: str = ".env", line: int = 8, code: str = "EM001", **extra: Any) -> dict[str, Any]:
    return {
        "code": code,
        "severity": extra.pop("severity", "error"),
        "path": path,
        "line": line,
        "column": 1,
        "key": "DINGTALK_APP_KEY",
        "message": extra.pop("message", "DINGTALK_APP_KEY is deprecated"),
    }


def document(*findings: dict[str, Any], **extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "version": 1,
        "command": "check",
        "exit_code": 1 if findings else 0,
        "summary": {"files": 1, "errors": len(findings), "warnings": 0, "error": 0},
        "files": [],
        "findings": list(findings),
        "errors": [],
        "notes": [],
        "verification": None,
    }
    doc.update(extra)
    return doc


def table_rows(tokens: list[Token], header: str) -> list[list[str]]:
    """The body rows of the table whose first header cell is ``header``, as plain text."""
    rows: list[list[str]] = []
    current: list[str] | None = None
    in_table = in_body = False
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            first = tokens[i + 3]  # table_open, thead_open, tr_open, th_open, inline
            in_table = tokens[i + 4].content == header if first.type == "th_open" else False
        elif token.type == "table_close":
            in_table = in_body = False
        elif in_table and token.type == "tbody_open":
            in_body = True
        elif in_body and token.type == "tr_open":
            current = []
        elif in_body and token.type == "tr_close" and current is not None:
            rows.append(current)
        elif in_body and token.type == "inline" and current is not None:
            current.append(plain(token))
    return rows


def plain(inline: Token) -> str:
    """The text a reader sees in an inline token (code spans and text, no markup)."""
    out = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append("\n")
        elif child.type in ("html_inline", "link_open", "image"):
            out.append("<<MARKUP>>")
    return "".join(out)


def test_check_summary_shows_verdict_counts_findings_and_next_steps() -> None:
    doc = document(
        finding(".env", 8, "EM001"),
        finding("app/bot.py", 6, "EM101", message="reads deprecated DINGTALK_APP_KEY"),
        finding(".env", 10, "EM003", severity="warning", message="not needed"),
    )
    text = markdown.render(doc)
    assert text.startswith("### envmigrate check\n\n❌ **Migration incomplete**: 2 places still")
    assert "(exit 1)" in text
    tokens = PARSER.parse(text)
    assert table_rows(tokens, "files") == [["1", "3", "0", "0"]]
    assert table_rows(tokens, "severity") == [
        ["error", "EM001", ".env:8:1", "DINGTALK_APP_KEY is deprecated"],
        ["error", "EM101", "app/bot.py:6:1", "reads deprecated DINGTALK_APP_KEY"],
        ["warning", "EM003", ".env:10:1", "not needed"],
    ]
    assert "`envmigrate migrate --dry-run --code .env app/bot.py`" in text
    assert "remove it when unused" in text


def test_clean_check_says_complete() -> None:
    text = markdown.render(document())
    assert "✅ **Migration complete**" in text
    assert "- Nothing to do." in text
    assert "Findings" not in text


def test_migrate_dry_run_folds_the_diff_in_details() -> None:
    diff = "--- a/.env\n+++ b/.env\n@@ -1 +1 @@\n-DINGTALK_APP_KEY=****\n+DINGTALK_CLIENT_ID=****\n"
    doc = document(
        command="migrate",
        summary={"files": 1, "would-change": 1, "changed": 0, "refused": 0, "error": 0},
        files=[{"path": ".env", "status": "would-change", "diff": diff, "message": ""}],
    )
    text = markdown.render(doc)
    assert "⏳ **1 file would change**" in text
    assert "<details><summary>Masked diff: 1 file</summary>\n\n```diff\n" + diff + "```\n" in text
    fences = [t for t in PARSER.parse(text) if t.type == "fence"]
    assert [(f.info, f.content) for f in fences] == [("diff", diff)]
    assert "without `--dry-run`" in text


def test_verification_table_and_verdicts() -> None:
    steps = [
        {
            "step": "token",
            "status": "failed",
            "latency_ms": 40,
            "classification": "credentials_rejected",
            "code": "invalidClientIdOrSecret",
            "requestid": "R1",
        },
        {"step": "stream", "status": "ok", "latency_ms": 12},
    ]
    doc = document(verification=[{"source": ".env", "status": "rejected", "steps": steps}])
    text = markdown.render(doc)
    assert "🔑 ❌ **DingTalk rejected the credentials.**" in text
    rows = table_rows(PARSER.parse(text), "credentials")
    assert rows == [
        [
            ".env",
            "rejected",
            "credentials_rejected, code invalidClientIdOrSecret, requestid R1",
            "ok (12 ms)",
        ]
    ]
    assert "developer console" in text


def test_a_diff_with_backtick_fences_cannot_close_its_block() -> None:
    diff = "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-```\n+````` </details> <script>\n ```\n"
    doc = document(files=[{"path": "x", "status": "would-change", "diff": diff, "message": ""}])
    tokens = PARSER.parse(markdown.render(doc))
    fences = [t for t in tokens if t.type == "fence"]
    assert [f.content for f in fences] == [diff]
    assert [t.content for t in tokens if t.type == "html_block"] == [
        "<details><summary>Masked diff: 1 file</summary>\n",
        "</details>\n",
    ]


def seen(text: str) -> str:
    """What a reader sees of one line of file text: breaks as spaces, controls as U+FFFD."""
    text = re.sub(r"\r\n|\r|\n", " ", text)
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "\ufffd", text)


_NASTY = st.text(
    st.characters(blacklist_categories=("Cs",)) | st.sampled_from(list("|`*_<>[]()&@#$\\~!\n\r:")),
    max_size=40,
)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.lists(st.tuples(_NASTY, _NASTY), min_size=1, max_size=6))
def test_any_path_or_message_stays_in_its_cell(pairs: list[tuple[str, str]]) -> None:
    findings = [finding(path or "x", 3, message=message) for path, message in pairs]
    tokens = PARSER.parse(markdown.render(document(*findings)))
    rows = table_rows(tokens, "severity")
    assert len(rows) == len(findings)
    for row, f in zip(rows, findings, strict=True):
        assert row[0:2] == ["error", "EM001"]
        assert "<<MARKUP>>" not in "".join(row)
        assert row[3].strip() == seen(f["message"]).strip()  # cells are trimmed
        where = seen(f"{f['path']}:3:1")
        assert row[2] in (where, where[1:-1])  # a code span drops one padding space
    assert not [t for t in tokens if t.type == "html_block"]


def test_an_at_sign_or_issue_reference_is_escaped() -> None:
    text = markdown.render(document(finding(message="ping @octocat about #12 & <b>")))
    assert "\\@octocat" in text
    assert "\\#12" in text
    assert "\\&" in text
    assert "\\<b\\>" in text


def test_long_reports_stay_under_the_pull_request_limit() -> None:
    many = [finding(f"deploy/{'x' * 300}-{n}.yaml", n + 1) for n in range(1000)]
    diff = "".join(f"-DINGTALK_APP_KEY=****\n+DINGTALK_CLIENT_ID=**** {n}\n" for n in range(20000))
    doc = document(
        *many, files=[{"path": ".env", "status": "would-change", "diff": diff, "message": ""}]
    )
    text = markdown.render(doc)
    assert len(text) <= markdown.LIMIT + 100
    assert "more (see `--format json`)" in text
    assert "(cut: too long" in text
    tokens = PARSER.parse(text)
    assert [t.type for t in tokens if t.type in ("html_block",)] == ["html_block", "html_block"]
    fence = next(t for t in tokens if t.type == "fence")
    assert diff.startswith(fence.content)
    assert fence.content.endswith("\n")


def test_inline_code_holds_any_backticks() -> None:
    for text in ["a`b", "``", "`x`", " ", "  ", " a ", "a|b", "`"]:
        rendered = markdown.code(text)
        inline = PARSER.parseInline(rendered)[0]
        assert plain(inline) == text, (text, rendered)


def test_migrate_leftovers_and_store_commands() -> None:
    left = {
        **finding(".github/workflows/deploy.yml", 7, "EM102"),
        "reason": "store",
        "new": "DINGTALK_CLIENT_ID",
    }
    doc = document(
        command="migrate",
        exit_code=1,
        summary={"files": 2, "changed": 1, "would-change": 0, "refused": 0, "error": 0},
        leftovers=[left],
        next_steps=["gh secret set DINGTALK_CLIENT_ID", "gh secret delete DINGTALK_APP_KEY"],
        complete=False,
    )
    text = markdown.render(doc)
    assert "❌ **Migration incomplete**: 1 file migrated, 1 place still uses the old names." in text
    tokens = PARSER.parse(text)
    assert table_rows(tokens, "where") == [
        [
            ".github/workflows/deploy.yml:7:1",
            "EM102",
            "DINGTALK_APP_KEY → DINGTALK_CLIENT_ID",
            "a secret kept in a store: see the next steps",
        ]
    ]
    assert (
        "  - `gh secret set DINGTALK_CLIENT_ID`\n  - `gh secret delete DINGTALK_APP_KEY`\n" in text
    )
    assert "Zero-downtime order" in text


def test_environment_findings_ask_for_renamed_variables_not_a_migrate() -> None:
    doc = document(finding("<environ>", 0, "EM001"), finding("<environ>", 0, "EM002", message="x"))
    doc["findings"][1]["key"] = "DINGTALK_APP_SECRET"
    text = markdown.render(doc)
    assert "still sets `DINGTALK_APP_KEY`, `DINGTALK_APP_SECRET`: rename those variables" in text
    assert "envmigrate migrate" not in text
