"""References through the CLI: the sample repository, discovery, masking, check/migrate."""

from __future__ import annotations

import filecmp
import json
import shutil
from pathlib import Path

import pytest

from envmigrate.files import ignored, kind_of, parse_gitignore, walk
from tests.conftest import SENTINEL
from tests.test_cli import assert_no_secret, run

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SAMPLE = FIXTURES / "sample-repo"
MIGRATED = FIXTURES / "sample-repo-migrated"
IGNORED = (
    "generated/settings.py",
    "scratch.local.py",
    "node_modules/dep/index.js",
    "vendor/lib/keys.py",
)


@pytest.fixture
def sample(in_tmp: Path) -> Path:
    shutil.copytree(SAMPLE, in_tmp / "repo")
    return in_tmp / "repo"


def files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_sample_repository_fully_reported(sample: Path) -> None:
    code, out, err = run("check", "repo")
    assert code == 1
    reported = {line.split(":", 1)[0].removeprefix("repo/") for line in out.splitlines()}
    assert reported == {
        ".env.example", ".gitlab-ci.yml", "Dockerfile", "docker-compose.yml",
        ".github/workflows/deploy.yml", "app/bot.py", "app/settings.py",
        "deploy/k8s/deployment.yaml", "scripts/run.sh", "web/config.ts",
    }  # fmt: skip
    assert out.count(" EM101 ") == 16  # the :? message only mentions the name
    assert out.count(" EM102 ") == 24  # 4 of them name secrets kept in stores
    assert "repo/app/settings.py:8:22: EM101 reads deprecated DINGTALK_APP_KEY" in out
    assert "Found 42 errors and 3 warnings; 11 files checked." in err
    assert "\n  gh secret set DINGTALK_CLIENT_ID\n" in err
    assert not any(name in out for name in IGNORED)


def test_sample_repository_fully_migrated(sample: Path) -> None:
    """migrate --code on a copy gives the expected tree byte for byte; a second run is a no-op."""
    code, out, err = run("migrate", "--code", "--yes", "--no-verify", "repo")
    assert code == 1  # the secrets kept in GitHub and in a Kubernetes Secret are left
    assert "+++ b/repo/web/config.ts" in out
    assert files(sample) == files(MIGRATED)
    for name in files(MIGRATED):
        assert (sample / name).read_bytes() == (MIGRATED / name).read_bytes(), name
    verdict = err[err.index("Migration incomplete") : err.index("Zero-downtime")]
    assert verdict == STORE_VERDICT
    again = run("migrate", "--code", "--yes", "--no-verify", "repo")
    assert again[0] == 1
    assert again[2].endswith(
        STORE_VERDICT + STORES_ORDER + "3 files still using old names, 8 files already clean.\n"
    )
    assert filecmp.dircmp(sample, MIGRATED).diff_files == []
    code, out, _ = run("check", "repo")
    stored = [line for line in out.splitlines() if " EM1" in line]
    assert code == 1
    assert [line.split(": ", 1)[0] for line in stored] == [
        "repo/Dockerfile:5:28",
        "repo/.github/workflows/deploy.yml:7:39",
        "repo/.github/workflows/deploy.yml:8:43",
        "repo/deploy/k8s/deployment.yaml:16:24",
    ]


STORE_VERDICT = """\
Migration incomplete: 4 places still use the old names:
  repo/Dockerfile:5:28: EM102 DINGTALK_APP_SECRET -> DINGTALK_CLIENT_SECRET (a secret kept in a store: see the next steps)
  repo/.github/workflows/deploy.yml:7:39: EM102 DINGTALK_APP_KEY -> DINGTALK_CLIENT_ID (a secret kept in a store: see the next steps)
  repo/.github/workflows/deploy.yml:8:43: EM102 DINGTALK_APP_SECRET -> DINGTALK_CLIENT_SECRET (a secret kept in a store: see the next steps)
  repo/deploy/k8s/deployment.yaml:16:24: EM102 DINGTALK_APP_KEY -> DINGTALK_CLIENT_ID (a secret kept in a store: see the next steps)
Next steps for secrets kept in stores (no values are printed):
  docker build --secret id=DINGTALK_CLIENT_SECRET,env=DINGTALK_CLIENT_SECRET .
  gh secret set DINGTALK_CLIENT_ID
  gh secret set DINGTALK_CLIENT_SECRET
  kubectl get secret dingtalk -o json | jq '.data.DINGTALK_CLIENT_ID = .data.DINGTALK_APP_KEY' | kubectl apply -f -
  (stop passing --secret id=DINGTALK_APP_SECRET)
  gh secret delete DINGTALK_APP_KEY
  gh secret delete DINGTALK_APP_SECRET
  kubectl patch secret dingtalk --type=json -p='[{"op": "remove", "path": "/data/DINGTALK_APP_KEY"}]'
"""
STORES_ORDER = (
    "Zero-downtime order: 1. add the new names to the store; 2. deploy code that reads "
    "them; 3. remove the old names.\n"
)


