"""httpx, imported without its optional command-line module (every verify module's httpx).

httpx's ``__init__`` runs ``from ._main import main`` inside ``try``/``except ImportError``,
and ``httpx._main`` imports ``rich`` (with pygments, markdown-it…) whenever rich is
installed: about 35 ms of ``verify``'s start-up for an ``httpx`` command envmigrate never
runs. While httpx is first imported, ``sys.modules["httpx._main"]`` is None, so that import
raises ImportError (the case httpx handles: its ``main`` then only prints how to install
the CLI); the entry is removed right after, so an explicit ``import httpx._main`` later in
the process still works.
"""

from __future__ import annotations

import sys

__all__ = ["httpx"]

_CLI = "httpx._main"

_blocked = _CLI not in sys.modules  # imported already: nothing to save
if _blocked:
    sys.modules[_CLI] = None  # type: ignore[assignment]
try:
    import httpx
finally:
    if _blocked:
        sys.modules.pop(_CLI, None)
