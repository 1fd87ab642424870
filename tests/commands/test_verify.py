"""``envmigrate verify``, ``verify_for_report`` and ``demo`` end to end against the stand-in."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from envmigrate import render
from envmigrate.commands.verify import verify_for_report
from envmigrate.credentials import Credentials
from envmigrate.entry import main
from envmigrate.testing import FakeDingTalk
from envmigrate.ui import Ui
from tests.verify.conftest import CLIENT_ID, SECRET, assert_no_sentinel

FAULT_OUTCOMES = [
    pytest.param(None, 0, [None, None], id="ok"),
    pytest.param("reject_credentials", 1, ["credentials_rejected"] * 2, id="reject"),
    pytest.param("hang", 3, ["timeout"] * 2, id="hang"),
    pytest.param("server_error", 3, ["service_error"] * 2, id="5xx"),
    pytest.param("rate_limited", 3, ["rate_limited"] * 2, id="429"),
    pytest.param("malformed_json", 3, ["protocol_error"] * 2, id="malformed"),
    pytest.param("html_error", 3, ["service_error"] * 2, id="html"),
    pytest.param("refuse_upgrade", 1, [None, "ticket_rejected"], id="refuse-upgrade"),
    pytest.param("close_websocket", 0, [None, None], id="close-at-once"),
    pytest.param("disconnect", 0, [None, None], id="disconnect"),
    pytest.param("flaky", 0, [None, None], id="fail-once"),
    pytest.param("app_traffic", 0, [None, None], id="app-traffic"),
]


def env_file(tmp_path: Path, client_id: str = CLIENT_ID, secret: str = SECRET) -> Path:
    path = tmp_path / ".env"
    path.write_text(f"DINGTALK_CLIENT_ID={client_id}\nDINGTALK_CLIENT_SECRET={secret}\n")
    return path


def verify(fake: FakeDingTalk, path: Path, *extra: str) -> int:
    return main(
        ["verify", "--endpoint", fake.url, "--timeout", "1", "--retries", "1", *extra, str(path)]
    )


@pytest.mark.parametrize(("fault", "code", "kinds"), FAULT_OUTCOMES)
def test_fault_end_to_end(
    fake: FakeDingTalk,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fault: str | None,
    code: int,
    kinds: list[str | None],
) -> None:
    """Each fault ends in its classification and exit code, within the 1 s deadline
    (``--timeout N`` ends the run within N + 0.5 s; the bound is generous for CI)."""
    fake.set_fault(fault)
    start = time.monotonic()
    assert verify(fake, env_file(tmp_path), "--format", "json") == code
    assert time.monotonic() - start < 2.0
    document = json.loads(capsys.readouterr().out)
    assert document["version"] == 1
    assert document["exit_code"] == code
    assert [s["classification"] for s in document["results"][0]["steps"]] == kinds


def test_retries_observed(
    fake: FakeDingTalk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Fail once then succeed: exit 0, two attempts per step, two requests per endpoint."""
    fake.set_fault("flaky")
    assert verify(fake, env_file(tmp_path), "--format", "json") == 0
    steps = json.loads(capsys.readouterr().out)["results"][0]["steps"]
    assert [s["attempts"] for s in steps] == [2, 2]
    assert len(fake.requests) == 4