def test_sample_fixture_pair_differs_only_where_expected() -> None:
    same = [n for n in files(SAMPLE) if (SAMPLE / n).read_bytes() == (MIGRATED / n).read_bytes()]
    assert sorted(same) == sorted([".gitignore", "requirements.txt", *IGNORED])


def test_migrate_code_dry_run_masks_values(in_tmp: Path) -> None:
    (in_tmp / "docker-compose.yml").write_text(
        f"services:\n  a:\n    environment:\n      DINGTALK_APP_SECRET: {SENTINEL}\n"
        f'      OTHER: "{SENTINEL}"\n'
    )
    (in_tmp / "app.py").write_text(f'S = os.getenv("DINGTALK_APP_SECRET", "{SENTINEL}")\n')
    code, out, err = run("migrate", "--code", "--dry-run", ".")
    assert code == 1
    assert "+      DINGTALK_CLIENT_SECRET: ****" in out
    assert '+S = os.getenv("DINGTALK_CLIENT_SECRET", "****")' in out
    assert SENTINEL not in out + err
    assert SENTINEL in (in_tmp / "app.py").read_text()  # nothing written


def test_migrate_without_code_leaves_code_alone_and_says_it_is_incomplete(in_tmp: Path) -> None:
    """The silent half-migration: the .env is renamed, the code still reads the old name."""
    (in_tmp / "app.py").write_text('os.getenv("DINGTALK_APP_KEY")\nos.getenv("DINGTALK_APP_KEY")\n')
    (in_tmp / ".env").write_text("DINGTALK_APP_KEY=x\n")
    code, _, err = run("migrate", "--yes", "--no-verify", ".")
    assert code == 1
    assert (in_tmp / "app.py").read_text().count('"DINGTALK_APP_KEY"') == 2
    assert (in_tmp / ".env").read_text() == "DINGTALK_CLIENT_ID=x\n"
    assert err.endswith(
        "Migration incomplete: 2 places still use the old names:\n"
        "  app.py: 2 places (code: run `envmigrate migrate --code`)\n"
        "1 file migrated, 1 file still using old names.\n"
    )
    code, _, err = run("migrate", "--code", "--yes", "--no-verify", ".")
    assert (code, "incomplete" in err) == (0, False)


@pytest.mark.parametrize(
    ("files_", "args", "verdict"),
    [
        pytest.param(
            {".env": "DINGTALK_APP_KEY=a\nDINGTALK_CLIENT_ID=b\n"},
            (),
            "  .env:1:1: EM001 DINGTALK_APP_KEY -> DINGTALK_CLIENT_ID (its file was refused: "
            "settle the conflict (--prefer new|old))\n",
            id="refused env file",
        ),
        pytest.param(
            {"app.py": 'NAME = "DINGTALK_APP_KEY"\nos.getenv(NAME)\n', ".env": "A=1\n"},
            ("--code",),
            "",
            id="a mention is not a use",
        ),
        pytest.param(
            {"ci.yml": "env:\n  X: ${{ vars.DINGTALK_APP_SECRET }}\n"},
            ("--code",),
            "  ci.yml:2:15: EM102 DINGTALK_APP_SECRET -> DINGTALK_CLIENT_SECRET (a secret kept in "
            "a store: see the next steps)\n",
            id="GitHub variable",
        ),
    ],
)
def test_completeness_verdict(
    in_tmp: Path, files_: dict[str, str], args: tuple[str, ...], verdict: str
) -> None:
    for name, text in files_.items():
        (in_tmp / name).write_text(text)
    code, _, err = run("migrate", *args, "--yes", "--no-verify", ".")
    assert (code, "Migration incomplete: 1 place still uses" in err) == (
        (1, True) if verdict else (0, False)
    )
    assert verdict in err
    data = json.loads(run("migrate", *args, "--dry-run", "--format", "json", ".")[1])
    assert data["complete"] is not bool(verdict)
    assert len(data["leftovers"]) == bool(verdict)


def test_next_steps_never_carry_values(in_tmp: Path) -> None:
    (in_tmp / "deploy.yml").write_text(
        f"env:\n  DINGTALK_APP_SECRET: ${{{{ secrets.DINGTALK_APP_SECRET }}}}\n  B: {SENTINEL}\n"
    )
    (in_tmp / ".env").write_text(f"DINGTALK_APP_SECRET={SENTINEL}\n")
    for fmt in ("text", "json"):
        code, out, err = run("migrate", "--code", "--yes", "--no-verify", "--format", fmt, ".")
        assert code == 1
        assert_no_secret(out, err)
    data = json.loads(run("check", "--format", "json", ".")[1])
    assert data["next_steps"] == [
        "gh secret set DINGTALK_CLIENT_SECRET",
        "gh secret delete DINGTALK_APP_SECRET",
    ]


