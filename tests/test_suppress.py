"""Inline suppressions and --select/--ignore: silenced findings are neither reported nor fixed."""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate.files import kind_of
from envmigrate.suppress import Selection, directives
from tests.test_cli import run

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "sample-repo"


def _codes(out: str) -> list[tuple[str, int, str]]:
    return [(f["path"], f["line"], f["code"]) for f in json.loads(out)["findings"]]


# -- one line per language ----------------------------------------------------------------

LINES = [
    # (file, line with a finding, comment syntax that works, syntax that does not)
    (".env", "DINGTALK_APP_KEY=id", " # envmigrate: ignore[EM001]", " // envmigrate: ignore"),
    ("app.py", 'k = os.environ["DINGTALK_APP_KEY"]', "  # envmigrate: ignore[EM101]",
     "  // envmigrate: ignore"),
    ("web.ts", "const k = process.env.DINGTALK_APP_KEY;", " // envmigrate: ignore[EM101]",
     " # envmigrate: ignore"),
    ("web.js", "const k = process.env.DINGTALK_APP_KEY;", " /* envmigrate: ignore */",
     " # envmigrate: ignore"),
    ("run.sh", 'echo "$DINGTALK_APP_KEY"', " # envmigrate: ignore[EM101]",
     " // envmigrate: ignore"),
    ("Dockerfile", "ENV DINGTALK_APP_KEY=x", " # envmigrate: ignore[EM102]", ""),
    ("ci.yml", "env:\n  DINGTALK_APP_KEY: x", " # envmigrate: ignore[EM102]",
     " // envmigrate: ignore"),
    ("requirements.txt", "dingtalk-stream==0.5.0", "  # envmigrate: ignore[EM104]",
     "  // envmigrate: ignore"),
    ("app2.py", 'a = os.getenv("DINGTALK_APP_KEY") or os.getenv("DINGTALK_AGENT_ID")',
     "  # envmigrate: ignore[EM101,EM103]",
     "  # envmigrate: ignore[EM101]"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "line", "works", "fails"), LINES)
def test_suppression_in_each_language(
    in_tmp: Path, name: str, line: str, works: str, fails: str
) -> None:
    prelude = "import os\n" if name.endswith(".py") else ""
    path = in_tmp / name
    path.write_text(prelude + line + fails + "\n")
    code, out, _ = run("check", "--format", "json", name)
    assert _codes(out), "the finding is there without a working suppression"
    before = prelude + line + works + "\n"
    path.write_text(before)
    code, out, err = run("check", "--format", "json", name)
    assert (code, _codes(out)) == (0, []), err
    code, out, err = run("migrate", "--code", "--yes", "--no-verify", name)
    assert path.read_text() == before  # a silenced rename is not rewritten
    code, out, _ = run("check", "--strict", "--format", "json", name)
    assert _codes(out) == [], "a used suppression is not reported as unused"


def test_suppression_ends_a_multiline_binding(in_tmp: Path) -> None:
    text = 'DINGTALK_APP_SECRET="line one\nline two" # envmigrate: ignore\nDINGTALK_APP_KEY=x\n'
    (in_tmp / ".env").write_text(text)
    _, out, _ = run("check", "--format", "json", ".env")
    assert _codes(out) == [(".env", 3, "EM001")]
    run("migrate", "--yes", "--no-verify", ".env")
    assert (in_tmp / ".env").read_text() == (
        'DINGTALK_APP_SECRET="line one\nline two" # envmigrate: ignore\nDINGTALK_CLIENT_ID=x\n'
    )


def test_a_kept_old_key_keeps_the_references_to_it(in_tmp: Path) -> None:
    """Renaming ${DINGTALK_APP_KEY} while its binding stays would change what OTHER holds."""
    text = "DINGTALK_APP_KEY=id # envmigrate: ignore\nOTHER=${DINGTALK_APP_KEY}\n"
    (in_tmp / ".env").write_text(text)
    run("migrate", "--yes", "--no-verify", ".env")
    assert (in_tmp / ".env").read_text() == text


def test_unused_suppressions_under_strict(in_tmp: Path) -> None:
    (in_tmp / "app.py").write_text(
        "import os\n"
        'a = os.environ["DINGTALK_APP_KEY"]  # envmigrate: ignore[EM103]\n'
        'b = os.environ["DINGTALK_APP_KEY"]  # envmigrate: ignore[EM101,EM102]\n'
        "c = 1  # envmigrate: ignore\n"
    )
    code, out, _ = run("check", "--format", "json", "app.py")
    assert (code, _codes(out)) == (1, [("app.py", 2, "EM101")])
    code, out, _ = run("check", "--strict", "--format", "json", "app.py")
    assert _codes(out) == [
        ("app.py", 2, "EM101"), ("app.py", 2, "EM900"), ("app.py", 3, "EM900"),
        ("app.py", 4, "EM900"),
    ]  # fmt: skip
    code, out, _ = run("check", "--strict", "--ignore", "EM900", "--format", "json", "app.py")
    assert "EM900" not in {c for _, _, c in _codes(out)}


