"""``python -m envmigrate`` and the ``envmigrate`` command: one short process.

Nearly every object a run makes lives until the exit (modules, click's options, the
report), and the cyclic garbage collector would walk them all for nothing: dozens of
times during start-up at Python's default threshold (a collection every 700 new objects),
and once more at the exit. The command raises the threshold before importing anything
and freezes what is left once the run is over (the interpreter's exit then collects only
what it frees itself; files and sockets are closed by the run, not by the collector).
Code that imports envmigrate as a library keeps its own collector settings.
"""

import gc

gc.set_threshold(50_000)

from envmigrate.entry import main  # noqa: E402 - after the threshold, on purpose


def run() -> int:
    """The command: ``entry.main``, then a quick exit."""
    code = main()
    gc.freeze()
    return code


if __name__ == "__main__":
    raise SystemExit(run())
