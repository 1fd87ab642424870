"""``python -m mutmut run``, made fast enough for this suite (bench/mutation.sh).

Two changes to how mutmut 3.8 runs the tests of a mutant; what a mutant is, how it is
activated and how verdicts are recorded stay mutmut's.

1. **A test budget per mutated function.** mutmut runs, for each mutant, every test that
   reached the mutated function; here most functions are reached by hundreds of end-to-end
   tests, so a surviving mutant cost the whole suite (~30 s). Each function keeps the fastest
   tests that reached it, cheapest first, up to ``MUTATION_TEST_BUDGET`` seconds of their
   measured time (default 1; at least one test). A mutant killed under the budget is killed
   by a real test; one that survives it is reported as a survivor, so the score is a lower
   bound of the score over every test. ``MUTATION_TEST_BUDGET=0`` keeps every test. The
   budget applies in memory after mutmut loads or collects its stats; the file keeps all.
2. **Tests collected once.** mutmut forks one child per mutant, and the child used to start
   pytest from scratch (configure, load plugins, collect the files of its tests: ~0.2 s
   before the first test ran). Here the parent configures pytest and collects the test
   selection once, just before it starts forking; a child runs its tests from those
   collected items (pytest's own run protocol: fixtures, setup, teardown, reports) and stops
   at the first failure. ``MUTATION_PRECOLLECT=0`` gives mutmut's own runner back.

3. **The clean run checks the tests the mutants will run**, not the whole selection again.

A mutant listed in bench/mutation-equivalents.txt is not run at all (mutmut's "skipped").
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import Any

import mutmut.__main__ as mutmut_main
import pytest
from mutmut.configuration import config
from mutmut.runners.harness import PytestRunner
from mutmut.state import state
from mutmut.workers.isolation import ForkRunner

BUDGET = float(os.environ.get("MUTATION_TEST_BUDGET", "1"))
PRECOLLECT = os.environ.get("MUTATION_PRECOLLECT", "1") != "0"


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


_collect_or_load_stats = mutmut_main.collect_or_load_stats
_tests_for_mutant_names = mutmut_main.tests_for_mutant_names


def _collect_and_budget(*args: Any, **kwargs: Any) -> None:
    _collect_or_load_stats(*args, **kwargs)
    if BUDGET <= 0:
        return
    current = state()
    by_function = current.tests_by_mangled_function_name
    for name in list(by_function):
        by_function[name] = budgeted(by_function[name], current.duration_by_test, BUDGET)


def _tests_to_check_clean(mutant_names: tuple[str, ...] | list[str]) -> set[str]:
    """The clean run before the mutants: only the tests the mutants will run (all of them
    under mutmut's own rule), not the whole selection again."""
    tests = _tests_for_mutant_names(mutant_names)
    if tests or mutant_names or BUDGET <= 0:
        return tests
    return set().union(*state().tests_by_mangled_function_name.values())


class _Failures:
    """A pytest plugin that notes whether any phase of any test failed."""

    def __init__(self) -> None:
        self.failed = False

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed:
            self.failed = True


class _Collected:
    """One pytest session, configured and collected in mutmut's parent process."""

    items: dict[str, pytest.Item] | None = None
    failures = _Failures()
    equivalents: frozenset[str] = frozenset()
    skipped = 0

    @classmethod
    def collect(cls) -> None:
        from _pytest.config import _prepareconfig
        from _pytest.main import Session

        args = [
            "--rootdir=.",
            "--tb=native",
            "-q",
            "-s",  # no global capture in the parent; capsys/capfd still work per test
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
            *config().pytest_add_cli_args,
            *config().pytest_add_cli_args_test_selection,
        ]
        here = os.getcwd()
        os.chdir("mutants")
        try:
            pytest_config = _prepareconfig(args, plugins=[cls.failures])
            pytest_config._do_configure()
            session = Session.from_config(pytest_config)
            pytest_config.hook.pytest_sessionstart(session=session)
            session.perform_collect()
        finally:
            os.chdir(here)
        # pytest imported it as a plugin (-p): importing it earlier would stop pytest from
        # rewriting its asserts, a warning this suite treats as an error.
        from bench.mutmut_compat import SKIPPED, equivalents

        cls.items = {item.nodeid: item for item in session.items}
        cls.equivalents = frozenset(equivalents())
        cls.skipped = SKIPPED

    @classmethod
    def run(cls, mutant_name: str, tests: Iterable[str]) -> int:
        """In a forked child: run ``tests`` in order, stop at the first failure."""
        assert cls.items is not None
        if mutant_name in cls.equivalents:
            return cls.skipped
        items = [cls.items[name] for name in tests if name in cls.items]
        if not items:
            return 5  # pytest's "no tests ran": mutmut's "no tests"
        os.chdir("mutants")
        hook = items[0].config.hook
        for index, item in enumerate(items):
            following = items[index + 1] if index + 1 < len(items) else None
            hook.pytest_runtest_protocol(item=item, nextitem=following)
            if cls.failures.failed:
                return 1
        return 0


_startup = ForkRunner.startup
_run_tests = PytestRunner.run_tests


def _startup_after_collecting(self: ForkRunner) -> None:
    _Collected.collect()
    _startup(self)


def _run_collected(self: PytestRunner, *, mutant_name: str | None, tests: Iterable[str]) -> int:
    if mutant_name is None or _Collected.items is None:
        return _run_tests(self, mutant_name=mutant_name, tests=tests)
    return _Collected.run(mutant_name, tests)


mutmut_main.collect_or_load_stats = _collect_and_budget
mutmut_main.tests_for_mutant_names = _tests_to_check_clean
if PRECOLLECT:
    ForkRunner.startup = _startup_after_collecting  # type: ignore[method-assign]
    PytestRunner.run_tests = _run_collected  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.argv[0] = "mutmut"
    mutmut_main.cli()
