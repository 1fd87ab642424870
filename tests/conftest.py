"""Shared fixtures: a sentinel secret, a clean DingTalk environment, a CLI runner."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import Phase, settings

from envmigrate import rules

# CI runs every property test on a fixed seed with no deadline: a red run is a real
# finding, never a lucky draw or a slow machine. Locally, Hypothesis explores.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
# bench/mutation.sh (--hypothesis-profile=mutation): one failing example is enough to kill a
# mutant, so fewer examples and no shrinking; still a fixed seed.
settings.register_profile(
    "mutation",
    derandomize=True,
    deadline=None,
    max_examples=25,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    database=None,
)

#: A value that must never appear in any output unless --show-secrets is given.
SENTINEL = "S3NT1NEL-secret-value-9f8e7d"
#: The sample every README example uses.
LEGACY = Path(__file__).resolve().parent.parent / "fixtures" / "legacy.env"

DINGTALK_NAMES = (
    rules.APP_KEY,
    rules.APP_SECRET,
    rules.AGENT_ID,
    rules.CLIENT_ID,
    rules.CLIENT_SECRET,
    "DINGTALK_OPENAPI_ENDPOINT",
)


@pytest.fixture(autouse=True)
def _clean_dingtalk_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees DingTalk names (or colour/terminal settings) from the outer environment."""
    for name in DINGTALK_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests run in English unless they ask for Chinese (an outer zh locale is dropped)."""
    from envmigrate import i18n

    for name in i18n.LOCALE_VARIABLES:
        if i18n.from_locale(os.environ.get(name, "")) == "zh":
            monkeypatch.delenv(name)
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


def legacy_with_sentinel() -> bytes:
    """The sample with its secret replaced by the sentinel."""
    text = LEGACY.read_text(encoding="utf-8")
    old = next(
        line.split("=", 1)[1] for line in text.splitlines() if line.startswith(rules.APP_SECRET)
    )
    return text.replace(old, f'"{SENTINEL}"').encode()


@pytest.fixture(params=["unnamed", "named"])
def temp_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways fileio writes: Linux's unnamed O_TMPFILE file (taken only where
    /proc/self/fd can name it) and the named 0600 temp file beside the target."""
    if request.param == "named":
        monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    elif not (hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd")):
        pytest.skip("no O_TMPFILE on this platform")
    return str(request.param)
