"""``python -m mutmut run`` with a test budget per mutated function (bench/mutation.sh).

mutmut runs, for each mutant, every test that reached the mutated function. In this suite
most functions are reached by hundreds of end-to-end tests, so a surviving mutant cost the
whole suite (~30 s) and a full run took hours. Here each function keeps the fastest tests
that reached it, cheapest first, up to ``MUTATION_TEST_BUDGET`` seconds of their measured
time (default 2; at least one test). A mutant killed under the budget is killed by a real
test; one that survives it is reported as a survivor, so the score is a lower bound of the
score over the full suite. ``MUTATION_TEST_BUDGET=0`` keeps every test (mutmut's own rule).

The budget is applied in memory after mutmut loads or collects its stats; the stats file on
disk keeps every test.
"""

from __future__ import annotations

import os
import sys

import mutmut.__main__ as mutmut_main
from mutmut.state import state

BUDGET = float(os.environ.get("MUTATION_TEST_BUDGET", "2"))


def budgeted(tests: set[str], durations: dict[str, float], budget: float) -> set[str]:
    """The cheapest tests of ``tests`` whose durations add up to at most ``budget`` seconds."""
    kept: set[str] = set()
    total = 0.0
    for test in sorted(tests, key=lambda name: (durations.get(name, 0.0), name)):
        total += durations.get(test, 0.0)
        if kept and total > budget:
            break
        kept.add(test)
    return kept


_collect = mutmut_main.collect_or_load_stats


def _collect_and_budget(*args: object, **kwargs: object) -> None:
    _collect(*args, **kwargs)  # type: ignore[arg-type]
    if BUDGET <= 0:
        return
    current = state()
    by_function = current.tests_by_mangled_function_name
    for name in list(by_function):
        by_function[name] = budgeted(by_function[name], current.duration_by_test, BUDGET)


mutmut_main.collect_or_load_stats = _collect_and_budget  # type: ignore[assignment]

if __name__ == "__main__":
    sys.argv[0] = "mutmut"
    mutmut_main.cli()
