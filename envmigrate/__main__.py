"""``python -m envmigrate`` and the ``envmigrate`` command.

A run is short, and nearly every object it makes lives until the exit (modules, click's
options, the report): at Python's default (a collection every 700 new objects) the cyclic
garbage collector walks them dozens of times during start-up, milliseconds spent on cycles
that do not exist. The command raises that threshold before importing anything; code that
imports envmigrate as a library keeps its own.
"""

import gc

gc.set_threshold(50_000)

from envmigrate.cli import main  # noqa: E402 - after the threshold, on purpose

if __name__ == "__main__":
    raise SystemExit(main())
