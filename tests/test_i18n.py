"""Chinese messages: the catalogue is complete and in step with the code; the language is
chosen by --lang or the locale variables; machine formats and secrets are unaffected."""

from __future__ import annotations

import copy
import json
import os
import re
import string
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from bench import catalogue
from envmigrate import i18n, render
from envmigrate.cli import cli
from envmigrate.entry import main
from envmigrate.i18n import Msg, tr
from envmigrate.testing import FakeDingTalk
from tests.conftest import LEGACY, SENTINEL

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "demo.zh.txt"
PO = catalogue.parse_po(catalogue.PO.read_text(encoding="utf-8"))
ENTRIES = {k: v for k, v in PO.items() if k != ""}
CODE = catalogue.code_msgids()
WRONG = "clientId或者clientSecret错误"


#: The "fields" of a text that is not a format template (``unbalanced '}'``): never
#: formatted, so its translation must not be one either.
LITERAL = "<literal>"


def fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {LITERAL}


# -- (a) the catalogue ---------------------------------------------------------------------


def test_every_message_in_the_code_has_a_translation() -> None:
    missing = sorted((m for m in CODE if not any(ENTRIES.get(m, [""]))), key=str)
    assert missing == [], "run `python bench/catalogue.py missing` and translate them"


def test_no_stale_messages_in_the_catalogue() -> None:
    assert sorted(ENTRIES.keys() - CODE, key=str) == []


@pytest.mark.parametrize("msgid", sorted(ENTRIES, key=str), ids=lambda m: str(m)[:40])
def test_placeholders_are_the_same_in_both_languages(msgid: str | tuple[str, str]) -> None:
    english = [msgid] if isinstance(msgid, str) else list(msgid)
    for text in english + ENTRIES[msgid]:
        assert fields(text) == fields(english[0]), text
    for text in ENTRIES[msgid]:
        assert text.strip(), msgid


def test_the_committed_mo_is_a_fresh_compile_of_the_po() -> None:
    assert catalogue.mo_path(catalogue.PO).read_bytes() == catalogue.compile_mo(PO)


def test_the_compiled_catalogue_reads_back_with_gettext() -> None:
    import gettext
    import io

    mo = gettext.GNUTranslations(io.BytesIO(catalogue.compile_mo(PO)))
    for msgid, forms in ENTRIES.items():
        if isinstance(msgid, tuple):
            assert mo.ngettext(*msgid, 1) == mo.ngettext(*msgid, 5) == forms[0]
        else:
            assert mo.gettext(msgid) == forms[0]


def test_the_extractor_sees_every_marker() -> None:
    """The completeness test is only as good as the extraction: it must find each form."""
    source = '''
from envmigrate.i18n import N_, Msg, _, ngettext, plural
a = _("one")
b = N_("two")
c = Msg("three {x}", x=1)
d = plural("{count} four", "{count} fours", 2)
e = ngettext("five", "fives", 2)
f = _(variable)

@cli.command()
def command():
    """Six.

    Seven."""
'''
    assert catalogue.msgids_of(source) == {
        "one",
        "two",
        "three {x}",
        ("{count} four", "{count} fours"),
        ("five", "fives"),
        "Six.\n\nSeven.",
    }