def test_text_report(
    fake: FakeDingTalk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert verify(fake, env_file(tmp_path)) == 0
    out = capsys.readouterr().out
    assert "token" in out
    assert "stream" in out
    assert " ms " in out
    assert "verified" in out


def test_text_report_failure_has_hint(
    fake: FakeDingTalk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.set_fault("reject_credentials")
    assert verify(fake, env_file(tmp_path)) == 1
    out = capsys.readouterr().out
    assert "credentials_rejected" in out
    assert "hint: DingTalk refused the client id/secret" in out
    assert "requestid" in out


def test_no_stream(fake: FakeDingTalk, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert verify(fake, env_file(tmp_path), "--no-stream", "--format", "json") == 0
    assert [s["step"] for s in json.loads(capsys.readouterr().out)["results"][0]["steps"]] == [
        "token"
    ]
    assert fake.connections == 0


def test_endpoint_from_environment(
    fake: FakeDingTalk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """DINGTALK_OPENAPI_ENDPOINT is honoured when --endpoint is absent."""
    monkeypatch.setenv("DINGTALK_OPENAPI_ENDPOINT", fake.url)
    assert main(["verify", "--timeout", "2", str(env_file(tmp_path))]) == 0
    assert fake.url in capsys.readouterr().out


def test_environ_and_deprecated_note(
    fake: FakeDingTalk, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--environ reads the process environment; old names work, with a note."""
    monkeypatch.setenv("DINGTALK_APP_KEY", CLIENT_ID)
    monkeypatch.setenv("DINGTALK_APP_SECRET", SECRET)
    assert main(["verify", "--environ", "--endpoint", fake.url]) == 0
    err = capsys.readouterr().err
    assert "deprecated DINGTALK_APP_KEY, DINGTALK_APP_SECRET" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("OTHER=1\n", "no DingTalk credentials"),
        ("DINGTALK_CLIENT_ID=dingabc123\n", "DINGTALK_CLIENT_SECRET missing"),
        ("DINGTALK_CLIENT_ID=your_client_id\nDINGTALK_CLIENT_SECRET=changeme\n", "placeholder"),
        ("DINGTALK_CLIENT_ID=你的AppKey\nDINGTALK_CLIENT_SECRET=请填写\n", "placeholder"),
        (
            "DINGTALK_CLIENT_ID=dingabc123\nDINGTALK_CLIENT_SECRET=钉钉应用的AppSecret\n",
            "placeholder",
        ),
    ],
)
def test_unusable_credentials_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    (tmp_path / ".env").write_text(content)
    assert main(["verify", "--endpoint", "http://127.0.0.1:9", str(tmp_path / ".env")]) == 2
    assert message in capsys.readouterr().err


def test_directory_missing_file_and_bad_endpoint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", str(tmp_path)]) == 2
    assert main(["verify", str(tmp_path / "nope.env")]) == 2
    assert main(["verify", "--endpoint", "ftp://x", str(env_file(tmp_path))]) == 2
    err = capsys.readouterr().err
    assert "is a directory" in err
    assert "no such file" in err
    assert "not an http(s) base URL" in err


def test_verify_for_report_precedence_and_skips(fake: FakeDingTalk) -> None:
    """Placeholders and incomplete sets are skipped; rejected (1) wins over verified (0)."""
    sets = [
        Credentials(CLIENT_ID, SECRET, "good.env"),
        Credentials(CLIENT_ID, "S3NT1NEL-wrong-secret", "bad.env"),
        Credentials("your_client_id", "changeme", ".env.example"),
        Credentials(CLIENT_ID, None, "half.env"),
    ]
    outcome = verify_for_report(sets, ui=Ui(), endpoint=fake.url, timeout=3)
    assert int(outcome.exit_code) == 1
    assert [r["status"] for r in outcome.results] == ["verified", "rejected", "skipped", "skipped"]
    assert "placeholder" in str(outcome.results[2]["notes"])
    assert "DINGTALK_CLIENT_SECRET missing" in str(outcome.results[3]["notes"])
    assert_no_sentinel(json.dumps(outcome.results))


def test_verify_for_report_inconclusive(
    fake: FakeDingTalk, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.set_fault("server_error")
    outcome = verify_for_report(
        [Credentials(CLIENT_ID, SECRET, "a.env")],
        ui=Ui(),
        endpoint=fake.url,
        timeout=1,
        retries=0,
    )
    Ui().data(render.verification_text(outcome.results, endpoint=outcome.endpoint, ui=Ui()))
    assert int(outcome.exit_code) == 3
    assert "inconclusive" in capsys.readouterr().out


def test_demo(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo runs check, diff, migrate and verification offline, and exits 0."""
    assert main(["demo", "--no-color"]) == 0
    captured = capsys.readouterr()
    assert "EM001" in captured.out
    assert "+DINGTALK_CLIENT_ID=****" in captured.out
    assert "verified" in captured.out
    assert "demo-secret" not in captured.out + captured.err


@pytest.mark.parametrize(
    ("fault", "code", "annotation", "verdict"),
    [
        (None, 0, "", "All clean: the environment checked; credentials verified."),
        (
            "reject_credentials",
            1,
            "::error title=verify credentials_rejected::verification rejected for <environ>",
            "No findings: the environment checked; DingTalk rejected the credentials.",
        ),
        (
            "server_error",
            3,
            "::warning title=verify service_error::verification inconclusive for <environ>",
            "No findings: the environment checked; verification inconclusive.",
        ),
    ],
)
def test_check_environ_verify_in_ci(
    fake: FakeDingTalk,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fault: str | None,
    code: int,
    annotation: str,
    verdict: str,
) -> None:
    """The CI recipe: the verdict is an annotation and ends the summary; no secret shown."""
    monkeypatch.setenv("DINGTALK_OPENAPI_ENDPOINT", fake.url)
    monkeypatch.setenv("DINGTALK_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("DINGTALK_CLIENT_SECRET", SECRET)
    fake.set_fault(fault)
    assert main(["check", "--environ", "--verify", "--format", "github"]) == code
    out, err = capsys.readouterr()
    assert out.startswith(annotation)
    assert out.count("\n") == (1 if annotation else 0)
    assert err.strip().splitlines()[-1] == verdict
    assert_no_sentinel(out, err)


@pytest.mark.parametrize("command", ["check", "migrate"])
def test_check_and_migrate_take_the_verify_options(
    fake: FakeDingTalk, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """Their hint says "raise --timeout": they have it, with --endpoint and --retries
    (listed in ``check --help``; migrate's help has no room left: README lists them)."""
    if command == "check":
        assert main([command, "--help"]) == 0
        assert "--timeout SECONDS" in capsys.readouterr().out
    fake.set_fault("hang")
    path = tmp_path / ".env"
    path.write_text(f"DINGTALK_APP_KEY={CLIENT_ID}\nDINGTALK_APP_SECRET={SECRET}\n")
    args = ["--endpoint", fake.url, "--timeout", "1", "--retries", "0", "--format", "json"]
    extra = ["--verify"] if command == "check" else ["--yes"]
    start = time.monotonic()
    code = main([command, *extra, *args, str(path)])
    assert time.monotonic() - start < 1.5
    report = json.loads(capsys.readouterr().out)
    steps = report["verification"][0]["steps"]
    assert [s["classification"] for s in steps] == ["timeout", "timeout"]
    assert "raise --timeout" in steps[0]["hint"]
    assert code in (1, 3)
    fake.set_fault("server_error")
    before = len(fake.requests)
    args = ["--endpoint", fake.url, "--timeout", "5", "--retries", "1", "--format", "json"]
    main(["check", "--verify", *args, str(path)])
    capsys.readouterr()
    assert len(fake.requests) - before == 4  # two attempts per step: --retries 1 honoured


def test_check_verify_prints_findings_then_verification_then_summary(
    fake: FakeDingTalk,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """check --verify: the findings come first, then the verification block, then the summary."""
    monkeypatch.setenv("DINGTALK_OPENAPI_ENDPOINT", fake.url)
    env = tmp_path / ".env"
    env.write_text(f"DINGTALK_APP_KEY={CLIENT_ID}\nDINGTALK_APP_SECRET={SECRET}\n")
    assert main(["check", "--verify", "--no-color", str(env)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    first_verify = next(i for i, line in enumerate(lines) if line.startswith("verify "))
    findings = [i for i, line in enumerate(lines) if " EM00" in line]
    assert findings
    assert max(findings) < first_verify
    assert "verified: DingTalk accepted these credentials" in lines[-1]
    assert err.strip().splitlines()[-1].endswith("; credentials verified.")
    assert_no_sentinel(out, err)
