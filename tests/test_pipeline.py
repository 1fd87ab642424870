"""One pipeline: every file once, one Plan type, one masked-diff path, for every kind."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate.config import RunOptions
from envmigrate.errors import InputError
from envmigrate.files import Source, sources
from envmigrate.pipeline import Plan, check_file, plan_file
from envmigrate.report import FileStatus, Report
from envmigrate.rewrite import Options
from envmigrate.scanners import registry
from envmigrate.ui import Ui
from tests.conftest import SENTINEL

NAMES = [".env", ".env.local", "prod.env", "app.py", "web.js", "run.sh", "ci.yml",
         "Dockerfile", "requirements.txt", "notes.txt", "data.bin"]  # fmt: skip
BODIES = [
    b"DINGTALK_APP_KEY=k\nDINGTALK_APP_SECRET=" + SENTINEL.encode() + b"\n",
    b'import os\nkey = os.environ["DINGTALK_APP_KEY"]\nsecret = "' + SENTINEL.encode() + b'"\n',
    b"DINGTALK_CLIENT_ID=k\n",
    b"nothing here\n",
    b"\xff\xfe not utf-8 DINGTALK_APP_KEY\n",
    b"",
]
TREES = st.dictionaries(
    st.tuples(st.sampled_from(["", "a/", "a/b/"]), st.sampled_from(NAMES)),
    st.sampled_from(BODIES),
    min_size=1,
    max_size=12,
)


def _build(root: Path, tree: dict[tuple[str, str], bytes]) -> None:
    for (folder, name), body in tree.items():
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / name).write_bytes(body)


@settings(max_examples=40, deadline=None)
@given(tree=TREES, code=st.booleans())
def test_every_file_is_recorded_once_by_check_and_by_migrate(
    tree: dict[tuple[str, str], bytes], code: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        _build(root, tree)
        opts = RunOptions(ui=Ui(), paths=(root,), code=code)
        names = {name for _, name in tree}
        if not (
            names & {".env", ".env.local", "prod.env"}
            or (code and names - {"notes.txt", "data.bin"})
        ):
            with pytest.raises(InputError, match="no env files found"):
                sources(opts.paths, code=code, say=lambda _: None)
            return
        found = sources(opts.paths, code=code, say=lambda _: None)
        paths = [s.path for s in found]
        assert len(paths) == len(set(paths))
        assert code or all(s.kind == registry.ENV for s in found)

        report = Report("check")
        for source in found:
            check_file(source, report, opts)
        assert [f.path for f in report.files] == paths

        report = Report("migrate")
        plans = [p for s in found if (p := plan_file(s, report, opts, Options()))]
        recorded = [f.path for f in report.files] + [p.path for p in plans]
        assert sorted(recorded) == sorted(paths)
        for plan in plans:
            assert isinstance(plan, Plan)
            assert plan.diff.startswith(f"--- a/{plan.path}\n")
            assert plan.data == plan.after.encode("utf-8") or plan.source.kind == registry.ENV


def test_a_huge_code_file_is_skipped_by_check_and_by_migrate(tmp_path: Path) -> None:
    big = tmp_path / "bundle.js"
    big.write_bytes(b"process.env.DINGTALK_APP_KEY;\n" * (registry.CODE_MAX_BYTES // 30 + 1))
    source = Source(str(big), "js")
    opts = RunOptions(ui=Ui(), code=True)
    report = Report("check")
    check_file(source, report, opts)
    assert report.files[0].status is FileStatus.CLEAN
    report = Report("migrate")
    assert plan_file(source, report, opts, Options()) is None
    assert report.files[0].status is FileStatus.CLEAN


def test_show_secrets_is_the_only_way_to_an_unmasked_diff(tmp_path: Path) -> None:
    env, code = tmp_path / ".env", tmp_path / "app.py"
    env.write_bytes(BODIES[0])
    code.write_bytes(BODIES[1])
    for shown in (False, True):
        opts = RunOptions(ui=Ui(show_secrets=shown), code=True)
        report = Report("migrate")
        plans = [plan_file(Source(str(p), k), report, opts, Options())
                 for p, k in ((env, "env"), (code, "python"))]  # fmt: skip
        assert all(plans)
        assert all((SENTINEL in p.diff) is shown for p in plans if p)


def test_a_py_file_holding_env_text_is_masked(tmp_path: Path) -> None:
    path = tmp_path / "app.py"
    path.write_bytes(BODIES[0])
    report = Report("migrate")
    plan = plan_file(Source(str(path), "python"), report, RunOptions(ui=Ui()), Options())
    assert plan is not None
    assert SENTINEL not in plan.diff