@given(st.data())
def test_every_translation_formats_with_any_values(data: st.DataObject) -> None:
    """Arbitrary (hostile) parameter values never break a translated message."""
    i18n.set_language("zh")
    try:
        for msgid in sorted(ENTRIES, key=str)[:: max(1, len(ENTRIES) // 25)]:
            template = msgid if isinstance(msgid, str) else msgid[0]
            names = fields(template)
            if LITERAL in names:
                continue
            values = {n: data.draw(st.text(max_size=12), label=n) for n in names}
            if isinstance(msgid, tuple):
                count = data.draw(st.integers(0, 10**6), label="count")
                values.pop("count", None)
                text = i18n.plural(*msgid, count, **values)
                assert text == ENTRIES[msgid][0].format(count=count, **values)
                continue
            message = Msg(template, **values)
            assert str.__str__(message) == template.format(**values)
            assert tr(message) == ENTRIES[msgid][0].format(**values)
    finally:
        i18n.set_language("en")


# -- Msg: English everywhere but in the text renderers -------------------------------------


def test_msg_is_its_english_text() -> None:
    message = Msg("{old} is deprecated: rename it to {new}", old="A", new="B")
    assert message == "A is deprecated: rename it to B"
    assert (
        json.dumps({"m": message}, ensure_ascii=False) == '{"m": "A is deprecated: rename it to B"}'
    )
    assert copy.deepcopy(message) == message
    i18n.set_language("zh")
    assert tr(message) == "A 已弃用：请改名为 B"
    assert tr(copy.deepcopy(message)) == "A 已弃用：请改名为 B"
    assert message == "A is deprecated: rename it to B"  # the data does not change


def test_nested_messages_are_translated_and_plain_values_are_not() -> None:
    i18n.set_language("zh")
    inner = Msg("{key} is empty", key="X")
    outer = Msg("{path}: {message}: check the file", path="skipped", message=inner)
    assert tr(outer) == "skipped：X 为空：请检查该文件"


# -- (d) the language ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_CN"}, "zh"),
        ({"LANG": "zh"}, "zh"),
        ({"LANG": "zh_Hans"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "zh-Hans-CN"}, "zh"),
        ({"LANG": "zh_CN.GB18030@stroke"}, "zh"),
        ({"LANG": "ZH_CN.utf8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LANG": "zu_ZA"}, "en"),  # Zulu is not Chinese
        ({"LANG": "zhx"}, "en"),
        ({"LANG": ""}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "en"),
        ({"LC_MESSAGES": "zh_CN", "LC_ALL": "C"}, "en"),
        ({"LC_ALL": "zh_CN.UTF-8", "LC_MESSAGES": "en_US"}, "zh"),
        ({"LC_ALL": "", "LANG": "zh_CN.UTF-8"}, "zh"),  # empty is not set
        ({"LANGUAGE": "zh_CN:en", "LC_ALL": "en_US.UTF-8"}, "zh"),
        ({"LANGUAGE": "en:zh_CN", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANGUAGE": "", "LANG": "zh_CN.UTF-8"}, "zh"),
    ],
)
def test_language_from_the_environment(environ: dict[str, str], expected: str) -> None:
    assert i18n.from_environment(environ) == expected


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["check", "--lang", "zh"], "zh"),
        (["--lang", "zh", "check"], "zh"),
        (["check", "--lang=zh", "x"], "zh"),
        (["check", "--lang", "en"], "en"),
        (["check", "--lang", "zh", "--lang", "en"], "en"),  # the last one wins, as in click
        (["check", "--", "--lang", "zh"], None),  # a file named --lang
        (["check", "--lang"], None),
        (["check", "--lang", "fr"], None),  # click reports the bad choice
    ],
)
def test_language_from_argv(argv: list[str], expected: str | None) -> None:
    assert i18n.from_argv(argv) == expected


def test_lang_wins_over_the_environment() -> None:
    assert i18n.resolve(["--lang", "en"], {"LANG": "zh_CN.UTF-8"}) == "en"
    assert i18n.resolve(["--lang", "zh"], {"LANG": "C"}) == "zh"
    assert i18n.resolve([], {"LANG": "zh_CN.UTF-8"}) == "zh"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        i18n.set_language("fr")


# -- (c) --lang en under a Chinese locale, and the other way round --------------------------


