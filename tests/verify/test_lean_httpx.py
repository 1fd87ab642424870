"""verify imports httpx without its command-line module (rich and friends: ~35 ms of
start-up), and leaves that module importable for whoever wants it afterwards."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from envmigrate.testing import FakeDingTalk

from .conftest import CLIENT_ID, SECRET

CHILD = """
import json, sys
from envmigrate.entry import main
code = main(["verify", "-q", "--no-color", "--endpoint", sys.argv[1], sys.argv[2]])
loaded = sorted(m for m in sys.modules if m.split(".")[0] == "rich" or m == "httpx._main")
try:
    import httpx._main
    cli = httpx._main.__name__
except ImportError as exc:  # the CLI's own dependencies are missing
    cli = "ImportError: " + str(exc)
print(json.dumps({"code": code, "loaded": loaded, "cli": cli}))
"""


@pytest.mark.subprocess
def test_verify_never_loads_the_httpx_cli(fake: FakeDingTalk, tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(f"DINGTALK_CLIENT_ID={CLIENT_ID}\nDINGTALK_CLIENT_SECRET={SECRET}\n")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, fake.url, str(env)],
        capture_output=True, text=True, timeout=60, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 0, done.stderr
    assert result["loaded"] == []
    cli_installed = all(importlib.util.find_spec(m) for m in ("rich", "pygments", "click"))
    if cli_installed:  # an explicit import later in the same process still works
        assert result["cli"] == "httpx._main"
    else:
        assert result["cli"].startswith("ImportError")


@pytest.mark.subprocess
def test_an_application_that_imported_the_httpx_cli_keeps_it() -> None:
    """Imported already: lean_httpx changes nothing (the module stays, httpx is the same)."""
    pytest.importorskip("rich")
    code = (
        "import sys, httpx._main, httpx\n"
        "from envmigrate.verify.lean_httpx import httpx as lean\n"
        "print(lean is httpx, sys.modules['httpx._main'] is httpx._main)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["True", "True"]
