"""A pytest plugin for bench/mutation.sh.

- mutmut 3.8 reads ``item._nodeid``, which pytest 9 no longer has; give every collected test
  one (a no-op where pytest still sets it).
- A mutant listed in bench/mutation-equivalents.txt (reviewed: no input can tell it apart) is
  not tested again: the session ends at once with mutmut's "skipped" code, and the score
  leaves it out either way.
"""

from __future__ import annotations

import os

import pytest

#: mutmut's exit code for a skipped mutant.
SKIPPED = 34


def equivalents() -> set[str]:
    from bench.equivalents import names  # the one reader of the list

    return names()


def pytest_sessionstart(session: pytest.Session) -> None:
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    if mutant and mutant in equivalents():
        pytest.exit(f"{mutant} is a listed equivalent", returncode=SKIPPED)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if not hasattr(item, "_nodeid"):
            item._nodeid = item.nodeid  # type: ignore[attr-defined]
