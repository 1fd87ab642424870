"""bench/verify.py runs to completion by itself (one round)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("dingtalk_stream")
BENCH = Path(__file__).resolve().parents[2] / "bench" / "verify.py"


@pytest.mark.subprocess
def test_bench_verify_smoke() -> None:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    done = subprocess.run(
        [sys.executable, str(BENCH), "--runs", "1"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "ratio:" in done.stdout