@pytest.mark.parametrize(
    ("name", "text", "column"),
    [
        # after a migration: the old name is gone, the suppression stays behind
        (".env", "DINGTALK_CLIENT_ID=k  # envmigrate: ignore[EM001]\n", 23),
        (".env.local", "A=1  # envmigrate: ignore[EM001]\n", 6),
        ("app.py", 'k = os.getenv("DINGTALK_CLIENT_ID")  # envmigrate: ignore[EM101]\n', 38),
        ("main.go", "// envmigrate: ignore\n", 1),
    ],
)
def test_a_stale_suppression_in_a_file_naming_nothing_is_reported(
    in_tmp: Path, name: str, text: str, column: int
) -> None:
    """The byte pre-filter passes over files that name no old key; under --strict a file
    holding a suppression comment is read all the same (EM900 is about such comments)."""
    (in_tmp / name).write_text(text)
    code, out, _ = run("check", "--strict", "--format", "json", name)
    assert (code, _codes(out)) == (1, [(name, 1, "EM900")])
    assert json.loads(out)["findings"][0]["column"] == column
    code, out, _ = run("check", "--format", "json", name)  # not asked for: not read
    assert (code, _codes(out)) == (0, [])


def test_every_line_silenced_means_nothing_reported_or_changed(in_tmp: Path) -> None:
    """The sample repository with a suppression on every line: no finding, no rewrite."""
    repo = in_tmp / "repo"
    shutil.copytree(SAMPLE, repo)
    for path in repo.rglob("*"):
        if path.is_file() and (kind := kind_of(path.name) or "env") is not None:
            comment = " // envmigrate: ignore" if kind == "js" else " # envmigrate: ignore"
            lines = path.read_text().splitlines()
            path.write_text("".join(line + comment + "\n" for line in lines))
    pristine = in_tmp / "pristine"
    shutil.copytree(repo, pristine)
    code, out, err = run("check", "--format", "json", "repo")
    assert (code, _codes(out)) == (0, []), err
    run("migrate", "--code", "--yes", "--no-verify", "repo")
    compared = filecmp.dircmp(repo, pristine)
    assert not compared.diff_files
    assert not _deep_diffs(compared)


def _deep_diffs(compared: filecmp.dircmp[str]) -> list[str]:
    return [f for sub in compared.subdirs.values() for f in sub.diff_files + _deep_diffs(sub)]


# -- --select / --ignore -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("select", "ignore", "code", "wanted"),
    [
        ((), (), "EM103", True),
        (("EM1",), (), "EM103", True),
        (("EM1",), (), "EM001", False),
        ((), ("EM1",), "EM103", False),
        (("EM103",), ("EM1",), "EM103", True),  # the longer prefix decides
        (("EM1",), ("EM103",), "EM103", False),
        (("EM1",), ("EM103",), "EM101", True),
        (("EM",), ("EM10",), "EM900", True),
    ],
)
def test_selection(
    select: tuple[str, ...], ignore: tuple[str, ...], code: str, wanted: bool
) -> None:
    assert Selection(select, ignore).wants(code) is wanted


def test_select_and_ignore_flags_and_config(in_tmp: Path) -> None:
    shutil.copytree(SAMPLE, in_tmp / "repo")
    _, out, _ = run("check", "--format", "json", "repo")
    every = {c for _, _, c in _codes(out)}
    assert {"EM001", "EM101", "EM102"} <= every
    _, out, _ = run("check", "--format", "json", "--select", "EM1", "repo")
    assert {c for _, _, c in _codes(out)} == {c for c in every if c.startswith("EM1")}
    _, out, _ = run("check", "--format", "json", "--select", "EM0,EM102", "repo")
    assert {c for _, _, c in _codes(out)} == {c for c in every if c[:3] == "EM0" or c == "EM102"}
    (in_tmp / "cfg.toml").write_text('select = ["EM1"]\nignore = ["EM102"]\n')
    _, out, _ = run("check", "--format", "json", "--config", "cfg.toml", "repo")
    assert {c for _, _, c in _codes(out)} == {c for c in every if c[:3] == "EM1"} - {"EM102"}
    _, out, _ = run("check", "--format", "json", "--config", "cfg.toml", "--ignore", "EM101",
                    "repo")  # fmt: skip
    assert "EM101" not in {c for _, _, c in _codes(out)}


def test_ignored_codes_are_not_migrated(in_tmp: Path) -> None:
    (in_tmp / "app.py").write_text('import os\nk = os.environ["DINGTALK_APP_KEY"]\n')
    (in_tmp / ".env").write_text("DINGTALK_APP_KEY=id\n")
    run("migrate", "--code", "--yes", "--no-verify", "--ignore", "EM101", "app.py", ".env")
    assert "DINGTALK_APP_KEY" in (in_tmp / "app.py").read_text()
    assert (in_tmp / ".env").read_text() == "DINGTALK_CLIENT_ID=id\n"


