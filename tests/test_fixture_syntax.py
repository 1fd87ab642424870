"""After ``migrate --code`` nothing that parsed before stops parsing, and structure is kept.

Over every fixture repository (``fixtures/sample-repo`` and ``fixtures/repos/*/before``,
migrated by the real CLI) and over generated YAML/JSON (Hypothesis):

- Python still compiles;
- YAML, JSON and TOML load to the same structure once the names are normalised (an old
  name and its new name count as the same name, nothing else may differ);
- shell passes ``bash -n``, JavaScript ``node --check``, Terraform ``terraform fmt``
  (each where the tool is installed); TypeScript keeps its token structure (the same
  sequence of code, strings, templates and comments, the same brackets).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate.rules import DEFAULT_RULES
from envmigrate.scanners.js import pieces
from envmigrate.scanners.structured import scan_json
from envmigrate.scanners.yaml import scan as scan_yaml
from tests.scanners.helpers import fix
from tests.test_cli import run

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
REPOS = [
    FIXTURES / "sample-repo",
    *sorted(p / "before" for p in (FIXTURES / "repos").iterdir() if (p / "before").is_dir()),
]
_NAMES = re.compile(
    r"(?<![A-Za-z0-9_])(?:{})(?![A-Za-z0-9_])".format(
        "|".join(sorted([*DEFAULT_RULES.renames, *DEFAULT_RULES.renames.values()], key=len)[::-1])
    )
)


def normalise(value: Any) -> Any:
    """The structure with every old or new name replaced by one placeholder."""
    if isinstance(value, str):
        return _NAMES.sub("<NAME>", value)
    if isinstance(value, dict):
        return {normalise(k): normalise(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [normalise(v) for v in value]
    return value


def _yaml(text: str) -> Any:
    return list(yaml.safe_load_all(text))


def _json(text: str) -> Any:
    return json.loads(text)


def _toml(text: str) -> Any:
    return tomllib.loads(text)


LOADERS: dict[str, Callable[[str], Any]] = {
    ".yml": _yaml, ".yaml": _yaml, ".json": _json, ".toml": _toml,
}  # fmt: skip


def _tool_ok(argv: list[str], path: Path) -> bool:
    done = subprocess.run([*argv, str(path)], capture_output=True, timeout=60, check=False)
    return done.returncode == 0


def _terraform_ok(path: Path) -> bool:
    done = subprocess.run(
        ["terraform", "fmt", "-no-color", "-"],
        input=path.read_bytes(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    return done.returncode == 0


def _ts_shape(text: str) -> tuple[list[str], list[str]]:
    split = pieces(text)
    code = "".join(text[p.start : p.end] for p in split if p.kind == "code")
    return [p.kind for p in split], sorted(re.findall(r"[{}\[\]()]", code))


def _is_shell(path: Path) -> bool:
    if path.suffix in (".sh", ".bash") or path.name == ".envrc":
        return True
    head = path.read_bytes()[:64]
    return head.startswith(b"#!") and b"sh" in head.split(b"\n", 1)[0]


_JS = (".js", ".mjs", ".cjs")
_TF = (".tf", ".tfvars")


def check_pair(before: Path, after: Path) -> list[str]:
    """Every promise this module makes, for one file before and after; the broken ones."""
    problems: list[str] = []
    try:
        old, new = before.read_text(encoding="utf-8"), after.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return problems
    name = after.name
    if after.suffix in (".py", ".pyi"):
        try:
            compile(old, str(before), "exec")
        except SyntaxError:
            return problems
        try:
            compile(new, str(after), "exec")
        except SyntaxError as exc:
            problems.append(f"{after}: no longer compiles: {exc}")
    if (loader := LOADERS.get(after.suffix)) is not None:
        try:
            loaded = loader(old)
        except Exception:
            loaded = None
        if loaded is not None:
            try:
                again = loader(new)
            except Exception as exc:
                problems.append(f"{after}: no longer loads: {exc}")
            else:
                if normalise(loaded) != normalise(again):
                    problems.append(f"{after}: structure changed beyond the names")
    for applies, check, what in (
        (
            _is_shell(before) and shutil.which("bash"),
            lambda p: _tool_ok(["bash", "-n"], p),
            "bash -n",
        ),
        (
            after.suffix in _JS and shutil.which("node"),
            lambda p: _tool_ok(["node", "--check"], p),
            "node --check",
        ),
        (after.suffix in _TF and shutil.which("terraform"), _terraform_ok, "terraform fmt"),
    ):
        if applies and check(before) and not check(after):
            problems.append(f"{after}: {what} fails")
    if after.suffix in (".ts", ".tsx", ".mts", ".cts") and _ts_shape(old) != _ts_shape(new):
        problems.append(f"{after}: token structure changed")
    if name != before.name:
        problems.append(f"{after}: renamed")
    return problems


@pytest.mark.parametrize(
    "repo", REPOS, ids=lambda p: p.parent.name if p.name == "before" else p.name
)
def test_migrated_fixture_still_parses(repo: Path, in_tmp: Path) -> None:
    shutil.copytree(repo, in_tmp / "repo", symlinks=True)
    run("migrate", "--code", "--yes", "--no-verify", "repo")
    problems: list[str] = []
    changed = 0
    for before in sorted(repo.rglob("*")):
        after = in_tmp / "repo" / before.relative_to(repo)
        if before.is_file() and not before.is_symlink():
            changed += before.read_bytes() != after.read_bytes()
            problems += check_pair(before, after)
    assert changed, "the fixture must have something to migrate"
    assert problems == []


def test_checks_can_fail(tmp_path: Path) -> None:
    """The checks above catch a broken file of each kind (a check that cannot fail proves nothing)."""
    broken = {
        "a.py": ("x = 'DINGTALK_APP_KEY'\n", "x = 'DINGTALK_CLIENT_ID\n"),
        "a.yaml": ("env:\n  DINGTALK_APP_KEY: 1\n", "env:\n  DINGTALK_CLIENT_ID: 2\n"),
        "b.yaml": ("env: {DINGTALK_APP_KEY: 1}\n", "env: {DINGTALK_CLIENT_ID: 1\n"),
        "a.json": ('{"DINGTALK_APP_KEY": 1}', '{"DINGTALK_CLIENT_ID": 1, "x": 2}'),
        "a.toml": ("k = 'DINGTALK_APP_KEY'\n", "k = 'DINGTALK_CLIENT_ID\n"),
        "a.sh": ('echo "$DINGTALK_APP_KEY"\n', 'echo "$DINGTALK_CLIENT_ID\n'),
        "a.js": ("f(process.env.DINGTALK_APP_KEY);\n", "f(process.env.DINGTALK_CLIENT_ID;\n"),
        "a.ts": ("f({ DINGTALK_APP_KEY: 1 });\n", "f({ DINGTALK_CLIENT_ID: 1 );\n"),
    }
    for name, (old, new) in broken.items():
        (tmp_path / "old").mkdir(exist_ok=True)
        (tmp_path / "new").mkdir(exist_ok=True)
        (tmp_path / "old" / name).write_text(old)
        (tmp_path / "new" / name).write_text(new)
        tools = {".sh": "bash", ".js": "node"}
        if (tool := tools.get(Path(name).suffix)) and not shutil.which(tool):
            continue
        assert check_pair(tmp_path / "old" / name, tmp_path / "new" / name), name


# -- generated YAML and JSON --------------------------------------------------------------------

OLD = sorted(DEFAULT_RULES.renames)
KEYS = st.sampled_from(
    [*OLD, "DINGTALK_AGENT_ID", "LOG_LEVEL", "name", "value", "MY_DINGTALK_APP_KEY"]
)
SCALARS = st.one_of(
    st.sampled_from([*OLD, "${DINGTALK_APP_KEY}", "$(DINGTALK_APP_SECRET)", "x", "", "1"]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12),
    st.integers(-5, 5),
    st.booleans(),
    st.none(),
)
SECTION = st.sampled_from(
    ["env", "environment", "variables", "Environment", "Secrets", "data", "labels", "args"]
)


def _node(depth: int) -> st.SearchStrategy[Any]:
    if depth == 0:
        return SCALARS
    child = _node(depth - 1)
    return st.one_of(
        SCALARS,
        st.dictionaries(st.one_of(KEYS, SECTION), child, max_size=4),
        st.lists(child, max_size=4),
        st.builds(lambda n, v: [{"name": n, "value": v}], KEYS, SCALARS),
    )


DOCS = st.dictionaries(
    st.one_of(SECTION, st.sampled_from(["kind", "services"])), _node(3), max_size=4
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(doc=DOCS, flow=st.sampled_from([None, True, False]), width=st.sampled_from([20, 80, 1000]))
def test_generated_yaml_keeps_its_structure(
    doc: dict[str, Any], flow: bool | None, width: int
) -> None:
    text = yaml.safe_dump(
        doc, default_flow_style=flow, width=width, allow_unicode=True, sort_keys=False
    )
    after = fix(scan_yaml, text)
    assert normalise(yaml.safe_load(after)) == normalise(yaml.safe_load(text))
    assert fix(scan_yaml, after) == after


@settings(max_examples=300, deadline=None, derandomize=True)
@given(doc=DOCS, indent=st.sampled_from([None, 2]))
def test_generated_json_keeps_its_structure(doc: dict[str, Any], indent: int | None) -> None:
    text = json.dumps(doc, indent=indent, ensure_ascii=False)
    after = fix(scan_json, text)
    assert normalise(json.loads(after)) == normalise(json.loads(text))
    assert fix(scan_json, after) == after


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    values=st.lists(
        st.tuples(st.sampled_from(OLD), SCALARS.filter(lambda v: isinstance(v, str))),
        min_size=1,
        max_size=4,
    ),
    style=st.sampled_from(["block", "flow", "anchor", "merge"]),
)
def test_generated_compose_env_is_renamed(values: list[tuple[str, str]], style: str) -> None:
    """Every old key of a compose env map is renamed whatever the YAML style."""
    env = dict(values)
    if style == "block":
        text = yaml.safe_dump({"services": {"a": {"environment": env}}}, sort_keys=False)
    elif style == "flow":
        body = yaml.safe_dump(env, default_flow_style=True, width=10_000).strip()
        text = f"services:\n  a:\n    environment: {body}\n"
    else:
        body = yaml.safe_dump(env, default_flow_style=True, width=10_000).strip()
        use = "environment: *e" if style == "anchor" else "environment:\n      <<: *e"
        text = f"x-env: &e {body}\nservices:\n  a:\n    {use}\n"
    after = yaml.safe_load(fix(scan_yaml, text))
    got = after["services"]["a"]["environment"]
    assert set(got) == {DEFAULT_RULES.renames[k] for k in env}
