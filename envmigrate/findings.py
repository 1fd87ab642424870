"""Immutable records shared by the core, the report and the verification."""

import enum
from typing import Any, ClassVar, NamedTuple, Self


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Finding(NamedTuple):
    """One problem found in a file (or in the environment: ``path`` is ``"<environ>"``).

    ``line`` and ``column`` are 1-based; 0 means "not tied to a position". ``message``
    never contains a value from the file.
    """

    code: str
    severity: Severity
    path: str
    line: int
    column: int
    key: str
    message: str

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


class Record(tuple[Any, ...]):
    """Base of a record written out: a tuple with named fields, as ``typing.NamedTuple``
    makes one, for records a dry run defines on every start (a NamedTuple costs about
    100 µs to define: its class machinery and an ``eval``).

    A subclass lists its fields in ``__match_args__`` (and ``_fields``), takes them in a
    typed ``__new__`` and reads each through a property; this gives it the rest of a
    NamedTuple's behaviour: ``repr``, ``_replace``, pickling and copying.
    tests/written_records.py holds every such record to the ``collections.namedtuple`` of
    its fields and defaults.
    """

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={value!r}" for name, value in zip(self._fields, self, strict=True)
        )
        return f"{type(self).__name__}({shown})"

    def __getnewargs__(self) -> tuple[Any, ...]:
        return tuple(self)

    def _replace(self, **changes: Any) -> Self:
        unknown = changes.keys() - set(self._fields)
        if unknown:
            raise ValueError(f"Got unexpected field names: {list(unknown)!r}")
        fields: list[Any] = [changes.get(n, v) for n, v in zip(self._fields, self, strict=True)]
        return type(self)(*fields)
