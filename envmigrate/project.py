"""Facts about the envmigrate project itself, read from its package metadata.

The repository URL is written once, in pyproject's ``[project.urls]``; everything that
links to it (SARIF ``helpUri``, Markdown next steps) reads it from the installed metadata
here, or from the pyproject beside a source checkout that was never installed.
"""

from __future__ import annotations

import functools
from pathlib import Path

_DIST = "envmigrate"
_URL_LABEL = "repository"


@functools.cache
def repository_url() -> str | None:
    """``[project.urls] Repository`` of envmigrate, or None when it cannot be found."""
    return _from_metadata() or _from_pyproject(Path(__file__).resolve().parent.parent)


def _from_metadata() -> str | None:
    from importlib import metadata

    try:
        entries = metadata.metadata(_DIST).get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in entries:
        label, _, url = str(entry).partition(",")
        if label.strip().lower() == _URL_LABEL and url.strip():
            return url.strip()
    return None


def _from_pyproject(root: Path) -> str | None:
    """A source checkout: the pyproject.toml that declares this package."""
    import tomllib

    from envmigrate import fileio
    from envmigrate.errors import EnvmigrateError

    try:
        data = tomllib.loads(fileio.read_bytes(root / "pyproject.toml").decode("utf-8"))
    except (EnvmigrateError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    project = data.get("project", {})
    if not isinstance(project, dict) or project.get("name") != _DIST:
        return None
    urls = project.get("urls", {})
    for label, url in urls.items() if isinstance(urls, dict) else ():
        if str(label).lower() == _URL_LABEL and isinstance(url, str) and url:
            return url
    return None


def docs_url(anchor: str) -> str | None:
    """A link to a README section (``anchor`` as GitHub renders it), or None."""
    base = repository_url()
    return f"{base.rstrip('/')}/blob/main/README.md#{anchor}" if base else None
