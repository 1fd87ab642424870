"""Which credentials a file or the environment provides (new names first, old accepted)."""

from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from envmigrate import rules


class Credentials(NamedTuple):
    """A client id/secret pair and where it came from.

    ``repr`` never shows the secret: these objects end up in tracebacks and logs.
    """

    client_id: str | None
    client_secret: str | None = None
    source: str = "<environ>"
    #: Deprecated names the values were read from (for a "deprecated" note).
    deprecated: tuple[str, ...] = ()

    def __repr__(self) -> str:
        secret = "set" if self.client_secret else "missing"
        return (
            f"Credentials(client_id={self.client_id!r}, client_secret=<{secret}>, "
            f"source={self.source!r})"
        )

    @property
    def present(self) -> bool:
        """True when at least one of the two values is set (there is something to verify)."""
        return bool(self.client_id) or bool(self.client_secret)

    @property
    def complete(self) -> bool:
        return bool(self.client_id) and bool(self.client_secret)

    @property
    def placeholder(self) -> bool:
        """True when either value is empty or a placeholder (``.env.example`` style)."""
        return rules.is_placeholder(self.client_id) or rules.is_placeholder(self.client_secret)


def from_values(values: Mapping[str, str | None], *, source: str) -> Credentials:
    """Pick the credentials out of a mapping: Stream-mode names win over deprecated ones."""
    deprecated: list[str] = []

    def pick(new: str, old: str) -> str | None:
        if values.get(new) is not None:
            return values[new]
        if values.get(old) is not None:
            deprecated.append(old)
            return values[old]
        return None

    client_id = pick(rules.CLIENT_ID, rules.APP_KEY)
    client_secret = pick(rules.CLIENT_SECRET, rules.APP_SECRET)
    return Credentials(client_id, client_secret, source, tuple(deprecated))


def from_file(path: Path, *, environ: Mapping[str, str] | None = None) -> Credentials:
    """Read the credentials from an env file, resolving ``${VAR}`` as python-dotenv does."""
    from envmigrate import fileio
    from envmigrate.envfile import parse, resolve

    snapshot = fileio.read(path)
    env = parse(snapshot.data, name=str(path))
    return from_values(resolve(env, environ=environ), source=str(path))