@pytest.mark.parametrize("bad", ["em1", "EM1x", "X1", "EM1234", ""])
def test_bad_codes_are_usage_errors(in_tmp: Path, bad: str) -> None:
    (in_tmp / ".env").write_text("A=1\n")
    if bad:
        code, _, err = run("check", "--select", bad)
        assert code == 2
        assert "is not a finding code" in err
    (in_tmp / "cfg.toml").write_text(f'ignore = ["{bad}"]\n')
    code, _, err = run("check", "--config", "cfg.toml")
    assert code == 2
    assert "[tool.envmigrate] ignore" in err


def test_directives_by_language() -> None:
    text = (
        'a  # envmigrate: ignore[EM101, EM102]\nb // envmigrate: ignore\n"#x" envmigrate: ignore\n'
    )
    assert {d.line: d.codes for d in directives(text, "python").values()} == {1: ("EM101", "EM102")}
    assert {d.line: d.codes for d in directives(text, "js").values()} == {2: None}


def test_the_readme_examples_silence_their_findings(in_tmp: Path) -> None:
    readme = (SAMPLE.parent.parent / "README.md").read_text(encoding="utf-8")
    env_line, py_line = [line for line in readme.splitlines() if "envmigrate: ignore[EM" in line]
    (in_tmp / ".env").write_text(env_line + "\n")
    (in_tmp / "app.py").write_text("import os\n" + py_line + "\n")
    code, out, _ = run("check", "--strict", "--format", "json", ".env", "app.py")
    assert (code, _codes(out)) == (0, [])
    for path, line in ((".env", env_line), ("app.py", py_line)):
        bare = line.partition("#")[0].rstrip()
        (in_tmp / path).write_text(("import os\n" if path == "app.py" else "") + bare + "\n")
    _, out, _ = run("check", "--format", "json", ".env", "app.py")
    assert {c for _, _, c in _codes(out)} == {"EM003", "EM101"}


def test_the_readme_env_example_migrates_the_rest_of_its_file(in_tmp: Path) -> None:
    """A silenced obsolete binding is kept and the file still migrates (it was refused:
    the kept binding was taken for a changed value)."""
    readme = (SAMPLE.parent.parent / "README.md").read_text(encoding="utf-8")
    env_line = next(line for line in readme.splitlines() if "envmigrate: ignore[EM003]" in line)
    (in_tmp / ".env").write_text(f"DINGTALK_APP_KEY=id\n{env_line}\n")
    code, out, err = run("migrate", "--yes", "--no-verify", ".env")
    assert code == 0, out + err
    assert (in_tmp / ".env").read_text() == f"DINGTALK_CLIENT_ID=id\n{env_line}\n"


BINDINGS = st.sampled_from(
    [
        "DINGTALK_APP_KEY=id",
        "DINGTALK_APP_SECRET='s3cr3t'",
        "DINGTALK_AGENT_ID=7",
        "DINGTALK_CLIENT_ID=id",
        "DINGTALK_CLIENT_ID=${DINGTALK_APP_KEY}",
        "X=${DINGTALK_APP_KEY}",
        "Y=${DINGTALK_APP_SECRET:-d}",
        "export DINGTALK_APP_KEY=other",
        'MULTI="a\nDINGTALK_APP_KEY=b"',
        "# DINGTALK_APP_KEY=commented",
    ]
)


@settings(max_examples=int(os.environ.get("SUPPRESS_EXAMPLES", "60")), deadline=None)
@given(st.lists(st.tuples(BINDINGS, st.booleans()), min_size=1, max_size=6))
def test_silenced_bindings_stay_byte_for_byte(lines: list[tuple[str, bool]]) -> None:
    """Whatever else migrate does to the file, a silenced binding is left exactly as it was,
    and check reports nothing on its lines."""
    text = "".join(
        line + (" # envmigrate: ignore" if quiet else "") + "\n" for line, quiet in lines
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ".env"
        path.write_text(text)
        _, out, _ = run("check", "--format", "json", str(path))
        reported = {f["line"] for f in json.loads(out)["findings"]}
        number = 1
        for line, quiet in lines:
            span = range(number, number + line.count("\n") + 1)
            if quiet:
                assert not reported & set(span), (text, reported)
            number = span.stop
        code, _, err = run("migrate", "--yes", "--no-verify", str(path))
        assert code in (0, 1), err
        after = path.read_text()
        for line, quiet in lines:
            if quiet:
                assert line + " # envmigrate: ignore\n" in after, (text, after)


@pytest.mark.parametrize(
    ("kind", "works", "fails"),
    [
        ("go", "// envmigrate: ignore", "# envmigrate: ignore"),
        ("rust", "/* envmigrate: ignore */", "# envmigrate: ignore"),
        ("ruby", "# envmigrate: ignore", "// envmigrate: ignore"),
        ("php", "# envmigrate: ignore", "! envmigrate: ignore"),
        ("properties", "! envmigrate: ignore", "/* envmigrate: ignore */"),
        ("hcl", "// envmigrate: ignore", "! envmigrate: ignore"),
        ("shell", "# envmigrate: ignore", "// envmigrate: ignore"),
    ],
)
def test_comment_syntax_per_kind(kind: str, works: str, fails: str) -> None:
    assert list(directives(f"x {works}\n", kind)) == [1]
    assert directives(f"x {fails}\n", kind) == {}
