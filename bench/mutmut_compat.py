"""A pytest plugin for bench/mutation.sh: mutmut 3.8 reads ``item._nodeid``, which pytest 9
no longer has; give every collected test one (a no-op where pytest still sets it)."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if not hasattr(item, "_nodeid"):
            item._nodeid = item.nodeid  # type: ignore[attr-defined]
