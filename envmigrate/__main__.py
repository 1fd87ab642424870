"""``python -m envmigrate``: the same as the ``envmigrate`` command."""

from envmigrate.cli import main

raise SystemExit(main())
