"""SARIF 2.1.0: every log validates against the official schema; URIs, regions, rules and
fingerprints keep their promises over generated reports; no value ever reaches a log."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from envmigrate import project, sarif
from envmigrate.rules import FINDINGS

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


@cache
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)  # type: ignore[no-any-return]


def assert_valid_sarif(text: str) -> dict[str, Any]:
    """Parse and validate one SARIF log against the official 2.1.0 schema (and more)."""
    log = json.loads(text)
    errors = sorted(validator().iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    for run in log["runs"]:
        rules = run["tool"]["driver"]["rules"]
        for result in run["results"]:
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
            for location in result["locations"]:
                assert "snippet" not in location["physicalLocation"]["region"]
                assert "contextRegion" not in location["physicalLocation"]
    return log


def test_the_schema_is_the_official_one() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    assert schema["id"] == sarif.SCHEMA_URI
    assert validator().is_valid({"version": "2.1.0", "runs": []})
    assert not validator().is_valid({"version": "2.1.0", "runs": [{"results": []}]})


def finding(path: str, line: int = 1, code: str = "EM001", **extra: Any) -> dict[str, Any]:
    rule = FINDINGS.get(code)
    return {
        "code": code,
        "severity": rule.severity if rule else "error",
        "path": path,
        "line": line,
        "column": extra.pop("column", 1),
        "key": extra.pop("key", "DINGTALK_APP_KEY"),
        "message": extra.pop("message", "DINGTALK_APP_KEY is deprecated"),
    }


def document(*findings: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "version": 1,
        "command": "check",
        "exit_code": 1 if findings else 0,
        "findings": list(findings),
        "errors": [],
        "notes": [],
        "verification": None,
        **extra,
    }


# -- rules ---------------------------------------------------------------------------------


def test_rules_come_from_the_finding_table(tmp_path: Path) -> None:
    log = assert_valid_sarif(sarif.render(document(), cwd=tmp_path))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(FINDINGS)
    for rule in rules:
        entry = FINDINGS[rule["id"]]
        assert rule["name"] == entry.name
        assert rule["shortDescription"]["text"] == entry.short
        assert rule["fullDescription"]["text"] == entry.full
        assert rule["defaultConfiguration"]["level"] == entry.severity
        assert rule["helpUri"] == project.docs_url(entry.doc)
    assert len({r["name"] for r in rules}) == len(rules)


def test_help_uris_point_at_readme_sections_of_the_one_repository_url() -> None:
    import tomllib

    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    url = pyproject["project"]["urls"]["Repository"]
    assert project.repository_url() == url
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    anchors = {_anchor(h) for h in re.findall(r"^#+ (.+)$", readme, flags=re.MULTILINE)}
    for entry in FINDINGS.values():
        assert entry.doc in anchors, entry.code
        assert project.docs_url(entry.doc) == f"{url}/blob/main/README.md#{entry.doc}"


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_every_code_the_package_can_emit_is_in_the_table() -> None:
    package = Path(__file__).parent.parent / "envmigrate"
    emitted = set()
    for source in package.rglob("*.py"):
        emitted |= set(re.findall(r"\"(EM\d{3})\"", source.read_text(encoding="utf-8")))
    assert emitted
    assert emitted <= set(FINDINGS)


def test_readme_tables_agree_with_the_finding_table() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| (EM\d{3}) \| (\w+)", readme, flags=re.MULTILINE))
    assert set(rows) == set(FINDINGS)
    for code, severity in rows.items():
        assert FINDINGS[code].severity == severity, code


# -- results -------------------------------------------------------------------------------


def test_results_have_relative_uris_regions_and_no_snippets(tmp_path: Path) -> None:
    doc = document(
        finding(".env", 8, "EM001"),
        finding("./app/bot.py", 6, "EM101", column=17),
        finding(str(tmp_path / "deploy" / "k8s.yaml"), 3, "EM102", column=9),
    )
    log = assert_valid_sarif(sarif.render(doc, cwd=tmp_path))
    locations = [r["locations"][0]["physicalLocation"] for r in log["runs"][0]["results"]]
    assert [loc["artifactLocation"] for loc in locations] == [
        {"uri": ".env", "uriBaseId": "SRCROOT"},
        {"uri": "app/bot.py", "uriBaseId": "SRCROOT"},
        {"uri": "deploy/k8s.yaml", "uriBaseId": "SRCROOT"},
    ]
    assert [loc["region"] for loc in locations] == [
        {"startLine": 8, "startColumn": 1},
        {"startLine": 6, "startColumn": 17},
        {"startLine": 3, "startColumn": 9},
    ]
    assert log["runs"][0]["results"][0]["level"] == "error"


def test_a_file_outside_the_folder_gets_an_absolute_file_uri(tmp_path: Path) -> None:
    inside = tmp_path / "repo"
    inside.mkdir()
    doc = document(finding(str(tmp_path / "other" / ".env")), finding("../elsewhere/.env"))
    log = assert_valid_sarif(sarif.render(doc, cwd=inside))
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]
    ]
    assert uris == [
        {"uri": (tmp_path / "other" / ".env").as_uri()},
        {"uri": (tmp_path / "elsewhere" / ".env").as_uri()},
    ]


def test_fingerprints_survive_moved_lines_and_tell_repeats_apart(tmp_path: Path) -> None:
    before = document(finding(".env", 3), finding(".env", 9), finding("b/.env", 3))
    after = document(finding("./.env", 5), finding(".env", 12), finding("b/.env", 40))
    prints = [
        [r["partialFingerprints"] for r in sarif.log(doc, cwd=tmp_path)["runs"][0]["results"]]
        for doc in (before, after)
    ]
    assert prints[0] == prints[1]
    values = [p[sarif.FINGERPRINT] for p in prints[0]]
    assert len(set(values)) == 3
    other_key = document(finding(".env", 3, key="DINGTALK_APP_SECRET"))
    other = sarif.log(other_key, cwd=tmp_path)["runs"][0]["results"][0]["partialFingerprints"]
    assert other[sarif.FINGERPRINT] not in values


def test_environment_findings_errors_notes_and_verification_are_notifications(
    tmp_path: Path,
) -> None:
    verification = [
        {
            "source": "<environ>",
            "status": "rejected",
            "exit_code": 1,
            "steps": [
                {"step": "token", "status": "failed", "classification": "credentials_rejected"}
            ],
        }
    ]
    doc = document(
        finding("<environ>", 0, "EM008", key="DINGTALK_CLIENT_SECRET", message="not set"),
        errors=["missing.env: no such file"],
        notes=["Nothing to verify"],
        verification=verification,
        exit_code=2,
    )
    log = assert_valid_sarif(sarif.render(doc, cwd=tmp_path))
    run = log["runs"][0]
    assert run["results"] == []
    invocation = run["invocations"][0]
    assert invocation["exitCode"] == 2
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert [n["level"] for n in notes] == ["warning", "error", "note", "error"]
    assert notes[0]["associatedRule"] == {"id": "EM008", "index": list(FINDINGS).index("EM008")}
    assert "credentials_rejected" in notes[3]["message"]["text"]


# -- properties over generated reports -----------------------------------------------------

_SEGMENT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="/\0"), min_size=1, max_size=12
).filter(lambda s: s not in (".", ".."))
_PATHS = st.lists(_SEGMENT, min_size=1, max_size=4).map("/".join)
_FINDINGS = st.builds(
    finding,
    _PATHS,
    st.integers(1, 10**6),
    st.sampled_from(list(FINDINGS)),
    column=st.integers(0, 10**4),
    key=st.text(max_size=20),
    message=st.text(max_size=80),
)


@settings(
    derandomize=True,
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(_FINDINGS, max_size=8), st.sampled_from(["", "./", "a/../"]))
def test_any_report_gives_a_valid_log_with_clean_relative_uris(
    tmp_path: Path, findings: list[dict[str, Any]], prefix: str
) -> None:
    for f in findings:
        f["path"] = prefix + f["path"]
    log = assert_valid_sarif(sarif.render(document(*findings), cwd=tmp_path))
    results = log["runs"][0]["results"]
    assert len(results) == len(findings)
    for result, f in zip(results, findings, strict=True):
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        uri = location["uri"]
        assert location["uriBaseId"] == "SRCROOT"
        assert re.fullmatch(r"[A-Za-z0-9\-._~%!$&'()*+,;=:@/]+", uri), uri
        assert not urlsplit(uri).scheme or ":" not in uri.split("/")[0]
        assert not uri.startswith("/")
        assert "/./" not in f"/{uri}"
        expected = PurePosixPath(f["path"].removeprefix("./").removeprefix("a/../"))
        assert unquote(uri) == expected.as_posix()
        assert result["message"]["text"] == f["message"]
    fingerprints = [r["partialFingerprints"][sarif.FINGERPRINT] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)


def test_a_relative_uri_never_looks_like_a_scheme(tmp_path: Path) -> None:
    """``c:/x`` or ``http:x`` as a file name must not become an absolute URI."""
    for name in ("c:", "http:x", "a:b/c"):
        uri, relative = sarif.artifact_uri(name, tmp_path)
        assert relative
        assert not urlsplit(uri).scheme, uri
        assert unquote(uri) == name


def test_migrate_leftovers_are_results_once(tmp_path: Path) -> None:
    """Places still using an old name after migrate are results; one already a finding is not
    repeated."""
    conflict = finding(".env", 3, "EM004", key="DINGTALK_APP_KEY")
    left = {**finding("deploy.yml", 7, "EM102"), "reason": "store", "new": "DINGTALK_CLIENT_ID"}
    doc = document(conflict, command="migrate", leftovers=[left, {**conflict, "reason": "refused"}])
    log = assert_valid_sarif(sarif.render(doc, cwd=tmp_path))
    results = log["runs"][0]["results"]
    assert [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results
    ] == [
        ("EM004", 3),
        ("EM102", 7),
    ]