def run(
    argv: list[str], env: dict[str, str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in i18n.LOCALE_VARIABLES}
    return subprocess.run(
        [sys.executable, "-m", "envmigrate", *argv],
        env={**clean, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.subprocess
def test_lang_en_under_a_chinese_locale_is_todays_english(tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes(LEGACY.read_bytes())
    english = run(["check", ".env"], {"LANG": "C.UTF-8"}, tmp_path)
    forced = run(["check", ".env", "--lang", "en"], {"LANG": "zh_CN.UTF-8"}, tmp_path)
    chinese = run(["check", ".env"], {"LANG": "zh_CN.UTF-8"}, tmp_path)
    assert (forced.stdout, forced.stderr, forced.returncode) == (
        english.stdout,
        english.stderr,
        english.returncode,
    )
    assert "已弃用" in chinese.stdout
    assert "已检查" in chinese.stderr
    assert chinese.returncode == english.returncode


@pytest.mark.subprocess
@pytest.mark.parametrize("argv", [["check", "--lang", "zh"], ["--lang", "zh", "check"]])
def test_lang_zh_under_an_english_locale(tmp_path: Path, argv: list[str]) -> None:
    (tmp_path / ".env").write_bytes(LEGACY.read_bytes())
    proc = run([*argv, ".env"], {"LANG": "en_US.UTF-8"}, tmp_path)
    assert "EM001 DINGTALK_APP_KEY 已弃用：请改名为 DINGTALK_CLIENT_ID" in proc.stdout


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_machine_formats_stay_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    env = tmp_path / ".env"
    env.write_bytes(LEGACY.read_bytes())
    assert main(["check", "--format", fmt, str(env)]) == 1
    english = capsys.readouterr().out
    assert main(["check", "--lang", "zh", "--format", fmt, str(env)]) == 1
    assert capsys.readouterr().out == english
    assert not re.search(r"[\u4e00-\u9fff]", english)


def test_github_annotations_keep_codes_and_titles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = tmp_path / ".env"
    env.write_bytes(LEGACY.read_bytes())
    main(["check", "--format", "github", str(env)])
    english = capsys.readouterr().out.splitlines()
    main(["check", "--lang", "zh", "--format", "github", str(env)])
    chinese = capsys.readouterr().out.splitlines()
    assert [line.split("::")[1] for line in chinese] == [line.split("::")[1] for line in english]
    assert "已弃用" in chinese[0]


def test_errors_are_translated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope"
    assert main(["check", "--lang", "zh", str(missing)]) == 2
    assert capsys.readouterr().err == f"envmigrate：错误：{missing}：文件或目录不存在\n"
    assert main(["check", str(missing)]) == 2
    assert capsys.readouterr().err == f"envmigrate: error: {missing}: no such file or directory\n"


# -- --help --------------------------------------------------------------------------------


def width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


COMMANDS = [[], *([name] for name in sorted(cli.commands))]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "envmigrate")
def test_chinese_help_fits_one_screen(command: list[str]) -> None:
    result = CliRunner().invoke(
        cli, [*command, "--help"], env={"LANG": "zh_CN.UTF-8"}, terminal_width=80
    )
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) <= 24, result.output
    assert max(map(width, lines)) <= 80, result.output
    assert "用法：" in result.output
    assert "显示此帮助并退出" in result.output


@pytest.mark.parametrize("command", [c for c in COMMANDS if c], ids=" ".join)
def test_lang_option_after_help_still_counts(command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help", "--lang", "zh"], env={"LANG": "C"})
    assert "用法：" in result.output
    english = CliRunner().invoke(
        cli, [*command, "--help"], env={"LANG": "zh_CN.UTF-8", "LANGUAGE": "en"}
    )
    assert "Usage:" in english.output
    assert "用法" not in english.output


# -- (b) the demo, entirely in Chinese ------------------------------------------------------

#: ASCII words allowed in the Chinese demo: names, codes, commands, protocol words.
ALLOWED = {
    "envmigrate", "check", "migrate", "env", "yes", "DINGTALK_APP_KEY", "DINGTALK_APP_SECRET",
    "DINGTALK_AGENT_ID", "DINGTALK_CLIENT_ID", "DINGTALK_CLIENT_SECRET", "Stream", "WebSocket",
    "API", "agent", "id", "access", "token", "stream", "ok", "ping", "http", "ms", "EM001",
    "EM002", "EM003", "EM006", "PORT", "MS",
}  # fmt: skip


def normalized(text: str) -> str:
    text = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", text)
    return re.sub(r" +\d+ ms", " MS ms", text)


@pytest.mark.subprocess
def test_chinese_demo_golden() -> None:
    proc = run(["demo"], {"LANG": "zh_CN.UTF-8"})
    assert proc.returncode == 0, proc.stderr
    output = normalized(proc.stdout + "\n--- stderr ---\n" + proc.stderr)
    if os.environ.get("ENVMIGRATE_REGEN_GOLDEN"):
        GOLDEN.write_text(output, encoding="utf-8")
    assert output == GOLDEN.read_text(encoding="utf-8")
    prose = [
        line
        for line in output.splitlines()
        if not line.startswith(("---", "+++", "@@", " ", "-", "+", "$ ")) or line.startswith("  ")
    ]
    for line in prose:
        words = set(re.findall(r"[A-Za-z][A-Za-z_0-9]*", line))
        assert words <= ALLOWED, (line, words - ALLOWED)


# -- (e) no secret in Chinese output either; item 4: DingTalk's own message -------------------


def env_with(tmp_path: Path, secret: str) -> Path:
    path = tmp_path / ".env"
    path.write_text(f"DINGTALK_APP_KEY=dingtestclientid0001\nDINGTALK_APP_SECRET={secret}\n")
    return path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dingtalk_message_is_shown_next_to_the_classification(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    """The stand-in answers wrong credentials with DingTalk's own Chinese message."""
    env = env_with(tmp_path, SENTINEL)
    with FakeDingTalk(client_id="dingtestclientid0001", client_secret="another-secret") as fake:
        code = main(["verify", "--lang", lang, "--endpoint", fake.url, "--retries", "0", str(env)])
    out, err = capsys.readouterr()
    assert code == 1
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "credentials_rejected" in line)
    said = {"zh": f"钉钉返回：{WRONG}", "en": f"DingTalk says: {WRONG}"}[lang]
    assert lines[at + 1].strip() == said
    assert SENTINEL not in out + err
    if lang == "zh":
        assert "被拒绝：钉钉拒绝了这些凭证" in out
        assert "应用凭证" in out


def test_dingtalk_message_in_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = env_with(tmp_path, SENTINEL)
    with FakeDingTalk(client_id="dingtestclientid0001", client_secret="another-secret") as fake:
        main(["verify", "--format", "json", "--endpoint", fake.url, "--retries", "0", str(env)])
    step = json.loads(capsys.readouterr().out)["results"][0]["steps"][0]
    assert (step["classification"], step["message"]) == ("credentials_rejected", WRONG)


@given(st.text(max_size=300))
def test_server_text_is_one_safe_line(text: str) -> None:
    shown = render.server_text(text)
    assert shown.isprintable()
    assert len(shown) <= render.SERVER_TEXT_LIMIT
    assert "\x1b" not in shown
    assert "\n" not in shown


def test_hostile_server_message_is_escaped_in_both_languages() -> None:
    from envmigrate.ui import Ui

    step = {
        "step": "token", "status": "failed", "latency_ms": 3, "attempts": 1,
        "detail": "HTTP 400", "classification": "credentials_rejected",
        "hint": "x", "http_status": 400, "code": None, "requestid": None,
        "message": "bad\x1b[2J\r\nFAKE: verified" + "!" * 500,
    }  # fmt: skip
    for lang in ("en", "zh"):
        i18n.set_language(lang)
        lines = render._step_lines(step, Ui())
        assert len(lines) == 3
        assert "\x1b" not in lines[1]
        assert "\\x1b[2J\\x0d\\x0aFAKE" in lines[1]
        assert len(lines[1]) < 24 + 20 + render.SERVER_TEXT_LIMIT


@pytest.mark.parametrize("argv", [["check"], ["migrate", "--dry-run"], ["check", "--verify"]])
def test_no_secret_in_chinese_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    env = env_with(tmp_path, SENTINEL)
    with FakeDingTalk(client_id="dingtestclientid0001", client_secret="another") as fake:
        extra = ["--endpoint", fake.url] if "--verify" in argv else []
        main([*argv, "--lang", "zh", "-v", *extra, str(env)])
    out, err = capsys.readouterr()
    assert SENTINEL not in out + err
    assert re.search(r"[\u4e00-\u9fff]", out + err)


# -- start-up: English never loads the catalogue ---------------------------------------------


@pytest.mark.subprocess
def test_english_never_reads_the_catalogue(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("DINGTALK_CLIENT_ID=x\n")
    probe = (
        "import sys; from envmigrate import i18n; from envmigrate.entry import main; "
        "main(sys.argv[1:]); print(i18n._catalogue is None, i18n.language())"
    )
    clean = {k: v for k, v in os.environ.items() if k not in i18n.LOCALE_VARIABLES}
    for lang, expected in (("C.UTF-8", "True en"), ("zh_CN.UTF-8", "False zh")):
        proc = subprocess.run(
            [sys.executable, "-c", probe, "check", ".env"],
            env={**clean, "PYTHONPATH": str(ROOT), "LANG": lang},
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.stdout.strip() == expected, proc.stderr


def test_markdown_is_translated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = tmp_path / ".env"
    env.write_bytes(LEGACY.read_bytes())
    main(["check", "--format", "markdown", str(env)])
    english = capsys.readouterr().out
    main(["check", "--lang", "zh", "--format", "markdown", str(env)])
    chinese = capsys.readouterr().out
    assert "#### Findings" in english
    assert "#### 发现" in chinese
    assert "已弃用" in chinese
    assert "Findings" not in chinese
    assert chinese.count("| EM0") == english.count("| EM0")


def test_early_failure_documents_stay_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A run that fails before its report exists still prints one English JSON document;
    the person reads the error in Chinese on stderr."""
    missing = str(tmp_path / "nope")
    assert main(["check", "--format", "json", missing]) == 2
    english = capsys.readouterr()
    assert main(["check", "--lang", "zh", "--format", "json", missing]) == 2
    chinese = capsys.readouterr()
    assert chinese.out == english.out
    assert json.loads(chinese.out)["errors"] == [f"{missing}: no such file or directory"]
    assert "文件或目录不存在" in chinese.err


def test_usage_errors_are_translated_for_people_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--lang", "zh", "--format", "json", "--select", "X1"]) == 2
    out, err = capsys.readouterr()
    assert "不是发现代码或前缀" in err
    assert "is not a finding code or prefix" in json.loads(out)["errors"][0]