def test_check_no_code_and_named_code_file(in_tmp: Path) -> None:
    (in_tmp / "app.py").write_text('os.getenv("DINGTALK_APP_KEY")\n')
    (in_tmp / ".env").write_text("A=1\n")
    assert run("check", "--no-code", ".")[0] == 0
    code, out, _ = run("check", "app.py")
    assert (code, out) == (
        1,
        "app.py:1:12: EM101 reads deprecated DINGTALK_APP_KEY: rename it to DINGTALK_CLIENT_ID\n",
    )


def test_folder_with_only_code_is_not_an_error(in_tmp: Path) -> None:
    (in_tmp / "src").mkdir()
    (in_tmp / "src" / "app.py").write_text("x = 1\n")
    code, _, err = run("check", "src")
    assert code == 0
    assert "All clean: 1 file checked." in err


def test_guide_findings_through_check(in_tmp: Path) -> None:
    (in_tmp / "requirements.txt").write_text("dingtalk-stream==0.7.1\n")
    (in_tmp / "pyproject.toml").write_text('[project]\nrequires-python = ">=3.8"\n')
    (in_tmp / "bot.py").write_text("c = DingTalkStreamClient(key, secret)\n")
    code, out, _ = run("check", "--format", "github", ".")
    assert code == 1
    assert "::error file=requirements.txt,line=1,col=1,title=EM104::" in out
    assert "::warning file=pyproject.toml,line=2,col=1,title=EM105::" in out
    assert "::error file=bot.py,line=1,col=5,title=EM106::" in out


def test_exclude_from_config_applies_to_code(in_tmp: Path) -> None:
    (in_tmp / ".git").mkdir()
    (in_tmp / "pyproject.toml").write_text('[tool.envmigrate]\nexclude = ["legacy/*"]\n')
    (in_tmp / "legacy").mkdir()
    (in_tmp / "legacy" / "a.py").write_text('os.getenv("DINGTALK_APP_KEY")\n')
    assert run("check", ".")[0] == 0


# -- discovery ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("app.py", "python"), ("x.tsx", "js"), ("run.sh", "shell"), (".envrc", "shell"),
        ("Dockerfile", "docker"), ("Dockerfile.prod", "docker"), ("a.dockerfile", "docker"),
        ("compose.yaml", "yaml"), ("requirements-dev.txt", "deps"), ("Pipfile", "deps"),
        ("setup.cfg", "deps"), ("pyproject.toml", "deps"),
        ("README.md", None), ("app.min.js", None), ("app.py.bak", None), ("notes.txt", None),
    ],
)  # fmt: skip
def test_kind_of(name: str, kind: str | None) -> None:
    assert kind_of(name) == kind


GITIGNORE = """\
# comment
*.log
build/
/top.py
docs/**/gen.py
!keep.log
sub/*.py
\\#hash.py
"""


@pytest.mark.parametrize(
    ("path", "is_dir", "expected"),
    [
        ("a.log", False, True), ("x/y/a.log", False, True), ("keep.log", False, False),
        ("build", True, True), ("build", False, False), ("x/build", True, True),
        ("top.py", False, True), ("x/top.py", False, False),
        ("docs/gen.py", False, True), ("docs/a/b/gen.py", False, True),
        ("sub/a.py", False, True), ("sub/x/a.py", False, False), ("#hash.py", False, True),
        ("app.py", False, False),
    ],
)  # fmt: skip
def test_gitignore_subset(path: str, is_dir: bool, expected: bool) -> None:
    assert ignored(path, is_dir, parse_gitignore(GITIGNORE, "")) is expected


def test_nested_gitignore_is_relative_to_its_folder() -> None:
    rules = parse_gitignore("/local.py\n", "pkg/")
    assert ignored("pkg/local.py", False, rules)
    assert not ignored("local.py", False, rules)
    assert not ignored("pkg/x/local.py", False, rules)


def test_walk_finds_ignored_env_files_but_not_ignored_code(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text(".env\nsecret/\n")
    (tmp_path / ".env").write_text("A=1\n")
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / ".env.production").write_text("A=1\n")
    (tmp_path / "secret" / "app.py").write_text("")
    (tmp_path / "venvx").mkdir()
    (tmp_path / "venvx" / "pyvenv.cfg").write_text("")
    (tmp_path / "venvx" / "lib.py").write_text("")
    (tmp_path / "main.py").write_text("")
    found = walk(str(tmp_path))
    assert [Path(p).relative_to(tmp_path).as_posix() for p in found.env] == [
        ".env", "secret/.env.production",
    ]  # fmt: skip
    assert [(Path(p).name, k) for p, k in found.code] == [("main.py", "python")]
